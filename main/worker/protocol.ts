// The messages between the main thread and the data worker (see host.ts).
import type { AppEvent } from '../events';
import type { PrintOptions } from '../services/briefing/desk';
import type { Delivery } from '../../shared/briefing';
import type { AppInfo } from '../../shared/domain';
import type { OpenAppOptions } from '../app';

/** What the worker is started with (plain data: it crosses threads). */
export interface WorkerOptions {
  databasePath: string;
  transport: AppInfo['transport'];
  nativeBinding?: string;
  actor?: string;
  automaticBackups?: boolean;
  /** Whether the main thread can print and deliver files (the worker asks it to). */
  canPrint: boolean;
  canDeliver: boolean;
  /**
   * The library's key, when the caller holds it (the web binding's --key-file). Null opens it
   * unencrypted: only the benchmark's reference does (see db/cipher.ts).
   */
  key?: Uint8Array | null;
  /** Whether the main thread has a keychain that truly protects (the worker asks it to seal). */
  canUseKeychain: boolean;
  /** How the desktop app chose the data folder (see services/location.ts). */
  location?: OpenAppOptions['location'];
}

/** Main thread → worker. */
export type ToWorker =
  | { kind: 'call'; id: number; channel: unknown; input: unknown }
  /** A call as the web binding receives it: the JSON text of `{ channel, input }`. */
  | { kind: 'request'; id: number; body: string }
  | { kind: 'briefingHtml'; id: number; jobId: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; message: string }
  | { kind: 'shutdown'; id: number };

/** Worker → main thread. */
export type FromWorker =
  | { kind: 'ready'; info: AppInfo }
  | { kind: 'failed'; name: string; message: string }
  /** The result as JSON text: the main thread passes it on without parsing it. */
  | {
      kind: 'result';
      id: number;
      channel: string | null;
      json: string;
      ms: number;
      /** The request itself was not JSON (the web binding answers 400). */
      malformed?: boolean;
    }
  | { kind: 'html'; id: number; html: string | undefined }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'print'; id: number; html: string; options: PrintOptions }
  | { kind: 'abort'; id: number }
  | { kind: 'deliver'; id: number; fileName: string; bytes: Uint8Array }
  /** The system's keychain: seal or open the library key (safeStorage lives on the main thread). */
  | { kind: 'keychain'; id: number; operation: 'seal' | 'open'; bytes: Uint8Array }
  | { kind: 'closed'; id: number };

export type DeliveryReply = Delivery;
