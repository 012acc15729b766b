// Live sync with the desk's server, from the officer's side (issue 19, point 4). Plain Node: it
// runs in the interactive data worker, beside the store, so the merge engine's documents never
// cross a thread.
//
// The boundary is small on purpose. This module holds no negotiation data of its own and
// writes nothing to disk: its repo has no storage adapter, so every document it syncs lives in
// memory here and in the merge engine, which keeps it inside the encrypted library. The engine
// hands documents in (`share`, after a local edit again) and receives what the desk changed
// through `onRemoteChange`. With the merge engine of branch `share` (ShareEngine), the wiring
// is, roughly (a negotiation's key is its stable uid, the document's `negotiation`):
//
//   onRemoteChange: (_uid, _doc, changes) =>
//     engine.applyRemote(changes, { name: 'desk sync', update: 'live sync' }),
//   for each shared negotiation id: sync.share(uidOf(id), engine.loadDoc(id)!)
//   engine.onLocalChange((id) => sync.share(uidOf(id), engine.loadDoc(id)!))
import * as A from '@automerge/automerge';
import {
  interpretAsDocumentId,
  Repo,
  type DocHandle,
  type DocumentId,
  type PeerId,
} from '@automerge/automerge-repo';
import type { DeskSyncState, DeskSyncStatus } from '../../shared/deskSync';
import { DeskSocketAdapter, type SocketEvent } from './socketAdapter';

/** Where a remote change came from, for the history of the change set it becomes. */
export interface RemoteOrigin {
  via: 'desk-sync';
  /** The server's address. */
  server: string;
}

export interface DeskSyncOptions {
  /** ws://host:port, validated (shared/deskSync.ts). */
  url: string;
  token: string;
  /** Every change of status; the first call comes from `start`. */
  onStatus?: (status: DeskSyncStatus) => void;
  /**
   * The desk changed a shared document (or it arrived for the first time). `changes` holds
   * what the desk brought, as bytes `A.loadIncremental` (or the engine's applyRemote) takes:
   * the whole document when it first arrives, else only the changes since this module last
   * called. **Important**: `doc` is this module's own copy: read it or merge from it
   * (`A.merge(yours, doc)`), never `A.change` it, or the next sync fails.
   */
  onRemoteChange?: (
    key: string,
    doc: A.Doc<unknown>,
    changes: Uint8Array,
    from: RemoteOrigin,
  ) => void;
  /** Back-off between attempts to reach the server (tests shorten them). */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The sync id of a shared document. A negotiation's stable UUID (which every desk that shares
 * it knows) is 16 bytes, exactly an automerge-repo document id, so no table of ids is needed:
 * the same negotiation has the same id on every Parley and on the server. An Automerge URL or
 * document id is taken as it is.
 */
export function documentIdFor(key: string): DocumentId {
  if (UUID.test(key)) {
    const bytes = Uint8Array.from(Buffer.from(key.replace(/-/g, ''), 'hex'));
    return interpretAsDocumentId(bytes as never);
  }
  try {
    return interpretAsDocumentId(key as never);
  } catch {
    throw new Error(`“${key}” is neither a negotiation’s UUID nor an Automerge document id.`);
  }
}

interface Shared {
  key: string;
  handle: DocHandle<unknown>;
}

export class DeskSync {
  readonly #options: DeskSyncOptions;
  #repo: Repo | null = null;
  #adapter: DeskSocketAdapter | null = null;
  readonly #shared = new Map<DocumentId, Shared>();
  /** Keys asked for with no local copy, fetched from the server once it answers. */
  readonly #wanted = new Map<DocumentId, string>();
  #link: { state: DeskSyncState; detail: string } = { state: 'off', detail: '' };
  #serverPeer: PeerId | null = null;
  #applyingLocal = false;
  #lastStatus: DeskSyncStatus | null = null;
  #lastSyncAt: number | null = null;
  readonly #waiters = new Set<() => void>();

  constructor(options: DeskSyncOptions) {
    this.#options = options;
  }

  get url(): string {
    return this.#options.url;
  }

  /** Connects (and keeps trying, waiting longer each time) until `stop`. */
  start(): void {
    if (this.#repo) return;
    this.#adapter = new DeskSocketAdapter({
      url: this.#options.url,
      token: this.#options.token,
      onEvent: (event) => this.#onSocket(event),
      ...(this.#options.firstRetryMs !== undefined
        ? { firstRetryMs: this.#options.firstRetryMs }
        : {}),
      ...(this.#options.maxRetryMs !== undefined ? { maxRetryMs: this.#options.maxRetryMs } : {}),
    });
    // No storage: nothing of a negotiation is ever written in the clear by this module.
    this.#repo = new Repo({ network: [this.#adapter] });
    this.#publish();
  }

  /** Disconnects; what was shared stays in the engine, and syncs again at the next start. */
  async stop(): Promise<void> {
    const repo = this.#repo;
    this.#repo = null;
    this.#adapter?.disconnect();
    this.#adapter = null;
    this.#shared.clear();
    this.#wanted.clear();
    this.#serverPeer = null;
    this.#link = { state: 'off', detail: '' };
    this.#publish();
    await repo?.shutdown();
  }

  /** The keys of the documents this connection syncs. */
  keys(): string[] {
    return [...this.#shared.values()].map((s) => s.key);
  }

  /** This connection's copy of a shared document (read only: see onRemoteChange). */
  doc(key: string): A.Doc<unknown> | undefined {
    return this.#shared.get(documentIdFor(key))?.handle.doc();
  }

  /**
   * Syncs this document from now on, or brings a local edit in: `doc` is the engine's current
   * document (or its saved bytes), merged into this connection's copy and sent on. With no
   * `doc`, the document is fetched from the server (a negotiation a colleague shared).
   */
  share(key: string, doc?: A.Doc<unknown> | Uint8Array): void {
    const repo = this.#need();
    const id = documentIdFor(key);
    const existing = this.#shared.get(id);
    if (doc === undefined) {
      if (!existing) {
        this.#wanted.set(id, key);
        this.#fetch(id, key);
      }
      return;
    }
    const incoming = doc instanceof Uint8Array ? A.load<unknown>(doc) : doc;
    this.#local(() => {
      if (existing) {
        existing.handle.update((mine) => A.merge(mine, incoming));
      } else {
        // `import` with an id keeps the document's identity (repo.create would mint a new one).
        const handle = repo.import<unknown>(A.save(incoming), { docId: id });
        this.#track(key, handle);
      }
    });
    this.#wanted.delete(id);
    this.#publish();
  }

  /** Stops syncing a document (it stays in the engine and on the server). */
  unshare(key: string): void {
    const id = documentIdFor(key);
    const shared = this.#shared.get(id);
    this.#wanted.delete(id);
    if (!shared) return;
    shared.handle.removeAllListeners();
    this.#shared.delete(id);
    void this.#repo?.removeFromCache(id);
    this.#publish();
  }

  status(): DeskSyncStatus {
    return this.#compose();
  }

  /**
   * Settles once the status is `connected` with every shared document as the server has it
   * (for tests and for a clean quit); rejects after `timeoutMs`.
   */
  whenSynced(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#compose().state === 'connected' && this.#wanted.size === 0) {
          clearTimeout(timer);
          this.#waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`Not in sync after ${timeoutMs} ms: ${this.#compose().message}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  #need(): Repo {
    if (!this.#repo) throw new Error('Desk sync is not started.');
    return this.#repo;
  }

  #local(work: () => void): void {
    this.#applyingLocal = true;
    try {
      work();
    } finally {
      this.#applyingLocal = false;
    }
  }

  #track(key: string, handle: DocHandle<unknown>): void {
    const id = handle.documentId;
    this.#shared.set(id, { key, handle });
    handle.on('change', ({ doc, patchInfo }) => {
      if (this.#applyingLocal || !this.#options.onRemoteChange) return;
      this.#lastSyncAt = Date.now();
      const changes = A.saveSince(doc, A.getHeads(patchInfo.before));
      this.#options.onRemoteChange(key, doc, changes, {
        via: 'desk-sync',
        server: this.#options.url,
      });
    });
    handle.on('heads-changed', () => this.#publish());
    handle.on('remote-heads', ({ timestamp }) => {
      this.#lastSyncAt = Math.max(this.#lastSyncAt ?? 0, timestamp);
      this.#publish();
    });
  }

  #fetch(id: DocumentId, key: string): void {
    const repo = this.#repo;
    if (!repo || this.#link.state !== 'connected' || this.#shared.has(id)) return;
    repo.find<unknown>(id).then(
      (handle) => {
        if (this.#repo !== repo || this.#shared.has(id)) return;
        this.#wanted.delete(id);
        this.#track(key, handle);
        this.#lastSyncAt = Date.now();
        const doc = handle.doc();
        this.#options.onRemoteChange?.(key, doc, A.save(doc), {
          via: 'desk-sync',
          server: this.#options.url,
        });
        this.#publish();
      },
      () => {
        // Not on the server yet (no one has shared it), or the connection dropped: asked
        // again at the next connection.
        this.#publish();
      },
    );
  }

  #onSocket(event: SocketEvent): void {
    switch (event.kind) {
      case 'connecting':
        // While offline the line keeps saying so (and why) through each new attempt, rather
        // than flickering to "connecting" and back.
        if (this.#link.state !== 'offline') {
          this.#link = { state: 'connecting', detail: String(event.attempt) };
        }
        break;
      case 'joined':
        this.#link = { state: 'connected', detail: '' };
        for (const [id, key] of this.#wanted) this.#fetch(id, key);
        break;
      case 'offline': {
        const seconds = Math.max(1, Math.round(event.retryInMs / 1000));
        this.#link = {
          state: 'offline',
          detail: `${event.reason}. Your work stays here and is sent when the server answers; trying again in ${seconds} s.`,
        };
        break;
      }
      case 'refused':
        this.#link = { state: 'refused', detail: event.reason };
        break;
      case 'failed':
        this.#link = { state: 'error', detail: event.reason };
        break;
    }
    this.#publish();
  }

  /** The server's storage id: the repo learns it from the server's answer to our join. */
  #serverStorage(): string | undefined {
    const repo = this.#repo;
    if (!repo) return undefined;
    const peers = repo.peers;
    this.#serverPeer = peers[0] ?? null;
    return this.#serverPeer ? repo.getStorageIdOfPeer(this.#serverPeer) : undefined;
  }

  /** How many shared documents differ from what the server last said it has. */
  #behind(): number {
    const storage = this.#serverStorage();
    let behind = 0;
    for (const { handle } of this.#shared.values()) {
      const theirs = storage ? handle.getSyncInfo(storage as never)?.lastHeads : undefined;
      const mine = handle.heads();
      if (
        !theirs ||
        !mine ||
        theirs.length !== mine.length ||
        theirs.some((h, i) => h !== mine[i])
      ) {
        behind++;
      }
    }
    return behind + this.#wanted.size;
  }

  #compose(): DeskSyncStatus {
    const url = this.#options.url;
    const documents = this.#shared.size;
    let state = this.#link.state;
    let message: string;
    const behind = state === 'connected' ? this.#behind() : 0;
    if (state === 'connected' && behind > 0) state = 'syncing';
    const noun = (n: number) => `${n} shared negotiation${n === 1 ? '' : 's'}`;
    switch (state) {
      case 'off':
        message = 'Not connected: Parley touches no network.';
        break;
      case 'connecting':
        message =
          this.#link.detail === '1'
            ? `Connecting to ${url}…`
            : `Connecting to ${url} (attempt ${this.#link.detail})…`;
        break;
      case 'connected':
        message =
          documents === 0
            ? `Connected to ${url}. No shared negotiations yet: a negotiation shared with the desk syncs while you are connected.`
            : `Connected to ${url}: ${noun(documents)}, all up to date.`;
        break;
      case 'syncing':
        message = `Connected to ${url}: bringing ${behind} of ${noun(Math.max(documents, behind))} up to date…`;
        break;
      case 'offline':
        message = `Offline: ${this.#link.detail}`;
        break;
      case 'refused':
        message = `The server at ${url} refused the desk token. Check the token with whoever runs the desk’s server, paste it again and connect.`;
        break;
      case 'error':
        message = `Cannot sync with ${url}: ${this.#link.detail}.`;
        break;
    }
    return {
      state,
      message,
      documents,
      lastSyncAt: this.#lastSyncAt === null ? null : new Date(this.#lastSyncAt).toISOString(),
    };
  }

  #publish(): void {
    const status = this.#compose();
    const last = this.#lastStatus;
    this.#lastStatus = status;
    if (
      !last ||
      last.state !== status.state ||
      last.message !== status.message ||
      last.documents !== status.documents
    ) {
      this.#options.onStatus?.(status);
    }
    for (const waiter of [...this.#waiters]) waiter();
  }
}
