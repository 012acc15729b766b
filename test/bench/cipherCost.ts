// `npm run bench -- --only cipher`: where the cost of reading an encrypted library goes.
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
import { openApp } from '../../main/app';
import { encryptCopy, PAGE_SIZE } from '../../main/db/cipher';
import { generate, type Size } from './generate';

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

function median(fn: () => void, runs: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
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
    const times = variants.map((v) => median(() => check(v), runs));
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
