// The main thread's side of the data worker: a dispatch that forwards each call to the worker
// and resolves with its result, the worker's events re-emitted here, and the printing and
// saving the worker asks for. The main thread itself never runs a query.
import { Worker } from 'node:worker_threads';
import type { AppInfo } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { AppEvents } from '../events';
import type { Dispatch } from '../ipc/dispatch';
import type { PdfPrinter } from '../services/briefing/desk';
import type { Deliver } from '../services/files';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';

export interface HostOptions extends Omit<WorkerOptions, 'canPrint' | 'canDeliver'> {
  printer?: PdfPrinter;
  deliver?: Deliver;
  /** The built worker script, out/main/data-worker.js (entries know where they are built). */
  workerScript: string;
}

export interface AppHost {
  info: AppInfo;
  events: AppEvents;
  dispatch: Dispatch;
  /** A prepared brief's HTML, for the preview frame. */
  briefingHtml(jobId: string): Promise<string | undefined>;
  /** How long each call ran in the worker, per channel (for the benchmark's report). */
  timings: Map<string, number[]>;
  /** The quit backup, then the database closed and the worker stopped. */
  shutdown(): Promise<void>;
}

/** The worker could not open the database (a newer Parley's, say): its message says why. */
export class WorkerStartError extends Error {
  constructor(
    message: string,
    /** The worker-side error's name, such as DatabaseTooNewError. */
    readonly causeName: string,
  ) {
    super(message);
    this.name = 'WorkerStartError';
  }
}

const STOPPED: Result<never> = {
  ok: false,
  error: {
    code: 'internal',
    message: 'Parley’s data service stopped unexpectedly. Restart Parley; your saved work is safe.',
  },
};

export function startDataWorker(options: HostOptions): Promise<AppHost> {
  const { printer, deliver, workerScript, ...rest } = options;
  const workerData: WorkerOptions = { ...rest, canPrint: !!printer, canDeliver: !!deliver };
  const worker = new Worker(workerScript, { workerData });
  const events = new AppEvents();
  const timings = new Map<string, number[]>();
  const calls = new Map<number, { channel: unknown; done: (result: Result<unknown>) => void }>();
  const htmlRequests = new Map<number, (html: string | undefined) => void>();
  const closing = new Map<number, () => void>();
  const prints = new Map<number, AbortController>();
  let nextId = 1;
  let stopped = false;
  const send = (message: ToWorker, transfer: ArrayBuffer[] = []) =>
    worker.postMessage(message, transfer);

  const reply = (id: number, work: Promise<unknown>, transfer = false) =>
    work.then(
      (value) => {
        const buffers =
          transfer && value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
        if (!stopped) send({ kind: 'reply', id, ok: true, value }, buffers);
      },
      (error: unknown) => {
        if (!stopped) send({ kind: 'reply', id, ok: false, message: (error as Error).message });
      },
    );

  return new Promise<AppHost>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'ready':
          resolve(host(message.info));
          return;
        case 'failed':
          reject(new WorkerStartError(message.message, message.name));
          return;
        case 'result': {
          const call = calls.get(message.id);
          calls.delete(message.id);
          if (!call) return;
          if (typeof call.channel === 'string') {
            const list = timings.get(call.channel) ?? [];
            list.push(message.ms);
            timings.set(call.channel, list);
          }
          call.done(message.result);
          return;
        }
        case 'html':
          htmlRequests.get(message.id)?.(message.html);
          htmlRequests.delete(message.id);
          return;
        case 'event':
          events.emit(message.event.channel, message.event.payload as never);
          return;
        case 'print': {
          const abort = new AbortController();
          prints.set(message.id, abort);
          const work = printer
            ? printer.print(message.html, message.options, abort.signal)
            : Promise.reject(new Error('Printing is not available.'));
          void reply(message.id, work, true).finally(() => prints.delete(message.id));
          return;
        }
        case 'abort':
          prints.get(message.id)?.abort();
          return;
        case 'deliver': {
          const work = deliver
            ? deliver(message.fileName, message.bytes, new AbortController().signal)
            : Promise.reject(new Error('Saving files is not available.'));
          void reply(message.id, work);
          return;
        }
        case 'closed':
          closing.get(message.id)?.();
          closing.delete(message.id);
          return;
      }
    });
    worker.on('error', (error) => {
      console.error('[parley] the data worker failed:', error);
      reject(error);
    });
    worker.on('exit', () => {
      stopped = true;
      for (const call of calls.values()) call.done(STOPPED);
      calls.clear();
      for (const done of htmlRequests.values()) done(undefined);
      for (const done of closing.values()) done();
    });
  });

  function host(info: AppInfo): AppHost {
    return {
      info,
      events,
      timings,
      dispatch: (channel, input) => {
        if (stopped) return Promise.resolve(STOPPED);
        const id = nextId++;
        return new Promise((resolve) => {
          calls.set(id, { channel, done: resolve });
          send({ kind: 'call', id, channel, input });
        });
      },
      briefingHtml: (jobId) => {
        if (stopped) return Promise.resolve(undefined);
        const id = nextId++;
        return new Promise((resolve) => {
          htmlRequests.set(id, resolve);
          send({ kind: 'briefingHtml', id, jobId });
        });
      },
      shutdown: async () => {
        if (stopped) return;
        const id = nextId++;
        await new Promise<void>((resolve) => {
          closing.set(id, resolve);
          send({ kind: 'shutdown', id });
        });
        await worker.terminate();
      },
    };
  }
}
