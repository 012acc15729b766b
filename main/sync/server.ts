// A desk's sync server: automerge-repo's own WebSocket server with its documents in a folder.
// It relays the shared negotiations between the officers' Parleys and keeps a copy of each, so
// an officer who was offline catches up from it. It understands nothing of Parley's data: it
// holds Automerge documents by id and answers the sync protocol.
//
// What Parley adds around the engine: it listens only where it is told (127.0.0.1 unless told
// otherwise), refuses every connection that does not carry the desk's token before the
// WebSocket is opened (401, and not one byte of a document), and keeps its folder private.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Repo, type PeerId } from '@automerge/automerge-repo';
import { NodeWSServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocketServer } from 'ws';
import { closingStorage } from './closingStorage';
import { makePrivateFolder } from './folder';
import { tokensMatch } from './token';

export interface SyncServerOptions {
  /** Where to listen: an address of this machine. */
  host: string;
  /** 0 picks a free port (the tests do). */
  port: number;
  /** The folder the documents are kept in (created 0700). */
  dir: string;
  /** The desk's token: every client must send it. */
  token: string;
  /** One calm line per event worth knowing; never a token or a document. */
  log?: (line: string) => void;
}

export interface RunningSyncServer {
  host: string;
  port: number;
  /** ws://host:port, as officers write it in Settings. */
  url: string;
  /** Stops taking connections, closes the open ones, and writes every document to the folder. */
  close(): Promise<void>;
}

/** The largest message a client may send: a whole large negotiation fits many times over. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The token a client sent: `Authorization: Bearer <token>`. */
function bearer(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([^\s]+)$/.exec(header) : null;
  return match?.[1] ?? null;
}

function refuse(socket: Duplex, status: 400 | 401 | 404, reason: string): void {
  // Written by hand: the WebSocket was never opened, so this is the whole answer.
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`,
  );
  socket.destroy();
}

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const log = options.log ?? (() => {});
  // **Important**: the storage adapter creates its files with the process's umask; 077 makes
  // them 0600 and its folders 0700 from the first byte. Process-wide, which is right for a
  // process that is only this server (the command, or a test's own process).
  if (process.platform !== 'win32') process.umask(0o077);
  for (const fixed of makePrivateFolder(options.dir)) log(`Made private: ${fixed}`);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const http: Server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    response.end(
      'This is a Parley desk sync server. Connect to it from Parley: Settings › Desk sync.\n',
    );
  });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const from = request.socket.remoteAddress ?? 'an unknown address';
    const given = bearer(request);
    if (given === null || !tokensMatch(given, options.token)) {
      log(
        `Refused a connection from ${from}: ${given === null ? 'no desk token' : 'wrong desk token'}.`,
      );
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      log(`A Parley connected from ${from}.`);
      ws.on('close', () => log(`A Parley from ${from} disconnected.`));
      sockets.emit('connection', ws, request);
    });
  });

  const storage = closingStorage(new NodeFSStorageAdapter(options.dir));
  const repo = new Repo({
    network: [new NodeWSServerAdapter(sockets as never)],
    storage,
    peerId: `parley-desk-server-${process.pid}` as PeerId,
    // The server never offers a document to a client that has not asked for it by id: each
    // Parley syncs only the negotiations it shares.
    sharePolicy: async () => false,
  });

  // The repo attaches its adapter to the socket server once its storage has said its id (a
  // file read): a client let in before then would be accepted and never answered. So the
  // server listens only once the adapter is there.
  for (let waited = 0; sockets.listenerCount('connection') === 0; waited += 5) {
    if (waited > 30_000) throw new Error(`The sync engine did not start on ${options.dir}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = http.address() as AddressInfo;
  const hostInUrl = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const url = `ws://${hostInUrl}:${bound.port}`;
  log(`Listening on ${url}, keeping documents in ${options.dir}.`);
  if (bound.address === '0.0.0.0' || bound.address === '::') {
    log('This server listens on every network this machine is on, as --host asked.');
  }

  let closing: Promise<void> | null = null;
  return {
    host: bound.address,
    port: bound.port,
    url,
    close() {
      closing ??= (async () => {
        for (const client of sockets.clients) client.terminate();
        await new Promise<void>((resolve) => sockets.close(() => resolve()));
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await repo.shutdown();
        // The repo may still hold a timed save; shutdown has just written every document whole.
        await storage.close();
        log('Stopped; every document is written to the folder.');
      })();
      return closing;
    },
  };
}
