import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/db/migrations';

// A shipped migration's effect is frozen history: libraries out there were migrated by it. The
// migrations build their SQL with shared helpers (main/db/migrations/sql.ts), so this test holds
// every version already in the fixture to what it ran before those helpers existed: the exact
// SQL text each migration executes, and the whole `sqlite_schema` after each version from an
// empty file. The fixture was written once, from the hand-written migrations of versions 1–11;
// a new migration adds its own entry (run with PARLEY_FREEZE_MIGRATION=<version>), an old entry
// never changes.
const FIXTURE = join(__dirname, 'fixtures', 'migrations-frozen.json');

interface Frozen {
  /** sha256 of every SQL text the migration passed to `exec`, joined by NUL. */
  execSha256: string;
  schema: { type: string; name: string; tbl_name: string; sql: string | null }[];
}

/** Runs migrations up to each version on an empty database and records what each one did. */
function observe(): Map<number, Frozen> {
  const db = new Database(':memory:');
  const seen = new Map<number, Frozen>();
  for (const migration of MIGRATIONS) {
    const executed: string[] = [];
    const recording = new Proxy(db, {
      get(target, key) {
        if (key === 'exec') {
          return (sql: string) => {
            executed.push(sql);
            return target.exec(sql);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    db.transaction(() => migration.up(recording))();
    seen.set(migration.version, {
      execSha256: createHash('sha256').update(executed.join('\0')).digest('hex'),
      schema: db
        .prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name')
        .all() as Frozen['schema'],
    });
  }
  db.close();
  return seen;
}

describe('shipped migrations', () => {
  const observed = observe();

  const freeze = Number(process.env.PARLEY_FREEZE_MIGRATION);
  if (freeze) {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Frozen>;
    if (fixture[freeze]) throw new Error(`Version ${freeze} is frozen already: never rewrite it.`);
    fixture[freeze] = observed.get(freeze)!;
    writeFileSync(FIXTURE, JSON.stringify(fixture, null, 2) + '\n');
  }

  const frozen = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Frozen>;

  it('cover every version up to 11', () => {
    expect(Object.keys(frozen).map(Number)).toEqual(
      expect.arrayContaining([...Array(11).keys()].map((i) => i + 1)),
    );
  });

  for (const [version, expected] of Object.entries(frozen)) {
    it(`run the same SQL and leave the same schema at version ${version}`, () => {
      const actual = observed.get(Number(version));
      expect(actual, `migration ${version} is gone`).toBeDefined();
      expect(actual!.schema).toEqual(expected.schema);
      expect(actual!.execSha256).toBe(expected.execSha256);
    });
  }
});
