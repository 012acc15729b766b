// Encrypting a library an earlier (plaintext) Parley wrote: the database and every backup. Each
// file goes the same careful way, so a process killed at any moment loses nothing:
//
//   1. the plaintext's WAL is folded into it, and a byte copy taken as <file>.encrypting;
//   2. the copy is re-keyed in place, then checked: whole, and every table with as many rows as
//      the original; only then is it renamed <file>.encrypted (the rename is the commit);
//   3. the plaintext (and its WAL) is overwritten with zeros, and <file>.encrypted renamed over
//      it.
//
// On the next start a leftover <file>.encrypting is plaintext work in progress: erased, and the
// file begun again. A leftover <file>.encrypted that checks out means step 3 was cut short: it
// is finished. Files that are already encrypted are left as they are, and so are damaged ones
// the recovery screen set aside.
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  checkpointPlaintext,
  encryptCopy,
  isPlaintextDatabase,
  openDatabase,
  openPlaintext,
  rowCounts,
} from './cipher';
import { eraseFile, syncFolder } from './erase';
import type { DbAccess } from './store';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Whether <file>.encrypted is a whole copy under this key (and, if the original is still
 * there in the clear, one with the same rows). */
function verifies(path: string, access: DbAccess, expected?: Record<string, number>): boolean {
  try {
    const db = openDatabase(path, { ...access, readonly: true });
    try {
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') return false;
      if (!expected) return true;
      return JSON.stringify(rowCounts(db)) === JSON.stringify(expected);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** Step 3: the plaintext erased, the encrypted copy in its place. */
function swapIn(path: string, encrypted: string): void {
  for (const side of ['', ...SIDE_FILES]) eraseFile(path + side);
  renameSync(encrypted, path);
  syncFolder(dirname(path));
}

/** Encrypts one file (see above); returns whether it was plaintext and is now encrypted. */
export function encryptFile(path: string, access: DbAccess): boolean {
  const encrypting = `${path}.encrypting`;
  const encrypted = `${path}.encrypted`;
  for (const side of ['', '-journal']) eraseFile(encrypting + side);
  if (existsSync(encrypted)) {
    const original = isPlaintextDatabase(path) ? countRows(path, access) : undefined;
    if (verifies(encrypted, access, original)) {
      swapIn(path, encrypted);
      return true;
    }
    eraseFile(encrypted);
  }
  if (!existsSync(path) || !isPlaintextDatabase(path)) return false;
  checkpointPlaintext(path, access.nativeBinding);
  const expected = countRows(path, access);
  copyFileSync(path, encrypting);
  chmodSync(encrypting, 0o600);
  if (!access.key) throw new Error('An unencrypted library has nothing to encrypt with.');
  encryptCopy(encrypting, access.key, access.nativeBinding);
  if (!verifies(encrypting, access, expected)) {
    eraseFile(encrypting);
    throw new Error(
      `The encrypted copy of ${basename(path)} did not match it; it was left as it was.`,
    );
  }
  renameSync(encrypting, encrypted);
  syncFolder(dirname(path));
  swapIn(path, encrypted);
  return true;
}

function countRows(path: string, access: DbAccess): Record<string, number> {
  const db = openPlaintext(path, access.nativeBinding);
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

/** Whether anything of the library is still in the clear, or a migration was cut short. */
export function needsEncrypting(databasePath: string, backupsDir: string): boolean {
  const files = [databasePath, ...backupFiles(backupsDir)];
  return files.some(
    (f) => isPlaintextDatabase(f) || existsSync(`${f}.encrypting`) || existsSync(`${f}.encrypted`),
  );
}

function backupFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = new Set<string>();
  for (const name of readdirSync(dir)) {
    const m = /^(parley-.*\.sqlite)(?:\.encrypting|\.encrypted)?$/.exec(name);
    if (m) names.add(m[1]!);
  }
  return [...names].sort().map((n) => join(dir, n));
}

/**
 * Encrypts the database, then every backup, reporting progress (0–1) as it goes. Safe to run
 * again after being cut short at any point; a library already encrypted is left untouched.
 */
export function encryptLibrary(
  databasePath: string,
  backupsDir: string,
  access: DbAccess,
  progress: (fraction: number, message: string) => void = () => {},
): { files: number } {
  const backups = backupFiles(backupsDir);
  const total = 1 + backups.length;
  let files = 0;
  progress(0, 'Encrypting the library…');
  if (encryptFile(databasePath, access)) files++;
  backups.forEach((backup, i) => {
    progress((i + 1) / total, `Encrypting backup ${i + 1} of ${backups.length}…`);
    if (encryptFile(backup, access)) files++;
  });
  progress(1, 'The library is encrypted.');
  return { files };
}
