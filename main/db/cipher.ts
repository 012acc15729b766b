// Every database file Parley writes is encrypted with SQLCipher's version 4 scheme (through
// SQLite3 Multiple Ciphers, the SQLCipher build of better-sqlite3): AES-256 pages with an HMAC
// each, so the file, its WAL and every backup are unreadable without the key. The key is 32
// random bytes given raw (no passphrase stretching here: keys.ts derives it or unwraps it).
//
// Pages are 16 KB, not SQLCipher's default 4 KB: every page carries its own IV and HMAC, and
// the HMAC (SHA-512, in software in SQLite3 Multiple Ciphers) costs per page as much as per
// byte, so larger pages make writes about 1.7× and full reads about 2× faster (measured on the
// large benchmark library; README, "What encryption costs"). Libraries encrypted by the first
// encrypted version have 4 KB pages and are still opened as they are.
//
// Any SQLCipher 4 tool opens the file with:
//   PRAGMA key = "x'<the 64 hex digits of the key>'";
//   PRAGMA cipher_page_size = 16384;
import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

export const KEY_BYTES = 32;

/** The page size of every library Parley encrypts (see above). */
export const PAGE_SIZE = 16384;
/** SQLCipher's default, which libraries of the first encrypted version have. */
const EARLIER_PAGE_SIZE = 4096;

/** The library's key: 32 random bytes. */
export type LibraryKey = Buffer;

/** The key does not open the file (a wrong passphrase, or another library's key). */
export class WrongKeyError extends Error {
  constructor(message = 'That does not unlock this library.') {
    super(message);
    this.name = 'WrongKeyError';
  }
}

/**
 * Keys a fresh connection: SQLCipher 4 settings, then the raw key. Must come before any other
 * statement on the connection.
 */
export function applyKey(db: Database.Database, key: LibraryKey, pageSize = PAGE_SIZE): void {
  if (key.length !== KEY_BYTES) throw new Error(`A library key is ${KEY_BYTES} bytes.`);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`legacy_page_size = ${pageSize}`);
  // The key is our own hex digits: no quoting issue can arise.
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

export interface OpenOptions {
  /**
   * **Important**: null opens the file unencrypted. Only the benchmark uses it, to measure what
   * encryption costs against the same work in the clear; the app always has a key.
   */
  key: LibraryKey | null;
  nativeBinding?: string | undefined;
  readonly?: boolean;
  fileMustExist?: boolean;
}

/**
 * Opens a database file with the key and proves the key right by reading the schema: a wrong
 * key, or a file that is not this library's, is refused with WrongKeyError before anything is
 * written.
 */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  try {
    return openWith(path, options, PAGE_SIZE);
  } catch (error) {
    // A library of the first encrypted version (4 KB pages) reads as "not a database" with
    // 16 KB pages; so does a wrong key, which the second try refuses in turn.
    if (!(error instanceof WrongKeyError) || !options.key) throw error;
    return openWith(path, options, EARLIER_PAGE_SIZE);
  }
}

function openWith(path: string, options: OpenOptions, pageSize: number): Database.Database {
  const db = new Database(path, {
    ...(options.readonly ? { readonly: true } : {}),
    ...(options.fileMustExist || options.readonly ? { fileMustExist: true } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (options.key) applyKey(db, options.key, pageSize);
    db.prepare('SELECT COUNT(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new WrongKeyError();
    throw error;
  }
}

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Whether a file is an unencrypted SQLite database (an earlier Parley's): its first 16 bytes
 * are SQLite's header, which an encrypted file never shows.
 */
export function isPlaintextDatabase(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.equals(PLAINTEXT_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Encrypts a copy of a plaintext database in place at `copy` (already a byte copy of it, its
 * WAL checkpointed in): rollback journal first (SQLite3 Multiple Ciphers re-keys only outside
 * WAL), the copy rebuilt with 16 KB pages (a re-key cannot change the page size; the temporary
 * database of the rebuild stays in memory, never in a temp folder), then every page rewritten
 * under the key.
 */
export function encryptCopy(copy: string, key: LibraryKey, nativeBinding?: string): void {
  withPlaintext(copy, nativeBinding, (db) => {
    db.pragma('journal_mode = DELETE');
    db.pragma('temp_store = MEMORY');
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.exec('VACUUM');
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`legacy_page_size = ${PAGE_SIZE}`);
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  });
}

/** Folds a plaintext database's WAL into its main file (so a byte copy is whole). */
export function checkpointPlaintext(path: string, nativeBinding?: string): void {
  withPlaintext(path, nativeBinding, (db) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
  });
}

/** Opens an existing plaintext file for writing, runs `work` on it and closes it, come what may. */
function withPlaintext(
  path: string,
  nativeBinding: string | undefined,
  work: (db: Database.Database) => void,
): void {
  const db = new Database(path, {
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    work(db);
  } finally {
    db.close();
  }
}

/**
 * Every table's row count: what an encrypted copy must match of its plaintext original before
 * the original is erased.
 */
export function rowCounts(db: Pick<Database.Database, 'prepare'>): Record<string, number> {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
       ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT COUNT(*) FROM "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

/** Opens a plaintext file read-only (only to verify and migrate an earlier Parley's library). */
export function openPlaintext(path: string, nativeBinding?: string): Database.Database {
  return new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}
