// The desk's sync server with two officers' Parleys on loopback (issue 19, point 4): the real
// server (automerge-repo's WebSocket server, documents in a temp folder) and the real client
// module, no mocks. One officer goes offline for a while, both edit, and they converge; a
// client without the token, or with a wrong one, is refused before any document moves; the
// folder and its files are private; the server is where it was told to be.
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as A from '@automerge/automerge';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskSync, documentIdFor } from '../../main/sync/deskSync';
import { makePrivateFolder } from '../../main/sync/folder';
import { startSyncServer, type RunningSyncServer } from '../../main/sync/server';
import { newDeskToken, readTokenFile, tokensMatch, writeNewTokenFile } from '../../main/sync/token';
import type { DeskSyncStatus } from '../../shared/deskSync';
import { deskAddress, deskAddressProblem, deskSyncConnectInput } from '../../shared/deskSync';

type Negotiation = {
  title: string;
  positions: Record<string, { text: string }>;
};

let dir: string;
let server: RunningSyncServer;
let token: string;
const clients: DeskSync[] = [];
const lines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-sync-'));
  token = newDeskToken();
  lines.length = 0;
  server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dir: join(dir, 'server'),
    token,
    log: (line) => lines.push(line),
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(options: { token?: string; url?: string } = {}): {
  sync: DeskSync;
  remote: { key: string; doc: A.Doc<Negotiation>; changes: Uint8Array }[];
  statuses: DeskSyncStatus[];
} {
  const remote: { key: string; doc: A.Doc<Negotiation>; changes: Uint8Array }[] = [];
  const statuses: DeskSyncStatus[] = [];
  const sync = new DeskSync({
    url: options.url ?? server.url,
    token: options.token ?? token,
    onStatus: (status) => statuses.push(status),
    onRemoteChange: (key, doc, changes) =>
      remote.push({ key, doc: doc as A.Doc<Negotiation>, changes }),
    firstRetryMs: 100,
    maxRetryMs: 400,
  });
  clients.push(sync);
  sync.start();
  return { sync, remote, statuses };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('desk sync server with two officers on loopback', () => {
  it('relays a negotiation, keeps an officer who was offline, and both converge', async () => {
    const key = randomUUID();
    // Officer 1's engine holds the document; it shares it with the desk.
    let one = A.from<Negotiation>({ title: 'Iran talks', positions: {} });
    one = A.change(one, (d) => {
      d.positions['p1'] = { text: 'Zero enrichment' };
    });
    const first = client();
    first.sync.share(key, one);
    await first.sync.whenSynced();
    expect(first.sync.status().state).toBe('connected');
    expect(first.sync.status().message).toMatch(/1 shared negotiation, all up to date/);

    // Officer 2 asks for it by id and sees it.
    const second = client();
    second.sync.share(key);
    await until(() => second.remote.length > 0, 'officer 2 to receive the negotiation');
    expect(second.remote[0]!.key).toBe(key);
    expect(second.remote[0]!.doc.positions['p1']!.text).toBe('Zero enrichment');
    await second.sync.whenSynced();
    let two = A.merge(A.init<Negotiation>(), A.clone(second.remote.at(-1)!.doc));

    // Officer 2 goes offline for a while: the server stops (the desk's machine restarts).
    const port = server.port;
    await server.close();
    await until(() => second.sync.status().state === 'offline', 'officer 2 to be offline');
    // First the connection is lost, then each new attempt finds no one there.
    await until(
      () =>
        /^Offline: nothing answers at ws:\/\/127\.0\.0\.1:\d+/.test(second.sync.status().message),
      'officer 2 to find no server',
    );
    expect(second.sync.status().message).toMatch(/trying again in \d+ s/);

    // Both edit while apart: one the same document, one position each, and the title on both.
    two = A.change(two, (d) => {
      d.positions['p2'] = { text: 'Sanctions relief first' };
      d.title = 'Iran talks (Muscat)';
    });
    second.sync.share(key, two);
    one = A.change(one, (d) => {
      d.positions['p3'] = { text: 'Missiles off the table' };
    });
    first.sync.share(key, one);
    expect(second.sync.status().state).toBe('offline');

    // The server is back on the same port and folder: both catch up and converge.
    server = await startSyncServer({ host: '127.0.0.1', port, dir: join(dir, 'server'), token });
    await Promise.all([first.sync.whenSynced(15_000), second.sync.whenSynced(15_000)]);
    await until(
      () =>
        Object.keys((first.sync.doc(key) as A.Doc<Negotiation>).positions).length === 3 &&
        Object.keys((second.sync.doc(key) as A.Doc<Negotiation>).positions).length === 3,
      'both to hold all three positions',
    );
    const a = first.sync.doc(key) as A.Doc<Negotiation>;
    const b = second.sync.doc(key) as A.Doc<Negotiation>;
    expect(A.getHeads(a).sort()).toEqual(A.getHeads(b).sort());
    expect(A.toJS(a)).toEqual(A.toJS(b));
    expect(a.title).toBe('Iran talks (Muscat)');
    // Officer 1's engine was told of the desk's changes (officer 2's position and title).
    const last = first.remote.at(-1)!.doc;
    expect(last.positions['p2']!.text).toBe('Sanctions relief first');
    // The bytes handed over carry them: an engine that holds its own document and takes only
    // those (as the merge engine's applyRemote does) ends where the sync's copy is.
    let engineOne = one;
    for (const { changes } of first.remote) engineOne = A.loadIncremental(engineOne, changes);
    expect(A.toJS(engineOne)).toEqual(A.toJS(a));
    // Officer 2's engine started from the whole document the first hand-over carried.
    let engineTwo = A.load<Negotiation>(second.remote[0]!.changes);
    for (const { changes } of second.remote.slice(1))
      engineTwo = A.loadIncremental(engineTwo, changes);
    engineTwo = A.merge(engineTwo, A.clone(two));
    expect(A.toJS(engineTwo)).toEqual(A.toJS(b));
    // Each status on the way was one the officer can read.
    expect(second.statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(['connecting', 'connected', 'offline']),
    );
  });

  it('refuses a client with a wrong token, or none, before any document moves', async () => {
    const key = randomUUID();
    const owner = client();
    owner.sync.share(key, A.from<Negotiation>({ title: 'Secret track', positions: {} }));
    await owner.sync.whenSynced();

    const intruder = client({ token: newDeskToken() });
    intruder.sync.share(key);
    await until(() => intruder.sync.status().state === 'refused', 'the refusal');
    expect(intruder.sync.status().message).toBe(
      `The server at ${server.url} refused the desk token. Check the token with whoever runs the desk’s server, paste it again and connect.`,
    );
    expect(intruder.remote).toEqual([]);
    expect(intruder.sync.doc(key)).toBeUndefined();
    // Refused, it stops knocking: no attempt follows.
    const attempts = intruder.statuses.filter((s) => s.state === 'connecting').length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(intruder.statuses.filter((s) => s.state === 'connecting').length).toBe(attempts);

    // At the HTTP level: 401 for no token and a wrong one, and no WebSocket is opened.
    for (const headers of [
      {},
      { authorization: `Bearer ${newDeskToken()}` },
      { authorization: token },
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(server.url, { headers });
        socket.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => reject(new Error('A socket without the token was opened.')));
        socket.on('error', reject);
      });
      expect(status).toBe(401);
    }
    expect(
      lines.filter((l) => /^Refused a connection from 127\.0\.0\.1/.test(l)).length,
    ).toBeGreaterThanOrEqual(3);
    // The log never holds the token.
    expect(lines.join('\n')).not.toContain(token);

    // A plain request is told what this is, and gets nothing else.
    const body = await new Promise<{ status: number; text: string }>((resolve) => {
      request(server.url.replace('ws:', 'http:'), (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      }).end();
    });
    expect(body.status).toBe(426);
    expect(body.text).toMatch(/Parley desk sync server/);
  });

  it('keeps its folder private: 0700 folders and 0600 files, tightened on start', async () => {
    const key = randomUUID();
    const one = client();
    one.sync.share(key, A.from<Negotiation>({ title: 'Folder test', positions: {} }));
    await one.sync.whenSynced();
    await one.sync.stop();
    await server.close();
    const root = join(dir, 'server');
    const written = files(root);
    expect(written.length).toBeGreaterThan(0);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    for (const file of written) expect(statSync(file).mode & 0o777, file).toBe(0o600);
    for (const folder of readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    )) {
      expect(statSync(join(folder.parentPath, folder.name)).mode & 0o777).toBe(0o700);
    }
    // Opened up by someone: the next start closes it again and says what it changed.
    chmodSync(root, 0o755);
    chmodSync(written[0]!, 0o644);
    const said: string[] = [];
    server = await startSyncServer({
      host: '127.0.0.1',
      port: 0,
      dir: root,
      token,
      log: (l) => said.push(l),
    });
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(written[0]!).mode & 0o777).toBe(0o600);
    expect(said.filter((l) => l.startsWith('Made private: ')).length).toBe(2);
    expect(said.some((l) => /was 755, now 700/.test(l))).toBe(true);
  });

  it('listens only where it is told', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}`);
    expect(lines[0]).toBe(
      `Listening on ${server.url}, keeping documents in ${join(dir, 'server')}.`,
    );
    // An address this machine does not have is refused, not swapped for another.
    await expect(
      startSyncServer({ host: '192.0.2.1', port: 0, dir: join(dir, 'other'), token }),
    ).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});

describe('desk token and folder checks', () => {
  it('writes a new token 0600, refuses to replace one, and refuses a token file others can read', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-token-'));
    try {
      const path = join(folder, 'desk.token');
      const made = writeNewTokenFile(path);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readTokenFile(path)).toBe(made);
      expect(() => writeNewTokenFile(path)).toThrow(/exists already/);
      chmodSync(path, 0o644);
      expect(() => readTokenFile(path)).toThrow(
        `can be read by other users (mode 644). Run: chmod 600 ${path}`,
      );
      const bad = join(folder, 'bad.token');
      writeFileSync(bad, 'short\n', { mode: 0o600 });
      expect(() => readTokenFile(bad)).toThrow(/does not hold a desk token/);
      expect(() => readTokenFile(join(folder, 'none'))).toThrow(
        /does not exist. Make one with --new-token/,
      );
      expect(tokensMatch(made, made)).toBe(true);
      expect(tokensMatch(made, `${made}x`)).toBe(false);
      expect(tokensMatch('', made)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a folder that holds a link', () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-folder-'));
    try {
      mkdirSync(join(folder, 'data'), { mode: 0o700 });
      writeFileSync(join(folder, 'elsewhere'), 'x');
      // A link could make the server write outside its folder.
      symlinkSync(join(folder, 'elsewhere'), join(folder, 'data', 'link'));
      expect(() => makePrivateFolder(join(folder, 'data'))).toThrow(
        /is not a plain file or folder/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives a negotiation the same document id on every Parley', () => {
    const uuid = '6f1c2a9e-8d3b-4c1e-9a7f-2b5d8e0c4a11';
    expect(documentIdFor(uuid)).toBe(documentIdFor(uuid.toUpperCase()));
    expect(documentIdFor(documentIdFor(uuid))).toBe(documentIdFor(uuid));
    expect(() => documentIdFor('negotiation 12')).toThrow(/neither a negotiation’s UUID/);
  });
});

describe('the server address in Settings', () => {
  it('takes ws:// and wss:// with a host and a port, and keeps them tidy', () => {
    expect(deskAddress.parse('ws://10.0.4.20:3030')).toBe('ws://10.0.4.20:3030');
    expect(deskAddress.parse(' WSS://Desk-Server.example:443/ ')).toBe(
      'wss://desk-server.example:443',
    );
    expect(deskAddress.parse('ws://[fd00::20]:3030')).toBe('ws://[fd00::20]:3030');
    expect(deskAddress.parse('ws://localhost:3030')).toBe('ws://localhost:3030');
  });

  it.each([
    ['', /Write the address of your desk’s sync server/],
    ['http://10.0.4.20:3030', /must start with ws:\/\//],
    ['10.0.4.20:3030', /must start with ws:\/\//],
    ['ws://10.0.4.20', /Add the port/],
    ['ws://dana:secret@10.0.4.20:3030', /Leave the user name and password out/],
    ['ws://10.0.4.20:3030/?token=abc', /Leave anything after \? or # out/],
    ['ws://10.0.4.20:99999', /not an address Parley can use/],
    ['ws://10.0.4.20:3030/sync', /Leave the path out/],
    ['ws://bad host:3030', /not an address Parley can use/],
  ])('refuses %j with a message that says what to write', (value, message) => {
    expect(deskAddressProblem(value)).toMatch(message);
    const parsed = deskSyncConnectInput.safeParse({ address: value, token: null });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });

  it('refuses a token that is not one', () => {
    const ok = deskSyncConnectInput.safeParse({
      address: 'ws://10.0.4.20:3030',
      token: newDeskToken(),
    });
    expect(ok.success).toBe(true);
    for (const token of ['', 'short', 'has spaces in it and is long enough to pass'])
      expect(
        deskSyncConnectInput.safeParse({ address: 'ws://10.0.4.20:3030', token }).success,
      ).toBe(false);
  });
});
