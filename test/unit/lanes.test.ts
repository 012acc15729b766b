// The lanes (main/worker/lanes.ts) against the real data workers, as the app starts them: the
// built worker script, two threads, two encrypted connections to one file.
import { copyFileSync, openSync, readdirSync, readSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../main/app';
import { openDatabase } from '../../main/db/cipher';
import { LATEST_VERSION } from '../../main/db/migrations';
import { exportNegotiation } from '../../main/services/exchange';
import { buildIfNeeded } from '../../main/tools/build-if-needed.mjs';
import { channelOfBody } from '../../main/worker/lanes';
import { startDataWorker, type AppHost } from '../../main/worker/host';
import type { AppStatus } from '../../shared/backups';
import { generate } from '../bench/generate';
import { damagePageOf } from '../support/damage';
import { TEST_KEY, tempDir, value } from './helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = join(root, 'out', 'main', 'data-worker.js');

beforeAll(() => {
  // The workers run the built script, as in the app; built here when the sources are newer.
  buildIfNeeded(root);
}, 300_000);

let host: AppHost | undefined;
afterEach(async () => {
  await host?.shutdown();
  host = undefined;
});

function start(databasePath: string) {
  return startDataWorker({
    databasePath,
    transport: 'web',
    workerScript: WORKER,
    actor: 'tester',
    key: new Uint8Array(TEST_KEY),
    deliver: async () => ({ kind: 'download', url: '' }),
  });
}

describe('lanes', () => {
  it('answers a call made during an import before the import ends', async () => {
    const databasePath = join(tempDir(), 'lanes.sqlite');
    // A negotiation file large enough that importing it takes seconds.
    const app = openApp({ databasePath, transport: 'web', actor: 'tester', key: TEST_KEY });
    const g = generate(app.store, 'large');
    const { json } = exportNegotiation(
      app.store,
      g.negotiationId,
      { appVersion: 'test', schemaVersion: LATEST_VERSION },
      { includeHistory: true },
    );
    app.close();

    host = await start(databasePath);
    expect(await host.longLaneReady()).toBe(true);
    const begun = new Promise<void>((resolve) =>
      host!.events.on((event) => {
        if (event.channel === 'transfer:progress') resolve();
      }),
    );
    let importEnded = false;
    const importing = host
      .dispatch('transfer:import', { content: json, fileName: 'large.json' })
      .finally(() => (importEnded = true));
    await begun;

    // A read and an edit, both made while the long lane imports.
    const listed = await host.dispatch('negotiations:list', {});
    const answeredDuringImport = !importEnded;
    const edit = host.dispatch('negotiations:update', {
      id: g.negotiationId,
      title: 'Renamed during the import',
    });

    expect(value(listed as never)).toHaveLength(1);
    expect(answeredDuringImport).toBe(true);
    // The edit waits at most for the import's write, then is saved (never refused as busy).
    expect(value((await edit) as never)).toMatchObject({ title: 'Renamed during the import' });
    const imported = value((await importing) as never) as { negotiationId: number };
    expect(imported.negotiationId).not.toBe(g.negotiationId);
    const all = value((await host.dispatch('negotiations:list', {})) as never) as unknown[];
    expect(all).toHaveLength(2);
  }, 180_000);

  it('checks the file after opening, in the long lane, and shows the recovery screen on damage', async () => {
    const databasePath = join(tempDir(), 'damaged.sqlite');
    const app = openApp({ databasePath, transport: 'web', actor: 'tester', key: TEST_KEY });
    generate(app.store, 'small');
    app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    // The last page that holds positions (not a free page, which no check reads).
    const { pageno } = app.store.get<{ pageno: number }>(
      "SELECT max(pageno) AS pageno FROM dbstat WHERE name = 'position' AND pagetype = 'leaf'",
    )!;
    const pageSize = app.store.db.pragma('page_size', { simple: true }) as number;
    app.close();
    // One byte changed in that page: opening reads the first pages only, so it opens; the
    // check reads every page and SQLCipher refuses the one whose authentication fails.
    const fd = openSync(databasePath, 'r+');
    const at = (pageno - 1) * pageSize + 2000;
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, at);
    writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
    closeSync(fd);

    host = await start(databasePath);
    const damaged = new Promise<AppStatus>((resolve) =>
      host!.events.on((event) => {
        if (event.channel === 'app:status' && event.payload.state === 'damaged') {
          resolve(event.payload);
        }
      }),
    );
    const status = await damaged;
    expect(status).toMatchObject({ state: 'damaged', databasePath });
    expect(value((await host.dispatch('app:status', {})) as never)).toMatchObject({
      state: 'damaged',
    });
    // Nothing more is read from or written to the damaged file.
    const refused = await host.dispatch('negotiations:list', {});
    expect(refused.ok).toBe(false);
  }, 60_000);

  it('rebuilds a search index whose pages do not read, found by the long lane’s check, with the library closed', async () => {
    const dir = tempDir();
    const databasePath = join(dir, 'parley.sqlite');
    const app = openApp({ databasePath, transport: 'web', actor: 'tester', key: TEST_KEY });
    generate(app.store, 'small');
    app.close();
    damagePageOf(databasePath, TEST_KEY, 'search_index_idx');

    host = await start(databasePath);
    // The long lane finds the index unreadable; the interactive lane closes the library,
    // rebuilds it on a copy and opens it again: then the file as found lies beside it.
    const kept = () => readdirSync(dir).filter((name) => name.startsWith('parley-damaged-'));
    for (let i = 0; i < 200 && kept().length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(kept()).toHaveLength(1);
    let found: unknown;
    for (let i = 0; i < 100; i++) {
      const result = await host.dispatch('search:query', { query: 'enrichment' });
      if (result.ok) {
        found = value(result as never);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((found as { total: number }).total).toBeGreaterThan(0);
    expect(value((await host.dispatch('app:status', {})) as never)).toEqual({ state: 'ready' });
  }, 60_000);

  it('leaves checkpoints to the long lane, which copies an edit back into the file', async () => {
    const databasePath = join(tempDir(), 'checkpoints.sqlite');
    openApp({ databasePath, transport: 'web', actor: 'tester', key: TEST_KEY }).close();
    host = await start(databasePath);
    expect(await host.longLaneReady()).toBe(true);
    const created = await host.dispatch('negotiations:create', {
      title: 'Copied back by the long lane',
      parties: [],
    });
    expect(created.ok).toBe(true);
    // The interactive lane's commit leaves the edit in the log (no checkpoint below 256 MB);
    // the long lane's connection copies it into the file within a few of its looks.
    const inFileAlone = () => {
      const copy = join(tempDir(), 'file-alone.sqlite');
      copyFileSync(databasePath, copy);
      const db = openDatabase(copy, { key: TEST_KEY, readonly: true });
      try {
        return db.prepare('SELECT title FROM negotiation').pluck().all();
      } finally {
        db.close();
      }
    };
    const end = Date.now() + 10_000;
    while (!inFileAlone().includes('Copied back by the long lane') && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(inFileAlone()).toContain('Copied back by the long lane');
  }, 60_000);

  it('keeps the query planner’s statistics in the long lane', async () => {
    const databasePath = join(tempDir(), 'statistics.sqlite');
    const app = openApp({ databasePath, transport: 'web', actor: 'tester', key: TEST_KEY });
    generate(app.store, 'small');
    app.close();
    // No statistics for the positions: as a library has before anything analysed it.
    const raw = openDatabase(databasePath, { key: TEST_KEY });
    raw.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'position'");
    raw.close();

    host = await start(databasePath);
    expect(await host.longLaneReady()).toBe(true);
    // Once the long lane's check has found the file whole.
    const analysed = () => {
      const db = openDatabase(databasePath, { key: TEST_KEY, readonly: true });
      try {
        return db
          .prepare("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'position'")
          .pluck()
          .get() as number;
      } finally {
        db.close();
      }
    };
    const end = Date.now() + 10_000;
    while (analysed() === 0 && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(analysed()).toBeGreaterThan(0);
  }, 60_000);

  it('reads a web request’s channel from its opening only', () => {
    expect(channelOfBody('{"channel":"transfer:import","input":{"content":"…"}}')).toBe(
      'transfer:import',
    );
    expect(channelOfBody(' { "channel" : "backups:create" }')).toBe('backups:create');
    expect(channelOfBody('{"input":{},"channel":"transfer:import"}')).toBeNull();
    expect(channelOfBody('not json')).toBeNull();
  });
});
