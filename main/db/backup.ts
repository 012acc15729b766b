// Copies and checks of whole database files: SQLite's online backup API (a consistent copy
// taken page by page while the app keeps working), integrity checks, and what a file holds.
import { chmodSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase, WrongKeyError } from './cipher';
import { LATEST_VERSION } from './migrations';
import type { DbAccess } from './store';

/** Files Parley writes are its officer's alone (where the system has such permissions). */
export const PRIVATE_FILE = 0o600;

/**
 * Copies the open database to `destination` as one consistent, encrypted file of its own
 * (`VACUUM INTO` writes it under the same key: SQLite's page-by-page backup API refuses to copy
 * between an encrypted database and a file it cannot key).
 */
export async function backupTo(
  db: Database.Database,
  destination: string,
  access: DbAccess,
): Promise<void> {
  db.prepare('VACUUM INTO ?').run(destination);
  standalone(destination, access);
}

/**
 * Makes a copy a file of its own: rollback journal instead of WAL, so opening it (to list or
 * check it) never leaves -wal and -shm files beside it; and private to its owner.
 */
function standalone(path: string, access: DbAccess): void {
  const copy = openDatabase(path, { ...access, fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  chmodSync(path, PRIVATE_FILE);
}

/**
 * Above this size an open uses `quick_check` (structure and rows, without matching every index
 * entry to its row) instead of the full `integrity_check`, which grows with the file.
 */
export const QUICK_CHECK_ABOVE_BYTES = 16 * 1024 * 1024;

export interface FileReport {
  /** True when the file opened and passed the check. */
  ok: boolean;
  /** What is wrong, in words, when not ok. */
  problem: string | null;
  schemaVersion: number;
  /** Negotiations in the file (when it could be read). */
  negotiations: number | null;
  /** Fingerprint of its content: the last change and the last export recorded in it. */
  fingerprint: string | null;
  /**
   * Only the search index is damaged: the data is whole, and the index (derived from it) is
   * rebuilt on open.
   */
  searchIndexDamaged: boolean;
}

/** What a check pragma found wrong (nothing when the answer is the single row "ok"). */
function check(db: Database.Database, pragma: string): string[] {
  const rows = db.pragma(pragma) as Record<string, string>[];
  return rows.map((r) => Object.values(r)[0]!).filter((r) => r !== 'ok');
}

/**
 * `quick_check` of every table and its indexes — the search index's tables as b-trees, but
 * not FTS5's own check of the index against the text, which is most of the time a full check
 * takes on a large file. That index is derived data: if it is ever found damaged, it is
 * rebuilt from the tables (services/search.ts).
 */
function quickCheck(db: Database.Database): string[] {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_schema
       WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return tables.flatMap((name) => {
    try {
      return check(db, `quick_check("${name.replace(/"/g, '""')}")`);
    } catch (error) {
      // In an encrypted file a damaged page does not decrypt: the check stops at it. Which
      // table it belongs to is what decides whether the data or only the index is hurt.
      return [`table "${name}": ${(error as Error).message}`];
    }
  });
}

/** A finding that concerns only the search index (derived data, rebuilt from the tables). */
const inSearchIndex = (finding: string) =>
  /^fts5: .*"search_index(_position)?"/.test(finding) ||
  /^table "search_index(_\w+)?":/.test(finding);

/** Which change was recorded last: equal fingerprints mean nothing was edited in between. */
export function fingerprint(db: Pick<Database.Database, 'prepare'>): string {
  const value = (sql: string) => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  const exports = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'briefing_export'")
    .get()
    ? value('SELECT MAX(id) FROM briefing_export')
    : 0;
  return `${value('SELECT MAX(id) FROM change_set')}:${exports}`;
}

/**
 * Opens a database file read-only and checks it: readable at all, not from a newer Parley,
 * and whole (`integrity_check`, or `quick_check` for a large file or when asked). Never
 * changes the file.
 */
export function inspectFile(
  path: string,
  options: {
    access: DbAccess;
    /** 'none' only reads what the file holds, for listings. */
    mode?: 'auto' | 'quick' | 'full' | 'none';
    size?: number;
  },
): FileReport {
  const db = openFor(path, { ...options.access, readonly: true });
  if (typeof db === 'string') return fileReport(db);
  try {
    return inspect(db, options);
  } finally {
    db.close();
  }
}

/**
 * What opening the library needs (readable with this key, the schema version, the fingerprint;
 * no whole-file check: the long lane runs that once the first view is usable), read on a
 * read-write connection that is handed back for the store to adopt: one keyed open instead of
 * two. The connection comes back only with a report that is ok; the file is not changed.
 */
export function openForStore(
  path: string,
  access: DbAccess,
): { report: FileReport; db: Database.Database | null } {
  const db = openFor(path, { ...access, fileMustExist: true });
  if (typeof db === 'string') return { report: fileReport(db), db: null };
  const report = inspect(db, { mode: 'none' });
  if (report.ok) return { report, db };
  db.close();
  return { report, db: null };
}

/** The connection, or why the file does not open. */
function openFor(path: string, options: Parameters<typeof openDatabase>[1]) {
  try {
    return openDatabase(path, options);
  } catch (error) {
    return unreadable(error);
  }
}

/** A report: ok when there is no problem. */
const fileReport = (problem: string | null, extra: Partial<FileReport> = {}): FileReport => ({
  ok: problem === null,
  problem,
  schemaVersion: 0,
  negotiations: null,
  fingerprint: null,
  searchIndexDamaged: false,
  ...extra,
});

/** Checks a file through an open connection (never throws: what fails is the report). */
function inspect(
  db: Database.Database,
  { mode = 'auto', size = 0 }: { mode?: 'auto' | 'quick' | 'full' | 'none'; size?: number },
): FileReport {
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > LATEST_VERSION) {
      return fileReport(
        `It was written by a newer Parley (schema ${schemaVersion}; this one reads up to ${LATEST_VERSION}).`,
        { schemaVersion },
      );
    }
    const quick = mode === 'quick' || (mode === 'auto' && size > QUICK_CHECK_ABOVE_BYTES);
    let found: string[] = [];
    if (mode !== 'none') {
      try {
        found = quick ? quickCheck(db) : check(db, 'integrity_check');
        // A page that does not decrypt leaves every tree checked after it in the same pass
        // "unable to get the page" too, whatever table they hold: the table the damage is in
        // is found one table at a time, as when the check stops at it (below).
        if (!quick && found.some((f) => f.includes('unable to get the page'))) {
          found = quickCheck(db);
        }
      } catch (error) {
        if (!String((error as { code?: string }).code).startsWith('SQLITE_CORRUPT')) throw error;
        // The whole-file check stopped at a page that does not decrypt: find its table.
        found = quickCheck(db);
      }
    }
    // FTS5's own findings name the search index; the index can be rebuilt from the tables.
    const findings = found.filter((f) => !inSearchIndex(f));
    const searchIndexDamaged = findings.length < found.length;
    if (findings.length > 0) {
      // SQLite reports one line per damaged page, often as one multi-line row: the first few
      // are the verdict an officer reads (the recovery screen shows it), the count the rest.
      const lines = findings
        .flatMap((f) => f.split('\n'))
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('*** in database'));
      const more = lines.length > 3 ? ` (and ${lines.length - 3} more)` : '';
      return fileReport(
        `SQLite's integrity check found damage: ${lines.slice(0, 3).join('; ') || findings[0]}${more}`,
        {
          schemaVersion,
        },
      );
    }
    const hasData = schemaVersion >= 1;
    return fileReport(null, {
      schemaVersion,
      negotiations: hasData
        ? (db.prepare('SELECT COUNT(*) FROM negotiation').pluck().get() as number)
        : 0,
      fingerprint: hasData ? fingerprint(db) : '0:0',
      searchIndexDamaged,
    });
  } catch (error) {
    return fileReport(unreadable(error));
  }
}

/** Why a file could not be opened or read, as the recovery screen says it. */
export function unreadable(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (error instanceof WrongKeyError) {
    return 'It is not a database this Parley can read: it does not decrypt with this library’s key (it is damaged, or not a database of this library at all).';
  }
  if (code === 'SQLITE_NOTADB') return 'It is not a database file (its header is unreadable).';
  if (code.startsWith('SQLITE_CORRUPT')) return `SQLite reports it damaged: ${message}`;
  if (code === 'SQLITE_CANTOPEN') return `It cannot be opened: ${message}`;
  return `It cannot be read: ${message}`;
}

/**
 * A consistent copy of a database file that is not open in this process, taken in one go
 * (`VACUUM INTO` on a read-only connection): used before migrating a file to a newer schema.
 */
export function copyClosedFile(path: string, destination: string, access: DbAccess): void {
  const db = openDatabase(path, { ...access, readonly: true });
  try {
    db.prepare('VACUUM INTO ?').run(destination);
  } finally {
    db.close();
  }
  standalone(destination, access);
}

/** Runs `read` on a database file opened read-only (never changing it). */
export function readFile<T>(path: string, read: (db: Database.Database) => T, access: DbAccess): T {
  const db = openDatabase(path, { ...access, readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
