// Checkpoints off the interactive path.
//
// SQLite copies the write-ahead log back into the database file (a checkpoint) when a commit
// leaves more than 1,000 pages in the log, and it does so inside that commit, on the thread
// that wrote. For a large write (a pasted annex, a generated negotiation, a whole round carried
// forward) that copy is most of the cost: every page is read back from the log and written
// again, and in an encrypted library each page is decrypted, authenticated, encrypted and
// authenticated once more. The officer waits for all of it.
//
// With a long lane (main/worker/lanes.ts) the interactive connection leaves checkpoints to the
// long lane's connection. That connection copies the log back, PASSIVE, shortly after anything
// is written: it never waits for a reader or a writer, and neither waits for it. The
// interactive connection keeps a far bound of its own, in case the long lane stops. The
// commit's durability does not change: with synchronous = FULL, a commit is on disk once the
// log is synced, before any checkpoint.
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The interactive connection's own checkpoint bound, in pages, when a long lane checkpoints
 * for it: 256 MB of 16 KB pages. It only applies if the long lane has stopped.
 */
export const INTERACTIVE_CHECKPOINT_PAGES = 16_384;

/** How often the long lane looks at the log. */
export const CHECKPOINT_EVERY_MS = 1_000;

/**
 * Checkpoints the library at `path` through `db` (the long lane's connection) whenever its log
 * has been written since the last look. Returns the function that stops it.
 */
export function checkpointInBackground(
  db: Database.Database,
  path: string,
  everyMs = CHECKPOINT_EVERY_MS,
): () => void {
  let seen = -1;
  const timer = setInterval(() => {
    if (!db.open) return;
    let written: number;
    try {
      written = statSync(`${path}-wal`).mtimeMs;
    } catch {
      return; // No log at all: nothing to copy.
    }
    if (written === seen) return;
    try {
      // PASSIVE: copies what no reader still needs, and never waits on a lock.
      db.pragma('wal_checkpoint(PASSIVE)');
      seen = written;
    } catch (error) {
      // Busy for a moment (the library being restored, the lane closing): the next look tries.
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
        console.error(`[parley] background checkpoint failed: ${(error as Error).message}`);
      }
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
