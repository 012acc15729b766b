import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PAGE_SIZE } from '../../main/db/cipher';

/**
 * The plaintext of every page of an encrypted database file or WAL, decrypted here with Node's
 * own AES (SQLCipher 4 with Parley's 16 KB pages, each ending in 80 reserved bytes — a 16-byte IV, then
 * the HMAC; page 1 begins with the 16-byte salt). It shows what the file holds, freed space
 * included, without trusting SQLite to show it: the oracle for "nothing is left behind".
 */
export function decryptedBytes(path: string, key: Buffer, PAGE = PAGE_SIZE): Buffer {
  const RESERVE = 80;
  const file = readFileSync(path);
  const page = (bytes: Buffer, first: boolean) => {
    const iv = bytes.subarray(PAGE - RESERVE, PAGE - RESERVE + 16);
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    const body = bytes.subarray(first ? 16 : 0, PAGE - RESERVE);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  };
  const pages: Buffer[] = [];
  if (path.endsWith('-wal')) {
    // A WAL: a 32-byte header, then frames of a 24-byte header and one page.
    for (let at = 32; at + 24 + PAGE <= file.length; at += 24 + PAGE) {
      const pgno = file.readUInt32BE(at);
      pages.push(page(file.subarray(at + 24, at + 24 + PAGE), pgno === 1));
    }
  } else {
    for (let at = 0; at + PAGE <= file.length; at += PAGE) {
      pages.push(page(file.subarray(at, at + PAGE), at === 0));
    }
  }
  return Buffer.concat(pages);
}
