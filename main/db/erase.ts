// Erasing files Parley no longer wants readable: their bytes overwritten with zeros and synced
// before the name goes. (On a solid-state disk the drive may keep the old blocks elsewhere; the
// library's files are encrypted besides, so what lingers there is unreadable.)
import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

/** Overwrites a file's bytes with zeros in place and syncs them to disk. */
export function overwriteFile(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    const zeros = Buffer.alloc(Math.min(Math.max(size, 1), 1 << 20));
    for (let at = 0; at < size; at += zeros.length) {
      writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Overwrites then removes a file, if it is there. */
export function eraseFile(path: string): void {
  if (!existsSync(path)) return;
  overwriteFile(path);
  rmSync(path, { force: true });
}

/** Syncs a folder, so a rename in it is on disk before the next step relies on it. */
export function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder to sync it; its renames are durable on their own.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
