import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { applyKey, PAGE_SIZE } from '../../main/db/cipher';

/**
 * Overwrites 8 KB in the middle of a database file, as a failing disk might: inside a page of
 * the library's own size, and never page 1 (whose damage SQLCipher cannot tell from a wrong key).
 *
 * With the library's key, the page chosen is the one nearest the middle that holds the
 * officer's data: damage to the search index alone is repaired on start by design (it is
 * rebuilt from the tables), so a test of the recovery screen must not land there — as the
 * middle page did once the sample's linkages moved the file's layout.
 */
export function damageMiddle(path: string, key?: Buffer): void {
  const pages = Math.floor(statSync(path).size / PAGE_SIZE);
  if (pages < 3) throw new Error(`${path} is too small (${pages} pages) to damage in the middle.`);
  let index = Math.floor(pages / 2);
  if (key) {
    const db = new Database(path, { readonly: true });
    try {
      applyKey(db, key);
      const page = db
        .prepare(
          `SELECT pageno FROM dbstat
           WHERE name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%' AND pageno > 1
           ORDER BY abs(pageno - 1 - ?) LIMIT 1`,
        )
        .pluck()
        .get(index) as number | undefined;
      if (page !== undefined) index = page - 1;
    } finally {
      db.close();
    }
  }
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, index * PAGE_SIZE + 1024);
  closeSync(fd);
}

/**
 * Overwrites `bytes` bytes of the first leaf page of `table` in a closed library, `at` bytes
 * into the page: the page then fails its authentication and does not decrypt.
 */
export function damagePageOf(
  path: string,
  key: Buffer,
  table: string,
  { bytes = 8192, at = 1024 }: { bytes?: number; at?: number } = {},
): void {
  const db = new Database(path, { readonly: true });
  let page: number;
  let pageSize: number;
  try {
    applyKey(db, key);
    page = db
      .prepare("SELECT min(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'")
      .pluck()
      .get(table) as number;
    // The library's own page size (not a fixed 4096, which hit whatever page lay there).
    pageSize = db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(bytes, 0x5a), 0, bytes, (page - 1) * pageSize + at);
  closeSync(fd);
}
