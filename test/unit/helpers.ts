import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openApp, type OpenAppOptions } from '../../main/app';
import { Store } from '../../main/db/store';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-unit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One key for every test library: the files are encrypted as the app's are. */
export const TEST_KEY = Buffer.alloc(32, 7);

/** A real store on a real file in a temp folder, with a clock that ticks one second per read. */
export function tempStore(): Store {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const store = Store.open(join(tempDir(), 'test.sqlite'), {
    key: TEST_KEY,
    actor: 'tester',
    now: () => new Date((tick += 1000)).toISOString(),
  });
  cleanups.unshift(() => store.close());
  return store;
}

/** The whole main side (store, events, briefing desk, dispatch) on a temp database file. */
export function tempApp(options: Partial<OpenAppOptions> = {}) {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const app = openApp({
    databasePath: join(tempDir(), 'test.sqlite'),
    transport: 'web',
    key: TEST_KEY,
    passphraseCost: 14,
    actor: 'tester',
    now: () => new Date((tick += 1000)).toISOString(),
    ...options,
  });
  cleanups.unshift(() => app.close());
  return app;
}

/** A digest of every row of every table: equal digests mean nothing at all changed. */
export function checksum(store: Store): string {
  const hash = createHash('sha256');
  // The search index is hashed through its virtual table (the same rows its shadow tables hold).
  const tables = store.all<{ name: string; type: string }>(
    "SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'virtual') ORDER BY name",
  );
  for (const { name, type } of tables) {
    hash.update(name);
    const rowid = type === 'virtual' ? 'rowid, ' : '';
    hash.update(JSON.stringify(store.all(`SELECT ${rowid}* FROM ${name} ORDER BY rowid`)));
  }
  return hash.digest('hex');
}

/** Unwraps a successful result, failing the test with the error otherwise. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * The plaintext of every page of an encrypted database file or WAL, decrypted here with Node's
 * own AES (SQLCipher 4: 4096-byte pages, each ending in 80 reserved bytes — a 16-byte IV, then
 * the HMAC; page 1 begins with the 16-byte salt). It shows what the file holds, freed space
 * included, without trusting SQLite to show it: the oracle for "nothing is left behind".
 */
export function decryptedBytes(path: string, key: Buffer): Buffer {
  const PAGE = 4096;
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
