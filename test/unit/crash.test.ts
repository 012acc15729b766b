// Crash safety: a child process writes through the real app (`openApp` → `dispatch` → store)
// as fast as it can and is killed with SIGKILL at a random moment, again and again on the same
// database file. After every kill the file is reopened and must pass `integrity_check`, hold
// every write the child acknowledged, and show no multi-row change in part. PARLEY_CRASH_KILLS
// sets how many kills (200 by default).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPlaintextDatabase, openDatabase } from '../../main/db/cipher';
import { encryptLibrary } from '../../main/db/encryptFiles';
import { entriesFromData, entriesInIndex } from '../../main/db/searchIndex';
import { createSample } from '../../main/services/sample';
import { Store } from '../../main/db/store';
import { TEST_KEY, tempDir } from './helpers';

const KILLS = Number(process.env.PARLEY_CRASH_KILLS ?? 200);
const ROOT = join(import.meta.dirname, '../..');
// The writer is bundled once (beside node_modules, so it finds better-sqlite3): a bundle
// starts in a quarter of a second, half the time a TypeScript loader takes, 200 times over.
const WRITER = join(ROOT, 'node_modules/.cache/parley-crash-test/writer.js');
const ENCRYPTER = join(ROOT, 'node_modules/.cache/parley-crash-test/encrypt.js');

beforeAll(async () => {
  for (const [entry, out] of [
    ['test/crash/writer.ts', WRITER],
    ['test/crash/encrypt.ts', ENCRYPTER],
  ] as const) {
    await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        ssr: join(ROOT, entry),
        outDir: dirname(out),
        emptyOutDir: false,
        minify: false,
        target: 'node20',
      },
    });
  }
});

interface Acks {
  positions: string[];
  batches: string[];
  /** The last round summary acknowledged, as [run, n]. */
  summary: [number, number] | null;
  summaries: number;
  ready: boolean;
}

/** Starts the writer, kills it `delay` ms after it is ready, and returns what it acknowledged. */
function runAndKill(databasePath: string, run: number, delay: number): Promise<Acks> {
  const acks: Acks = { positions: [], batches: [], summary: null, summaries: 0, ready: false };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, databasePath, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          acks.ready = true;
          setTimeout(() => child.kill('SIGKILL'), delay);
        } else if (line.startsWith('P ')) acks.positions.push(line.slice(2));
        else if (line.startsWith('N ')) acks.batches.push(line.slice(2));
        else if (line.startsWith('S ')) {
          const [r, n] = line.slice('S Summary '.length).split('-').map(Number);
          acks.summary = [r!, n!];
          acks.summaries++;
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`The writer stopped by itself (code ${code}): ${errors}`));
    });
  });
}

const later = (a: [number, number], b: [number, number]) =>
  a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

describe('crash safety', () => {
  it(`loses no acknowledged write and shows no half-written change over ${KILLS} kills`, async () => {
    const databasePath = join(tempDir(), 'crash.sqlite');
    const acked = { positions: new Set<string>(), batches: new Set<string>() };
    let lastSummary: [number, number] | null = null;
    let summaries = 0;
    let lost = 0;
    let kills = 0;

    for (let run = 1; run <= KILLS; run++) {
      // Mostly early, mid-stream kills; now and then one that lets many writes through.
      const delay = Math.random() < 0.8 ? 5 + Math.random() * 60 : 60 + Math.random() * 90;
      const acks = await runAndKill(databasePath, run, delay);
      kills++;
      for (const text of acks.positions) acked.positions.add(text);
      for (const title of acks.batches) acked.batches.add(title);
      if (acks.summary) lastSummary = acks.summary;
      summaries += acks.summaries;

      const store = Store.open(databasePath, { key: TEST_KEY, actor: 'checker' });
      try {
        expect(store.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(store.all('PRAGMA foreign_key_check')).toEqual([]);

        const positions = new Set(
          store.all<{ text: string }>('SELECT text FROM position').map((row) => row.text),
        );
        const missing = [...acked.positions].filter((text) => !positions.has(text));
        const batches = store.all<{ title: string; parties: number; issues: number }>(
          `SELECT n.title,
                  (SELECT COUNT(*) FROM party p WHERE p.negotiation_id = n.id) AS parties,
                  (SELECT COUNT(*) FROM issue i WHERE i.negotiation_id = n.id) AS issues
             FROM negotiation n WHERE n.title LIKE 'Batch %'`,
        );
        const titles = new Set(batches.map((b) => b.title));
        const missingBatches = [...acked.batches].filter((title) => !titles.has(title));
        lost += missing.length + missingBatches.length;
        expect(missing, `run ${run}: acknowledged positions lost`).toEqual([]);
        expect(missingBatches, `run ${run}: acknowledged negotiations lost`).toEqual([]);

        // All or nothing: every negotiation of a batch has its five parties and five issues…
        for (const batch of batches) expect(batch).toMatchObject({ parties: 5, issues: 5 });
        // …every row has the history entry that created it, and every change its rows.
        expect(
          store.all(
            `SELECT 'position' AS entity, id FROM position p WHERE NOT EXISTS
               (SELECT 1 FROM history h WHERE h.entity = 'position' AND h.entity_id = p.id)
             UNION ALL SELECT 'party', id FROM party p WHERE NOT EXISTS
               (SELECT 1 FROM history h WHERE h.entity = 'party' AND h.entity_id = p.id)
             UNION ALL SELECT 'issue', id FROM issue i WHERE NOT EXISTS
               (SELECT 1 FROM history h WHERE h.entity = 'issue' AND h.entity_id = i.id)`,
          ),
        ).toEqual([]);
        expect(
          store.all(
            'SELECT id FROM change_set c WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.change_id = c.id)',
          ),
        ).toEqual([]);
        // The round's summary is the last one acknowledged or a later one, never an older one.
        if (lastSummary) {
          const summary = store.all<{ summary: string }>(
            'SELECT summary FROM round WHERE id = 1',
          )[0]!.summary;
          const [r, n] = summary.slice('Summary '.length).split('-').map(Number);
          expect(later([r!, n!], lastSummary), `run ${run}: summary went back to ${summary}`).toBe(
            true,
          );
        }
        // The search index says exactly what the data says.
        expect(entriesInIndex(store)).toEqual(entriesFromData(store));
      } finally {
        store.close();
      }
    }

    const writes = acked.positions.size + acked.batches.size + summaries;
    console.log(
      `[crash] ${kills} kills with SIGKILL, ${writes} acknowledged writes ` +
        `(${acked.positions.size} positions, ${acked.batches.size} eleven-row negotiations, ` +
        `${summaries} round summaries), ${lost} lost`,
    );
    expect(kills).toBe(KILLS);
    expect(lost).toBe(0);
    expect(acked.positions.size).toBeGreaterThan(KILLS);
  }, 900_000);
});

describe('crash safety of the first start on an earlier Parley’s library', () => {
  it(`encrypts it without loss wherever it is killed, ${KILLS} kills over`, async () => {
    // An earlier Parley's library: the database (with a WAL left open) and two backups, all
    // in the clear.
    const template = tempDir();
    const templateDb = join(template, 'parley.sqlite');
    const earlier = Store.open(templateDb, { key: null, actor: 'earlier Parley' });
    createSample(earlier);
    createSample(earlier);
    mkdirSync(join(template, 'backups'));
    for (const name of [
      'parley-2026-01-01T00-00-00-000Z-start.sqlite',
      'parley-2026-01-02T00-00-00-000Z-quit.sqlite',
    ]) {
      earlier.db.prepare('VACUUM INTO ?').run(join(template, 'backups', name));
    }
    earlier.close();
    const expected = contentOf(openDatabase(templateDb, { key: null, readonly: true }));
    const key = randomBytes(32);

    // How long an unhindered migration takes on this machine, so that the kills spread over
    // the whole of it however fast or slow the machine is (the fastest of three runs).
    let span = Infinity;
    for (let i = 0; i < 3; i++) {
      const dir = tempDir();
      cpSync(template, dir, { recursive: true });
      const run = await encryptAndKill(
        join(dir, 'parley.sqlite'),
        join(dir, 'backups'),
        key.toString('hex'),
        Infinity,
      );
      span = Math.min(span, run.elapsed);
      rmSync(dir, { recursive: true, force: true });
    }

    let kills = 0;
    let finishedBeforeKill = 0;
    const stages = new Map<string, number>();
    for (let run = 1; run <= KILLS; run++) {
      const dir = tempDir();
      cpSync(template, dir, { recursive: true });
      const dbPath = join(dir, 'parley.sqlite');
      const backups = join(dir, 'backups');
      const delay = Math.random() * span;
      const { outcome, elapsed } = await encryptAndKill(
        dbPath,
        backups,
        key.toString('hex'),
        delay,
      );
      if (outcome === 'killed') kills++;
      else {
        finishedBeforeKill++;
        // The span was measured while the machine was busier than now (other test files run
        // beside this one): the kills follow the quickest migration seen, so most still land.
        span = Math.min(span, elapsed);
      }
      // Where it was stopped: plaintext still, a copy under way, a copy ready, or done.
      const stage = readdirSync(dir)
        .concat(readdirSync(backups))
        .filter((f) => /\.encrypt(ing|ed)$/.test(f))
        .map((f) => f.replace(/^.*\./, ''))
        .sort()
        .join('+');
      stages.set(stage || 'none', (stages.get(stage || 'none') ?? 0) + 1);

      // The next start finishes the work: everything encrypted, nothing lost, nothing left over.
      encryptLibrary(dbPath, backups, { key });
      for (const file of [dbPath, ...readdirSync(backups).map((f) => join(backups, f))]) {
        expect(isPlaintextDatabase(file), `run ${run}: ${file} still in the clear`).toBe(false);
        const db = openDatabase(file, { key, readonly: true });
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          if (file === dbPath) expect(contentOf(db), `run ${run}: content changed`).toBe(expected);
        } finally {
          db.close();
        }
      }
      const leftovers = [...readdirSync(dir), ...readdirSync(backups)].filter((f) =>
        /\.encrypt(ing|ed)$|-wal$|-journal$/.test(f),
      );
      expect(leftovers, `run ${run}`).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `[crash] migration (${Math.round(span)} ms unhindered): ${kills} kills with SIGKILL mid-way ` +
        `(${finishedBeforeKill} runs finished first); ` +
        `stopped with ${[...stages].map(([s, n]) => `${s}: ${n}`).join(', ')}; all resumed, 0 lost`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS * 0.5);
  }, 900_000);
});

/** Every row of every table, in order: equal strings mean nothing was lost or changed. */
function contentOf(db: { prepare(sql: string): { all(): unknown[] } }): string {
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  return JSON.stringify(
    // Some of FTS5's tables have no rowid: rows are compared in a sorted order of their own.
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT * FROM "${t}"`)
        .all()
        .map((r) => JSON.stringify(r))
        .sort(),
    ]),
  );
}

/** Starts the migration in a child and kills it `delay` ms after it began (unless done first). */
function encryptAndKill(
  databasePath: string,
  backups: string,
  hexKey: string,
  delay: number,
): Promise<{ outcome: 'killed' | 'finished'; elapsed: number }> {
  return new Promise((resolve, reject) => {
    let started = 0;
    const child = spawn(process.execPath, [ENCRYPTER, databasePath, backups, hexKey], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready\n') && !output.includes('armed')) {
        output += 'armed';
        started = performance.now();
        if (Number.isFinite(delay)) setTimeout(() => child.kill('SIGKILL'), delay);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const elapsed = performance.now() - started;
      if (signal === 'SIGKILL') resolve({ outcome: 'killed', elapsed });
      else if (code === 0 && output.includes('done')) resolve({ outcome: 'finished', elapsed });
      else reject(new Error(`The migration stopped by itself (code ${code}): ${errors}`));
    });
  });
}
