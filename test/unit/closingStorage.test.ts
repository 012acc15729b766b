// The sync server's folder closes with the server: a write in flight finishes before close
// returns, and a timed save that fires afterwards (automerge-repo keeps one per changed
// document, and shutdown does not cancel it) writes nothing, so the folder can be removed.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closingStorage } from '../../main/sync/closingStorage';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-closing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = (): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' });

describe('the sync server’s storage', () => {
  it('reads and writes through to the folder while open', async () => {
    const storage = closingStorage(new NodeFSStorageAdapter(dir));
    await storage.save(['doc1', 'snapshot', 'a'], new Uint8Array([1, 2, 3]));
    expect(await storage.load(['doc1', 'snapshot', 'a'])).toEqual(new Uint8Array([1, 2, 3]));
    expect(await storage.loadRange(['doc1'])).toHaveLength(1);
    await storage.removeRange(['doc1']);
    expect(await storage.load(['doc1', 'snapshot', 'a'])).toBeUndefined();
  });

  it('waits for a write in flight before it says it is closed', async () => {
    const storage = closingStorage(new NodeFSStorageAdapter(dir));
    const big = new Uint8Array(8 * 1024 * 1024).fill(7);
    const writing = storage.save(['doc1', 'snapshot', 'big'], big);
    await storage.close();
    // Done by the time close returns, not after.
    expect(await new NodeFSStorageAdapter(dir).load(['doc1', 'snapshot', 'big'])).toHaveLength(
      big.length,
    );
    await writing;
  });

  it('drops a write asked for after it closed, so the folder can go', async () => {
    const storage = closingStorage(new NodeFSStorageAdapter(dir));
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
    // Without the wrapper this rejects with ENOENT, as a late timed save did in CI.
    await expect(storage.save(['doc2', 'snapshot', 'b'], new Uint8Array([9]))).resolves.toBe(
      undefined,
    );
    await storage.remove(['doc2', 'snapshot', 'b']);
    await storage.removeRange(['doc2']);
    expect(existsSync(dir)).toBe(false);
  });

  it('writes nothing new once closed', async () => {
    const storage = closingStorage(new NodeFSStorageAdapter(dir));
    await storage.save(['doc1', 'snapshot', 'a'], new Uint8Array([1]));
    const before = files();
    await storage.close();
    await storage.save(['doc1', 'snapshot', 'late'], new Uint8Array([2]));
    await storage.remove(['doc1', 'snapshot', 'a']);
    expect(files()).toEqual(before);
  });
});
