import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from '../../main/db/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../main/db/migrations';
import type { Migration } from '../../main/db/migrations/types';
import { openConnection, Store } from '../../main/db/store';
import { REFERENCES, TABLES } from '../../main/db/entities';
import { textHash } from '../../main/db/textHash';
import { TEST_KEY, tempDir, tempStore } from './helpers';

describe('migrations', () => {
  it('build the whole schema from an empty file, with the connection settings we rely on', () => {
    const store = tempStore();
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    const tables = store
      .all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .map((t) => t.name);
    for (const table of [...TABLES, 'marking', 'change_set', 'history']) {
      expect(tables).toContain(table);
    }
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    // The search index buffers bulk writes in 16 MB before writing a segment (migration 6).
    expect(store.get("SELECT v FROM search_index_config WHERE k = 'hashsize'")).toEqual({
      v: 16777216,
    });
  });

  it('fingerprint the wording of positions already there when moving to version 5', () => {
    const path = join(tempDir(), 'old.sqlite');
    const db = new Database(path);
    migrate(db, { upTo: 4 });
    db.exec(`
      INSERT INTO negotiation (id, title, created_at, updated_at) VALUES (1, 'T', 'x', 'x');
      INSERT INTO party (id, negotiation_id, name, short_code, colour, role, sort_order, created_at, updated_at)
        VALUES (1, 1, 'A', 'A', '#000000', 'principal', 1, 'x', 'x');
      INSERT INTO issue (id, negotiation_id, title, sort_order, created_at, updated_at)
        VALUES (1, 1, 'I', 1, 'x', 'x');
      INSERT INTO round (id, negotiation_id, sequence, title, created_at, updated_at)
        VALUES (1, 1, 1, 'R', 'x', 'x');
      INSERT INTO position (id, round_id, party_id, issue_id, text, kind, status, sort_order, created_at, updated_at)
        VALUES (1, 1, 1, 1, 'Zero enrichment.', 'demand', 'on_the_table', 1, 'x', 'x');
    `);
    migrate(db);
    expect(db.prepare('SELECT text_hash FROM position WHERE id = 1').pluck().get()).toBe(
      textHash('Zero enrichment.'),
    );
    db.close();
  });

  it('keep every citation, with its id, when version 10 rebuilds the table for developments', () => {
    const path = join(tempDir(), 'old.sqlite');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    migrate(db, { upTo: 9 });
    db.exec(`
      INSERT INTO negotiation (id, title, created_at, updated_at) VALUES (1, 'T', 'x', 'x');
      INSERT INTO round (id, negotiation_id, sequence, title, created_at, updated_at)
        VALUES (1, 1, 1, 'R', 'x', 'x');
      INSERT INTO source (id, negotiation_id, kind, outlet, created_at, updated_at)
        VALUES (1, 1, 'leak', 'Cable', 'x', 'x');
      INSERT INTO citation (id, source_id, round_id, note, created_at) VALUES (7, 1, 1, 'p. 3', 'x');
    `);
    migrate(db);
    expect(
      db.prepare('SELECT id, source_id, round_id, development_id, note FROM citation').all(),
    ).toEqual([{ id: 7, source_id: 1, round_id: 1, development_id: null, note: 'p. 3' }]);
    // Still exactly one target, and still one citation of a source per item.
    expect(() => db.exec(`INSERT INTO citation (source_id, created_at) VALUES (1, 'x')`)).toThrow(
      /CHECK/,
    );
    expect(() =>
      db.exec(`INSERT INTO citation (source_id, round_id, created_at) VALUES (1, 1, 'x')`),
    ).toThrow(/UNIQUE/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('keep a shared negotiation’s document and what hangs from it when version 18 frees it from the negotiation', () => {
    const path = join(tempDir(), 'shared.sqlite');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    migrate(db, { upTo: 17 });
    db.exec(`
      INSERT INTO negotiation (id, title, created_at, updated_at) VALUES (1, 'T', 'x', 'x');
      INSERT INTO share_doc (negotiation_id, doc, version, shared_at) VALUES (1, x'01', 3, 'x');
      INSERT INTO share_chunk (negotiation_id, seq, bytes) VALUES (1, 1, x'02'), (1, 2, x'03');
      INSERT INTO share_peer (negotiation_id, public_key, heads, at) VALUES (1, 'k', '[]', 'x');
      INSERT INTO share_conflict (negotiation_id, entity, uid, field, found_at)
        VALUES (1, 'position', 'u', 'text', 'x');
    `);
    migrate(db);
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(db.prepare('SELECT negotiation_id, version FROM share_doc').all()).toEqual([
      { negotiation_id: 1, version: 3 },
    ]);
    expect(['share_chunk', 'share_peer', 'share_conflict'].map(count)).toEqual([2, 1, 1]);
    // Deleting the negotiation (undoably) keeps the document; removing the document still takes
    // what hangs from it.
    db.exec('DELETE FROM negotiation WHERE id = 1');
    expect(count('share_doc')).toBe(1);
    db.exec('DELETE FROM share_doc WHERE negotiation_id = 1');
    expect(['share_chunk', 'share_peer', 'share_conflict'].map(count)).toEqual([0, 0, 0]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('keep the drafts left before version 20 as older than anything a page sends now', () => {
    const db = new Database(':memory:');
    migrate(db, { upTo: 19 });
    const save = '{"channel":"positions:update","input":{"id":1,"text":"Half"}}';
    db.prepare('INSERT INTO draft (key, save, at) VALUES (?, ?, ?)').run(
      'position.1.text',
      save,
      'x',
    );
    migrate(db);
    expect(db.prepare('SELECT key, save, seq, landed FROM draft').all()).toEqual([
      { key: 'position.1.text', save, seq: 1, landed: 0 },
    ]);
    db.close();
  });

  it('declare every foreign key in REFERENCES, which import and export rely on', () => {
    const store = tempStore();
    for (const table of TABLES) {
      const keys = store.db.pragma(`foreign_key_list(${table})`) as {
        from: string;
        table: string;
      }[];
      expect(Object.fromEntries(keys.map((k) => [k.from, k.table])), table).toEqual(
        REFERENCES[table],
      );
    }
  });

  it('run one version at a time from every earlier version', () => {
    for (let from = 0; from < LATEST_VERSION; from++) {
      const db = new Database(join(tempDir(), `v${from}.sqlite`));
      migrate(db, { upTo: from });
      expect(schemaVersion(db)).toBe(from);
      expect(migrate(db)).toBe(LATEST_VERSION - from);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(migrate(db)).toBe(0);
      db.close();
    }
  });

  it('are numbered 1, 2, 3… with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('roll a failing migration back completely and stop there', () => {
    const db = new Database(join(tempDir(), 'fail.sqlite'));
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'fails halfway',
      up(d) {
        d.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, { migrations: [...MIGRATIONS, failing] })).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const halfDone = db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get();
    expect(halfDone).toBeUndefined();
    db.close();
  });

  it('refuse a database written by a newer Parley, leaving the file untouched', () => {
    const path = join(tempDir(), 'future.sqlite');
    const db = openConnection(path, { key: TEST_KEY });
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => Store.open(path, { key: TEST_KEY })).toThrow(DatabaseTooNewError);
    expect(() => Store.open(path, { key: TEST_KEY })).toThrow(/newer version of Parley/);
    const check = openConnection(path, { key: TEST_KEY });
    expect(schemaVersion(check)).toBe(LATEST_VERSION + 1);
    expect(check.prepare('SELECT COUNT(*) AS n FROM sqlite_schema').get()).toEqual({ n: 0 });
    check.close();
  });
});

describe('schema constraints', () => {
  it('enforce foreign keys', () => {
    const store = tempStore();
    const now = new Date().toISOString();
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO position (round_id, party_id, issue_id, text, kind, status, sort_order,
             created_at, updated_at) VALUES (999, 999, 999, 'x', 'demand', 'on_the_table', 1, ?, ?)`,
        )
        .run(now, now),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuse values outside the fixed lists', () => {
    const store = tempStore();
    const now = new Date().toISOString();
    store.db
      .prepare(`INSERT INTO negotiation (title, created_at, updated_at) VALUES ('N', ?, ?)`)
      .run(now, now);
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO party (negotiation_id, name, short_code, colour, role, sort_order,
             created_at, updated_at) VALUES (1, 'A', 'A', '#000000', 'king', 1, ?, ?)`,
        )
        .run(now, now),
    ).toThrow(/CHECK/);
  });
});
