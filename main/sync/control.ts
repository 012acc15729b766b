// The desk sync connection as the app runs it: at most one at a time, in the interactive lane,
// opened only when the officer connects (or left it connected at the last start), closed when
// they disconnect or the library locks. Nothing else in Parley opens a connection.
import type { DeskSyncStatus, DeskSyncView } from '../../shared/deskSync';
import { AppError } from '../services/errors';
// Types only: the sync engine (Automerge and its WebSocket stack) is loaded when the officer
// first connects, so a Parley that never syncs never pays for it at start.
import type { DeskSync, DeskSyncOptions } from './deskSync';
import { loadAutomerge } from '../services/share/automerge';

export interface DeskSyncConfig {
  address: string;
  token: string;
  connected: boolean;
}

export interface DeskSyncControlOptions {
  /** The stored settings, from the library; null when never set. */
  read(): DeskSyncConfig | null;
  write(config: DeskSyncConfig): void;
  /** Every change of what Settings shows (status included). */
  publish(view: DeskSyncView): void;
  /** Where the merge engine hears of the desk's changes (wired when it is merged). */
  onRemoteChange?: DeskSyncOptions['onRemoteChange'];
  /**
   * A connection was opened (Connect, or the library opened while left connected): the merge
   * engine shares its negotiations on it, `sync.share(uid, doc)` for each.
   */
  onOpen?: (sync: DeskSync) => void;
  /** Shorter waits for tests. */
  retry?: { firstRetryMs: number; maxRetryMs: number };
}

const OFF: DeskSyncStatus = {
  state: 'off',
  message: 'Not connected: Parley touches no network.',
  documents: 0,
  lastSyncAt: null,
};

export class DeskSyncControl {
  #sync: DeskSync | null = null;
  /** The open under way, so that a stop during it wins. */
  #opening: symbol | null = null;
  #status: DeskSyncStatus = OFF;
  #revision = 0;

  constructor(private readonly options: DeskSyncControlOptions) {}

  /** The connection, for the merge engine to share documents on; null while disconnected. */
  get connection(): DeskSync | null {
    return this.#sync;
  }

  view(config = this.#stored()): DeskSyncView {
    return {
      address: config?.address ?? null,
      tokenSet: Boolean(config?.token),
      tokenHint: config?.token ? config.token.slice(-4) : null,
      status: this.#status,
      revision: this.#revision,
    };
  }

  /** Connects to `address` with `token` (null: the stored one), and remembers both. */
  async connect(address: string, token: string | null): Promise<DeskSyncView> {
    const stored = this.options.read();
    const useToken = token ?? stored?.token ?? null;
    if (!useToken) {
      throw new AppError(
        'invalid_input',
        'Paste the desk token you were given with the server’s address.',
        'token',
      );
    }
    const config = { address, token: useToken, connected: true };
    this.options.write(config);
    await this.#open(config);
    return this.view(config);
  }

  /** Disconnects and remembers that the officer did (no connection at the next start). */
  async disconnect(): Promise<DeskSyncView> {
    const stored = this.options.read();
    if (stored) this.options.write({ ...stored, connected: false });
    await this.stop();
    return this.view();
  }

  /** The library opened: connect again if the officer left it connected. */
  resume(): void {
    const stored = this.options.read();
    if (stored?.connected) void this.#open(stored);
  }

  /** Closes the connection (the library locks or closes); the settings stay as they are. */
  async stop(): Promise<void> {
    const sync = this.#sync;
    this.#sync = null;
    this.#opening = null;
    this.#status = OFF;
    this.#revision++;
    // Said at once: the socket is closed before anything else can run (stop's work is
    // synchronous up to its end), so "off" is already true.
    const closing = sync?.stop();
    this.options.publish(this.view());
    await closing;
  }

  /** The stored settings, or none when the library cannot be read (closed under our feet). */
  #stored(): DeskSyncConfig | null {
    try {
      return this.options.read();
    } catch {
      return null;
    }
  }

  async #open(config: DeskSyncConfig): Promise<void> {
    await this.stop();
    const opening = Symbol('opening');
    this.#opening = opening;
    // The shared negotiations' engine too: what the desk sends is merged with it (share/).
    const [{ DeskSync }] = await Promise.all([import('./deskSync'), loadAutomerge()]);
    // Disconnected (or connected elsewhere) while the engine loaded: nothing to open.
    if (this.#opening !== opening) return;
    const sync = new DeskSync({
      url: config.address,
      token: config.token,
      onStatus: (status) => {
        if (this.#sync !== sync) return;
        this.#status = status;
        this.#revision++;
        this.options.publish(this.view());
      },
      ...(this.options.onRemoteChange ? { onRemoteChange: this.options.onRemoteChange } : {}),
      ...(this.options.retry ?? {}),
    });
    this.#sync = sync;
    sync.start();
    this.options.onOpen?.(sync);
  }
}
