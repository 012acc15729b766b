// Desk sync through the app's own dispatch, as Settings calls it: connect to a real server on
// loopback, the status as it changes, a wrong token refused, disconnect; the token kept inside
// the encrypted library (never in settings.json, the log, or any file in the clear) and never
// sent back to the page; the connection closed when the library locks, and opened again at the
// next start when the officer left it connected.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParleyApp } from '../../main/app';
import { startSyncServer, type RunningSyncServer } from '../../main/sync/server';
import { newDeskToken } from '../../main/sync/token';
import type { DeskSyncView } from '../../shared/deskSync';
import * as share from '../../main/services/share';
import { aNegotiation, aPosition, aRound, call, tempApp, captureFile } from './helpers';

let dir: string;
let server: RunningSyncServer;
let token: string;
/** The server's log: one line per connection made or refused. */
let lines: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-sync-app-'));
  token = newDeskToken();
  lines = [];
  server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dir: join(dir, 'server'),
    token,
    log: (line) => lines.push(line),
  });
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const RETRY = { firstRetryMs: 100, maxRetryMs: 400 };

function watch(app: ParleyApp): DeskSyncView[] {
  const seen: DeskSyncView[] = [];
  app.events.on((event) => {
    if (event.channel === 'sync:status') seen.push(event.payload);
  });
  return seen;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('desk sync in Settings, through dispatch', () => {
  it('connects, says so, keeps the token in the library only, and disconnects', async () => {
    const app = tempApp({ syncRetry: RETRY });
    const seen = watch(app);
    const before = await call(app, 'sync:state', {});
    expect(before).toEqual({
      address: null,
      tokenSet: false,
      tokenHint: null,
      status: expect.objectContaining({ state: 'off' }),
      revision: 0,
    });

    const connected = await call(app, 'sync:connect', { address: `${server.url}/`, token });
    // Kept tidy (no trailing slash), and the token never comes back: only its last four.
    expect(connected.address).toBe(server.url);
    expect(connected.tokenSet).toBe(true);
    expect(connected.tokenHint).toBe(token.slice(-4));
    expect(JSON.stringify(connected)).not.toContain(token);
    await until(() => seen.at(-1)?.status.state === 'connected', 'connected');
    expect(seen.at(-1)!.status.message).toBe(
      `Connected to ${server.url}. No shared negotiations yet: a negotiation shared with the desk syncs while you are connected.`,
    );
    expect((await call(app, 'sync:state', {})).status.state).toBe('connected');

    // Connecting again with the token left out uses the stored one.
    await call(app, 'sync:disconnect', {});
    expect((await call(app, 'sync:state', {})).status.state).toBe('off');
    await call(app, 'sync:connect', { address: server.url, token: null });
    await until(() => seen.at(-1)?.status.state === 'connected', 'connected again');

    const off = await call(app, 'sync:disconnect', {});
    expect(off.status).toEqual(expect.objectContaining({ state: 'off' }));
    // Each status said has a higher revision than the one before.
    const revisions = seen.map((v) => v.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(off.address).toBe(server.url);
    expect(JSON.stringify(seen)).not.toContain(token);

    // No file in the data folder holds the token in the clear: not settings.json, not the log,
    // not the encrypted library or its journal.
    const folder = dirname(app.info.databasePath);
    app.close();
    for (const name of readdirSync(folder, { recursive: true }) as string[]) {
      const path = join(folder, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue; // a folder
      }
      expect(bytes.includes(Buffer.from(token)), name).toBe(false);
    }
  });

  it('says plainly when the server refuses the token, and when no token was ever given', async () => {
    const app = tempApp({ syncRetry: RETRY });
    const refused = await app.dispatch('sync:connect', { address: server.url, token: null });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Paste the desk token you were given with the server’s address.',
        field: 'token',
      },
    });
    const seen = watch(app);
    await call(app, 'sync:connect', { address: server.url, token: newDeskToken() });
    await until(() => seen.at(-1)?.status.state === 'refused', 'the refusal');
    expect(seen.at(-1)!.status.message).toBe(
      `The server at ${server.url} refused the desk token. Check the token with whoever runs the desk’s server, paste it again and connect.`,
    );
    // A bad address is refused by field, and nothing is stored or opened.
    const bad = await app.dispatch('sync:connect', { address: 'http://10.0.4.20:3030', token });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'address' } });
  });

  it('closes the connection when the library closes, and opens it again at the next start', async () => {
    const first = tempApp({ syncRetry: RETRY });
    const seen = watch(first);
    await call(first, 'sync:connect', { address: server.url, token });
    await until(() => seen.at(-1)?.status.state === 'connected', 'connected');
    const databasePath = first.info.databasePath;
    first.close();
    expect(seen.at(-1)!.status.state).toBe('off');

    const again = tempApp({ databasePath, syncRetry: RETRY });
    const seenAgain = watch(again);
    await until(
      () => seenAgain.at(-1)?.status.state === 'connected',
      'connected at the next start',
    );
    await call(again, 'sync:disconnect', {});
    again.close();

    // Disconnected by the officer: the next start stays off the network.
    const connections = () => lines.filter((l) => l.startsWith('A Parley connected')).length;
    expect(connections()).toBe(2);
    const third = tempApp({ databasePath, syncRetry: RETRY });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call(third, 'sync:state', {})).status.state).toBe('off');
    expect(connections()).toBe(2);
  });

  it('keeps a negotiation two libraries share in step while both are connected', async () => {
    const a = tempApp({ actor: 'Dana', syncRetry: RETRY });
    const b = tempApp({ actor: 'Sam', syncRetry: RETRY });
    const n = await aNegotiation(a);
    const round = await aRound(a, n);
    const position = await aPosition(a, n, round, { text: 'Zero enrichment.' });
    // Shared first by a signed file (which is how B comes to trust A and hold the negotiation).
    const sink = captureFile();
    await share.shareUpdate(a.store, sink.deliver, {
      negotiationId: n.negotiation.id,
      name: 'Dana',
      forKey: null,
    });
    const file = sink.last();
    const got = share.receiveUpdate(b.store, {
      fileName: file.fileName,
      content: file.text,
      trust: true,
    });
    if (got.state !== 'received') throw new Error('not received');
    const bRoundId = (await call(b, 'negotiations:get', { id: got.negotiationId })).rounds[0]!.id;
    const textOnB = async () => (await call(b, 'rounds:get', { id: bRoundId })).positions[0]!.text;

    await call(a, 'sync:connect', { address: server.url, token });
    await call(b, 'sync:connect', { address: server.url, token });
    // An edit on A reaches B through the server, as one change set named after it.
    await call(a, 'positions:update', { id: position.id, text: 'Enrichment to 3.67%.' });
    const end = Date.now() + 15_000;
    while ((await textOnB()) !== 'Enrichment to 3.67%.' && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await textOnB()).toBe('Enrichment to 3.67%.');
    const history = await call(b, 'history:forItem', {
      entity: 'position',
      id: (await call(b, 'rounds:get', { id: bRoundId })).positions[0]!.id,
    });
    expect(history.map((h) => h.label)).toContain(`Receive update from Desk sync (${server.url})`);
    // And one back from B to A.
    const bPosition = (await call(b, 'rounds:get', { id: bRoundId })).positions[0]!;
    await call(b, 'positions:update', { id: bPosition.id, status: 'withdrawn' } as never);
    const back = Date.now() + 15_000;
    const statusOnA = async () =>
      (await call(a, 'rounds:get', { id: round.id })).positions[0]!.status;
    while ((await statusOnA()) !== 'withdrawn' && Date.now() < back) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await statusOnA()).toBe('withdrawn');
  }, 60_000);
});
