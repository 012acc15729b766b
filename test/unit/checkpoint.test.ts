// Checkpoints off the interactive path (main/db/checkpoint.ts): a connection whose library is
// checkpointed elsewhere leaves a large write in the log, and the long lane's connection copies
// it back into the file shortly after.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground } from '../../main/db/checkpoint';
import { openDatabase } from '../../main/db/cipher';
import { Store } from '../../main/db/store';
import { generate } from '../bench/generate';
import { TEST_KEY, tempDir } from './helpers';

/** What the database file alone holds, its log left out: what has been checkpointed. */
function negotiationsInFileAlone(path: string): number {
  const copy = join(tempDir(), 'file-alone.sqlite');
  copyFileSync(path, copy);
  const db = openDatabase(copy, { key: TEST_KEY, readonly: true });
  try {
    // A library whose very schema is still in the log has no table in the file yet.
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'negotiation'")
      .get();
    return hasTable ? (db.prepare('SELECT COUNT(*) FROM negotiation').pluck().get() as number) : 0;
  } finally {
    db.close();
  }
}

/** A negotiation, then 20 MB more: past SQLite's checkpoint bound of 1,000 pages. */
function writeLarge(store: Store): void {
  generate(store, 'small');
  store.db.exec(`CREATE TABLE filler (x BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
    INSERT INTO filler SELECT randomblob(100000) FROM n;`);
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('background checkpoints', () => {
  it('a store on its own copies a large write back into the file within the write', () => {
    const path = join(tempDir(), 'inline.sqlite');
    const store = Store.open(path, { key: TEST_KEY, actor: 'tester' });
    writeLarge(store);
    // Past SQLite's 1,000 pages the commit itself checkpoints: the file alone has the data.
    expect(negotiationsInFileAlone(path)).toBe(1);
    store.close();
  });

  it('a store checkpointed elsewhere leaves the write in the log, and the other connection copies it back', async () => {
    const path = join(tempDir(), 'elsewhere.sqlite');
    const store = Store.open(path, { key: TEST_KEY, actor: 'tester', checkpointedElsewhere: true });
    writeLarge(store);
    // Committed and readable, but not yet in the file itself.
    expect(store.db.prepare('SELECT COUNT(*) FROM negotiation').pluck().get()).toBe(1);
    expect(negotiationsInFileAlone(path)).toBe(0);

    const other = Store.open(path, { key: TEST_KEY, actor: 'long lane' });
    const stop = checkpointInBackground(other.db, path, 20);
    try {
      await until(() => negotiationsInFileAlone(path) === 1);
      // The next write goes on as usual, and is copied back in turn.
      store.db.exec("UPDATE negotiation SET title = 'Renamed after the checkpoint'");
      await until(() => {
        const copy = join(tempDir(), 'title.sqlite');
        copyFileSync(path, copy);
        const db = openDatabase(copy, { key: TEST_KEY, readonly: true });
        const title = db.prepare('SELECT title FROM negotiation').pluck().get();
        db.close();
        return title === 'Renamed after the checkpoint';
      });
    } finally {
      stop();
      other.close();
      store.close();
    }
  });
});
