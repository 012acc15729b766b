// Automerge (the shared negotiations' merge engine, about 15 MB in each thread) is loaded only
// where the library needs it: not for a library that shares nothing, however it is used; before
// the call that shares a negotiation; and, in a fresh thread on a library that holds a merge
// document, before its first call, so the first edit of a shared negotiation is carried into
// its document. The tests of this file run in order: the first needs a thread that has not
// loaded it yet.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/cipher';
import { A, automergeLoaded } from '../../main/services/share/automerge';
import { buildIfNeeded } from '../../main/tools/build-if-needed.mjs';
import { startDataWorker, type AppHost } from '../../main/worker/host';
import {
  aNegotiation,
  aPosition,
  aRound,
  call,
  captureFile,
  TEST_KEY,
  tempApp,
  tempDir,
} from './helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => buildIfNeeded(root), 300_000);

let host: AppHost | undefined;
afterEach(async () => {
  await host?.shutdown();
  host = undefined;
});

describe('loading the merge engine', () => {
  it('is not loaded for a library that shares nothing, whatever is done in it', async () => {
    const app = tempApp();
    const negotiation = await aNegotiation(app);
    const round = await aRound(app, negotiation);
    const position = await aPosition(app, negotiation, round);
    await call(app, 'positions:update', { id: position.id, text: 'Enrichment at 3.67%.' });
    await call(app, 'history:undo', { scopeId: negotiation.negotiation.id });
    // What every negotiation view asks, shared or not.
    const id = negotiation.negotiation.id;
    expect(await call(app, 'share:conflicts', { negotiationId: id })).toEqual([]);
    expect((await call(app, 'share:status', { negotiationId: id })).shared).toBe(false);
    await call(app, 'share:identity', {});
    await call(app, 'negotiations:get', { id });
    expect(automergeLoaded()).toBe(false);
    // Reached before it is loaded, it refuses with words to try again (and starts the load).
    expect(() => A.getHeads).toThrow(/still loading .* Try again in a moment/);
  });

  it('is loaded before the call that shares a negotiation', async () => {
    const file = captureFile();
    const app = tempApp({ deliver: file.deliver });
    const negotiation = await aNegotiation(app);
    const shared = await call(app, 'share:export', {
      negotiationId: negotiation.negotiation.id,
      name: 'Desk officer',
      forKey: null,
    });
    expect(shared.bytes).toBeGreaterThan(0);
    expect(automergeLoaded()).toBe(true);
  });

  it('is loaded in a fresh thread before its first call once the library shares', async () => {
    const databasePath = join(tempDir(), 'library.sqlite');
    const app = tempApp({ databasePath, deliver: captureFile().deliver });
    const negotiation = await aNegotiation(app);
    const round = await aRound(app, negotiation);
    const position = await aPosition(app, negotiation, round);
    const negotiationId = negotiation.negotiation.id;
    await call(app, 'share:export', { negotiationId, name: 'Desk officer', forKey: null });
    app.close();
    const parts = () => {
      const db = openDatabase(databasePath, { key: TEST_KEY, readonly: true });
      try {
        return db
          .prepare('SELECT COUNT(*) FROM share_chunk WHERE negotiation_id = ?')
          .pluck()
          .get(negotiationId) as number;
      } finally {
        db.close();
      }
    };
    const before = parts();

    // The app's data workers: threads of their own, which have loaded nothing yet.
    host = await startDataWorker({
      databasePath,
      transport: 'web',
      workerScript: join(root, 'out', 'main', 'data-worker.js'),
      actor: 'tester',
      key: new Uint8Array(TEST_KEY),
      longLane: false,
    });
    const edited = await host.dispatch('positions:update', {
      id: position.id,
      text: 'Enrichment at 3.67%, verified.',
    });
    expect(edited).toMatchObject({ ok: true });
    await host.shutdown();
    host = undefined;
    // The edit reached the negotiation's merge document, in the same transaction.
    expect(parts()).toBe(before + 1);
  });
});
