// The messages between the main thread and the data worker (see host.ts).
import type { AppEvent } from '../events';
import type { PrintOptions } from '../services/briefing/desk';
import type { Delivery } from '../../shared/briefing';
import type { AppInfo } from '../../shared/domain';
import type { Result } from '../../shared/result';

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
}

/** Main thread → worker. */
export type ToWorker =
  | { kind: 'call'; id: number; channel: unknown; input: unknown }
  | { kind: 'briefingHtml'; id: number; jobId: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; message: string }
  | { kind: 'shutdown'; id: number };

/** Worker → main thread. */
export type FromWorker =
  | { kind: 'ready'; info: AppInfo }
  | { kind: 'failed'; name: string; message: string }
  | { kind: 'result'; id: number; result: Result<unknown>; ms: number }
  | { kind: 'html'; id: number; html: string | undefined }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'print'; id: number; html: string; options: PrintOptions }
  | { kind: 'abort'; id: number }
  | { kind: 'deliver'; id: number; fileName: string; bytes: Uint8Array }
  | { kind: 'closed'; id: number };

export type DeliveryReply = Delivery;
