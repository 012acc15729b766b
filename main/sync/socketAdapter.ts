// The officer's end of the WebSocket to the desk's sync server, as an automerge-repo network
// adapter. It speaks the same protocol as the engine's own client adapter (join, peer, then the
// repo's messages in CBOR) but is written here because that adapter cannot do three things
// Parley needs: send the desk token in a header (it takes only an address, and the token must
// never be in an address), tell a refused token from a server that is away (it throws an
// uncaught error on any failure but "connection refused", which would end the data worker),
// and wait longer and longer between attempts instead of every five seconds for ever.
import {
  cbor,
  NetworkAdapter,
  type Message,
  type PeerId,
  type PeerMetadata,
} from '@automerge/automerge-repo';
import { ProtocolV1 } from '@automerge/automerge-repo-network-websocket';
import WebSocket from 'ws';

/** What the socket is doing, for the desk-sync status. */
export type SocketEvent =
  | { kind: 'connecting'; attempt: number }
  /** The server accepted the token and answered the join: syncing can start. */
  | { kind: 'joined' }
  /** Lost or never reached; trying again after `retryInMs`. */
  | { kind: 'offline'; reason: string; retryInMs: number }
  /** The server refused the token (401). No further attempt until connect() is called again. */
  | { kind: 'refused'; reason: string }
  /** Something a retry will not mend (the server speaks another protocol). */
  | { kind: 'failed'; reason: string };

export interface SocketOptions {
  url: string;
  token: string;
  onEvent: (event: SocketEvent) => void;
  /** The first wait before trying again; doubled after each failure up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/** Plain words for why a connection failed (Node's error codes mean nothing to an officer). */
export function describeSocketError(error: Error & { code?: string }, url: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${url} (is the desk’s server running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name in ${url} cannot be found on this network`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${url} cannot be reached from this network`;
    case 'ECONNRESET':
      return 'the connection was cut';
    default:
      return error.message || 'the connection failed';
  }
}

export class DeskSocketAdapter extends NetworkAdapter {
  #socket: WebSocket | null = null;
  #remotePeerId: PeerId | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #stopped = false;
  #ready = false;
  #readyResolve: (() => void) | null = null;
  readonly #readyPromise = new Promise<void>((resolve) => (this.#readyResolve = resolve));
  readonly #firstRetryMs: number;
  readonly #maxRetryMs: number;

  constructor(private readonly options: SocketOptions) {
    super();
    this.#firstRetryMs = options.firstRetryMs ?? 1000;
    this.#maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  isReady(): boolean {
    return this.#ready;
  }

  /**
   * Ready at once: the repo waits for its adapters before it answers `find`, and an officer
   * working offline must not wait for a server that is away. Documents sync when it answers.
   */
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  #markReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#readyResolve?.();
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    this.#stopped = false;
    this.#markReady();
    this.#open();
  }

  #open(): void {
    if (this.#stopped) return;
    this.#attempt++;
    this.options.onEvent({ kind: 'connecting', attempt: this.#attempt });
    const socket = new WebSocket(this.options.url, {
      headers: { authorization: `Bearer ${this.options.token}` },
      handshakeTimeout: 10_000,
      // Never follow a redirect: Parley talks to the address the officer wrote, nowhere else.
      followRedirects: false,
      perMessageDeflate: false,
    });
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    let settled = false;
    const lost = (reason: string) => {
      if (settled || this.#socket !== socket) return;
      settled = true;
      this.#dropPeer();
      this.#socket = null;
      if (this.#stopped) return;
      const retryInMs = Math.min(
        this.#maxRetryMs,
        this.#firstRetryMs * 2 ** Math.min(this.#attempt - 1, 16),
      );
      // A little jitter, so a desk's Parleys do not all knock at once when the server returns.
      const wait = Math.round(retryInMs * (0.85 + Math.random() * 0.3));
      this.options.onEvent({ kind: 'offline', reason, retryInMs: wait });
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#open();
      }, wait);
    };
    socket.on('unexpected-response', (_request, response) => {
      settled = true;
      this.#socket = null;
      socket.terminate();
      if (response.statusCode === 401) {
        this.#stopped = true;
        this.options.onEvent({
          kind: 'refused',
          reason: 'the server refused the desk token',
        });
      } else {
        this.#stopped = true;
        this.options.onEvent({
          kind: 'failed',
          reason:
            `the server at ${this.options.url} answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim() +
            ': it is not a Parley desk sync server, or not this version of one',
        });
      }
    });
    socket.on('error', (error: Error & { code?: string }) =>
      lost(describeSocketError(error, this.options.url)),
    );
    socket.on('close', () => lost('the connection to the server was closed'));
    socket.on('open', () => {
      this.#send({
        type: 'join',
        senderId: this.peerId!,
        peerMetadata: this.peerMetadata ?? {},
        supportedProtocolVersions: [ProtocolV1],
      });
    });
    socket.on('message', (data: ArrayBuffer) => this.#receive(data));
  }

  #receive(data: ArrayBuffer): void {
    let message: {
      type?: string;
      senderId?: PeerId;
      peerMetadata?: PeerMetadata;
      message?: string;
    };
    try {
      message = cbor.decode(new Uint8Array(data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'peer' && message.senderId) {
      this.#attempt = 0;
      this.#remotePeerId = message.senderId;
      this.emit('peer-candidate', {
        peerId: message.senderId,
        peerMetadata: message.peerMetadata ?? {},
      });
      this.options.onEvent({ kind: 'joined' });
    } else if (message.type === 'error') {
      this.#stopped = true;
      this.options.onEvent({
        kind: 'failed',
        reason: `the server said: ${String(message.message ?? 'error')}`,
      });
      this.#socket?.close();
    } else {
      this.emit('message', message as Message);
    }
  }

  #send(message: object): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(cbor.encode(message));
  }

  send(message: Message): void {
    if ('data' in message && message.data?.byteLength === 0) return;
    // Offline: the repo sends again what is missing when the server is back (the sync
    // protocol works from what each side has, not from what was sent).
    this.#send(message);
  }

  #dropPeer(): void {
    if (this.#remotePeerId) {
      const peerId = this.#remotePeerId;
      this.#remotePeerId = null;
      this.emit('peer-disconnected', { peerId });
    }
  }

  disconnect(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const socket = this.#socket;
    this.#socket = null;
    this.#dropPeer();
    if (socket) {
      socket.removeAllListeners();
      // An error after this point has no one to tell; keep it from being thrown.
      socket.on('error', () => {});
      socket.terminate();
    }
  }
}
