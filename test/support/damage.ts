import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { PAGE_SIZE } from '../../main/db/cipher';

/**
 * Overwrites 8 KB in the middle of a database file, as a failing disk might: inside a page of
 * the library's own size, and never page 1 (whose damage SQLCipher cannot tell from a wrong key).
 */
export function damageMiddle(path: string): void {
  const pages = Math.floor(statSync(path).size / PAGE_SIZE);
  if (pages < 3) throw new Error(`${path} is too small (${pages} pages) to damage in the middle.`);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(pages / 2) * PAGE_SIZE + 1024);
  closeSync(fd);
}
