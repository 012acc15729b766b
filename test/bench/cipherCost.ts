// What encryption costs, measured fairly; and where the cost of reading goes.
//
// `encryptionCost`: the same negotiation generated twice, as an unencrypted and as an encrypted
// Parley writes it, and every figure that touches the database timed on the two libraries in
// turn, run after run, so that whatever else the machine is doing weighs on both alike. (Two
// whole passes one after the other, as the rest of the bench runs, differ by up to 1.9× on
// calls that read the same pages, in either direction: the process and the machine change
// between the passes.)
//
// `cipherCost` (`npm run bench -- --only cipher`): where the cost of reading goes.
//
// The same negotiation is written four ways and the whole-file check (the long lane's, a quick
// check of every table) is timed on each:
// - unencrypted with SQLite's 4 KB pages (the bench's unencrypted reference);
// - unencrypted with 16 KB pages, so that the cipher is the only difference in the next two;
// - AES-256 alone, with no HMAC on its pages (not something Parley writes: for measuring only);
// - SQLCipher 4 as Parley writes it, AES-256 with an HMAC-SHA-512 on every page.
// The gap between the last two is the price of authenticating every page: what lets SQLCipher
// refuse a page that was tampered with or damaged instead of reading it as good.
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { openApp, type ParleyApp } from '../../main/app';
import { inspectFile } from '../../main/db/backup';
import { encryptCopy, PAGE_SIZE } from '../../main/db/cipher';
import { Store } from '../../main/db/store';
import * as compare from '../../main/services/compare';
import { search } from '../../main/services/search';
import { clearDiffCache } from '../../main/services/textDiff';
import {
  generate,
  insertPositions,
  positionsToInsert,
  SEARCH_QUERIES,
  type Size,
} from './generate';
import { stats, time } from './timing';

const KEY = Buffer.alloc(32, 0x42);

interface Variant {
  name: string;
  path: string;
  /** The cipher settings to open it with; null: unencrypted. */
  cipher: string[] | null;
}

const SQLCIPHER_4 = ["cipher = 'sqlcipher'", 'legacy = 4', `legacy_page_size = ${PAGE_SIZE}`];
const AES_ONLY = [...SQLCIPHER_4, 'hmac_use = 0'];

function open(variant: Variant, readonly: boolean): Database.Database {
  const db = new Database(variant.path, { readonly, fileMustExist: true });
  if (variant.cipher) {
    for (const setting of variant.cipher) db.pragma(setting);
    db.pragma(`key = "x'${KEY.toString('hex')}'"`);
  }
  return db;
}

/** The long lane's check of a large file: a quick check of every table. */
function check(variant: Variant): void {
  const db = open(variant, true);
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_schema
         WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
      )
      .pluck()
      .all() as string[];
    for (const t of tables) {
      const result = db.pragma(`quick_check("${t}")`, { simple: true });
      if (result !== 'ok') throw new Error(`${variant.name}: ${t}: ${String(result)}`);
    }
  } finally {
    db.close();
  }
}

export function cipherCost(size: Size): {
  title: string;
  head: string[];
  rows: string[][];
  footer: string;
} {
  const dir = mkdtempSync(join(tmpdir(), `parley-bench-cipher-${size}-`));
  try {
    const plain = join(dir, 'plain-4k.sqlite');
    const app = openApp({ databasePath: plain, transport: 'web', actor: 'bench', key: null });
    generate(app.store, size);
    app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    app.close();

    const plain16 = join(dir, 'plain-16k.sqlite');
    copyFileSync(plain, plain16);
    const rebuilt = new Database(plain16);
    rebuilt.pragma('journal_mode = DELETE');
    rebuilt.pragma(`page_size = ${PAGE_SIZE}`);
    rebuilt.exec('VACUUM');
    rebuilt.close();

    // Parley's own encryption of a plaintext file, as an earlier version's library is migrated.
    const sqlcipher = join(dir, 'sqlcipher-4.sqlite');
    copyFileSync(plain, sqlcipher);
    encryptCopy(sqlcipher, KEY);

    // The same steps with the HMAC turned off.
    const aes = join(dir, 'aes-only.sqlite');
    copyFileSync(plain16, aes);
    const keyed = new Database(aes);
    for (const setting of AES_ONLY) keyed.pragma(setting);
    keyed.pragma(`rekey = "x'${KEY.toString('hex')}'"`);
    keyed.close();

    const variants: Variant[] = [
      { name: 'unencrypted, 4 KB pages (the reference)', path: plain, cipher: null },
      { name: 'unencrypted, 16 KB pages', path: plain16, cipher: null },
      { name: 'AES-256 alone, no page HMAC (measuring only)', path: aes, cipher: AES_ONLY },
      { name: 'SQLCipher 4 as Parley writes it', path: sqlcipher, cipher: SQLCIPHER_4 },
    ];
    const runs = size === 'small' ? 30 : 10;
    const times = variants.map((v) => time(() => check(v), runs, 1).median);
    const reference = times[0]!;
    const hmac = times[3]! - times[2]!;
    const mb = statSync(sqlcipher).size / 1024 / 1024;
    return {
      title: `Where an encrypted read's cost goes: the long lane's whole-file check of one ${size} negotiation (median of ${runs})`,
      head: ['file', 'size', 'check', 'vs reference'],
      rows: variants.map((v, i) => [
        v.name,
        `${(statSync(v.path).size / 1024 / 1024).toFixed(1)} MB`,
        `${times[i]!.toFixed(1)} ms`,
        `${(times[i]! / reference).toFixed(2)}×`,
      ]),
      footer: `The page HMAC costs ${hmac.toFixed(1)} ms of it: ${(mb / (hmac / 1000)).toFixed(0)} MB/s of SHA-512, in software.`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One figure timed on both libraries in turn. */
export interface PairedFigure {
  name: string;
  unencrypted_ms: number;
  encrypted_ms: number;
  runs: number;
}

/** A long lane that does nothing: opening is timed, not the lane's own work after it. */
const idleLane = { open: async () => {}, close: async () => {}, backup: async () => {} };

export async function encryptionCost(size: Size): Promise<PairedFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), `parley-bench-pairs-${size}-`));
  const keys = [null, KEY] as const;
  const paths = [join(dir, 'unencrypted.sqlite'), join(dir, 'encrypted.sqlite')];
  const apps: ParleyApp[] = [];
  try {
    // The same negotiation (the generator is seeded), written through each kind of store.
    const generated = keys.map((key, i) => {
      const app = openApp({ databasePath: paths[i]!, transport: 'web', actor: 'bench', key });
      const g = generate(app.store, size);
      app.store.db.pragma('wal_checkpoint(TRUNCATE)');
      app.close();
      return g;
    });
    const figures: PairedFigure[] = [];
    /** Times `work(i)` for both libraries in turn, `runs` times each after one warm-up. */
    const pair = async (name: string, runs: number, work: (i: 0 | 1) => unknown) => {
      const samples: [number[], number[]] = [[], []];
      for (let r = -1; r < runs; r++) {
        for (const i of [0, 1] as const) {
          const start = performance.now();
          await work(i);
          if (r >= 0) samples[i].push(performance.now() - start);
        }
      }
      figures.push({
        name,
        unencrypted_ms: stats(samples[0]).median,
        encrypted_ms: stats(samples[1]).median,
        runs,
      });
    };

    await pair('open + migrate, to first call', 20, async (i) => {
      const app = openApp({
        databasePath: paths[i]!,
        transport: 'web',
        key: keys[i],
        longLane: idleLane,
      });
      await app.dispatch('negotiations:list', {});
      app.close();
    });
    await pair('integrity check, in the long lane after the first view', 10, (i) =>
      inspectFile(paths[i]!, { access: { key: keys[i] }, size: statSync(paths[i]!).size }),
    );
    // The insert alone is timed: opening a fresh library and writing its frame are not.
    let inserts = 0;
    const insertTimes: [number[], number[]] = [[], []];
    for (let r = 0; r < 3; r++) {
      for (const i of [0, 1] as const) {
        const store = Store.open(join(dir, `insert-${inserts++}.sqlite`), {
          key: keys[i],
          checkpointedElsewhere: true,
        });
        const { rows } = positionsToInsert(store, size);
        const start = performance.now();
        insertPositions(store, rows);
        insertTimes[i].push(performance.now() - start);
        store.close();
      }
    }
    figures.push({
      name: 'insert positions with history and search index',
      unencrypted_ms: stats(insertTimes[0]).median,
      encrypted_ms: stats(insertTimes[1]).median,
      runs: 3,
    });

    for (const [i, key] of keys.entries()) {
      apps.push(
        openApp({
          databasePath: paths[i]!,
          transport: 'web',
          actor: 'bench',
          key,
          longLane: idleLane,
        }),
      );
    }
    const last = generated.map((g) => g.roundIds.slice(-2) as [number, number]);
    await pair('dispatch overhead per call (rounds:get)', 100, (i) =>
      apps[i]!.dispatch('rounds:get', { id: last[i]![1] }),
    );
    await pair('compare two rounds, diffs computed', 20, (i) => {
      clearDiffCache();
      compare.rounds(apps[i]!.store, last[i]![0], last[i]![1]);
    });
    await pair('compare two rounds, diffs cached', 20, (i) =>
      compare.rounds(apps[i]!.store, last[i]![0], last[i]![1]),
    );
    await pair('trajectory grid, all parties', 10, (i) =>
      compare.trajectory(apps[i]!.store, generated[i]!.negotiationId, null),
    );
    await pair('search query', 10, (i) => {
      for (const query of SEARCH_QUERIES) {
        search(apps[i]!.store, {
          query,
          negotiationId: generated[i]!.negotiationId,
          partyId: null,
          issueId: null,
          fromSequence: null,
          toSequence: null,
          kind: null,
          limit: 6,
        });
      }
    });
    // Per query, as the bench's own row.
    const searchRow = figures.at(-1)!;
    searchRow.unencrypted_ms /= SEARCH_QUERIES.length;
    searchRow.encrypted_ms /= SEARCH_QUERIES.length;
    await pair('briefing overview: queries + HTML', 5, (i) =>
      apps[i]!.briefings.preview({
        kind: 'overview',
        negotiationId: generated[i]!.negotiationId,
        bottomLine: '',
        author: 'bench',
        markingId: null,
        pageSize: 'A4',
        changesOnly: false,
        sinceLast: false,
        lowDevelopments: false,
      }),
    );
    return figures;
  } finally {
    for (const app of apps) app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
