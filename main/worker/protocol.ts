// The messages between the main thread and the data workers — the interactive lane and the long
// lane, two threads running the same script (see host.ts and lanes.ts).
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
  /** Which lane this worker is (see lanes.ts); 'interactive' when absent. */
  lane?: 'interactive' | 'long';
  /**
   * Shared by both lanes: raised while the long lane writes (see app.ts, `writing`). Absent
   * when the host runs no long lane.
   */
  writing?: Int32Array;
  /** The long lane: the library's fingerprint as the interactive lane opened it (app.ts). */
  startFingerprint?: string | null;
  /** How the desktop app chose the data folder (see services/location.ts). */
  location?: OpenAppOptions['location'];
}

/** Main thread → worker. */
export type ToWorker =
  | { kind: 'call'; id: number; channel: unknown; input: unknown }
  /** A call as the web binding receives it: the JSON text of `{ channel, input }`. */
  | { kind: 'request'; id: number; body: string }
  /** A negotiation file on disk to import (main named it: see ParleyApp.importFile). */
  | { kind: 'importFile'; id: number; path: string; fileName: string }
  | { kind: 'briefingHtml'; id: number; jobId: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; message: string }
  | { kind: 'shutdown'; id: number }
  /** To the long lane: an automatic backup the interactive lane hands over (answered 'done'). */
  | { kind: 'backup'; id: number; reason: 'start' | 'interval' }
  /** To the interactive lane: the long lane's integrity check found damage (or, only to the
   * search index, damage it could not rebuild on the open library). */
  | { kind: 'damage'; problem: string; searchIndexOnly: boolean };

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
  | { kind: 'closed'; id: number }
  /** A request that has no answer but its end (a backup handed over) is done. */
  | { kind: 'done'; id: number }
  /**
   * From the interactive lane: open the long lane on the library with this key (it has just
   * opened and migrated it), or close it (`key` undefined) before the file is replaced or
   * locked. Answered with a reply once done.
   */
  | { kind: 'lane'; id: number; key?: Uint8Array | null; fingerprint?: string | null }
  /** From the interactive lane: take this automatic backup in the long lane (answered 'reply'). */
  | { kind: 'backup'; id: number; reason: 'start' | 'interval' }
  /** From the long lane: its integrity check found damage (passed on to the interactive lane). */
  | { kind: 'damage'; problem: string; searchIndexOnly: boolean };

export type DeliveryReply = Delivery;
