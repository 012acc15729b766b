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
import type { Keychain } from '../services/keys';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';

export interface HostOptions extends Omit<
  WorkerOptions,
  'canPrint' | 'canDeliver' | 'canUseKeychain'
> {
  printer?: PdfPrinter;
  deliver?: Deliver;
  /** The system's keychain (the desktop app's safeStorage), where one truly protects. */
  keychain?: Keychain | null;
  /** The built worker script, out/main/data-worker.js (entries know where they are built). */
  workerScript: string;
}

export interface AppHost {
  info: AppInfo;
  events: AppEvents;
  /** A call, its result parsed (for callers in this process). */
  dispatch: Dispatch;
  /** A call whose result stays JSON text, to be passed on unparsed (IPC, HTTP). */
  dispatchJson(channel: string, input: unknown): Promise<string>;
  /** A web request's body (`{ channel, input }` as JSON text), read in the worker. */
  dispatchBody(body: string): Promise<{ status: number; json: string }>;
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

const STOPPED = JSON.stringify({
  ok: false,
  error: {
    code: 'internal',
    message: 'Parley’s data service stopped unexpectedly. Restart Parley; your saved work is safe.',
  },
} satisfies Result<never>);

export function startDataWorker(options: HostOptions): Promise<AppHost> {
  const { printer, deliver, keychain, workerScript, ...rest } = options;
  const workerData: WorkerOptions = {
    ...rest,
    canPrint: !!printer,
    canDeliver: !!deliver,
    canUseKeychain: !!keychain,
  };
  const worker = new Worker(workerScript, { workerData });
  const events = new AppEvents();
  const timings = new Map<string, number[]>();
  const calls = new Map<number, (json: string, malformed: boolean) => void>();
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
          const done = calls.get(message.id);
          calls.delete(message.id);
          if (message.channel) {
            const list = timings.get(message.channel) ?? [];
            list.push(message.ms);
            timings.set(message.channel, list);
          }
          done?.(message.json, message.malformed ?? false);
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
        case 'keychain': {
          const bytes = Buffer.from(message.bytes);
          const work = keychain
            ? message.operation === 'seal'
              ? keychain.seal(bytes)
              : keychain.open(bytes)
            : Promise.reject(new Error('There is no system keychain here.'));
          void reply(
            message.id,
            work.then((b) => new Uint8Array(b)),
            true,
          );
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
      for (const done of calls.values()) done(STOPPED, false);
      calls.clear();
      for (const done of htmlRequests.values()) done(undefined);
      for (const done of closing.values()) done();
    });
  });

  function call(
    message: Extract<ToWorker, { kind: 'call' | 'request' }>,
  ): Promise<{ json: string; malformed: boolean }> {
    if (stopped) return Promise.resolve({ json: STOPPED, malformed: false });
    const id = nextId++;
    return new Promise((resolve) => {
      calls.set(id, (json, malformed) => resolve({ json, malformed }));
      send({ ...message, id });
    });
  }

  function host(info: AppInfo): AppHost {
    return {
      info,
      events,
      timings,
      dispatch: async (channel, input) =>
        JSON.parse((await call({ kind: 'call', id: 0, channel, input })).json) as Result<unknown>,
      dispatchJson: async (channel, input) =>
        (await call({ kind: 'call', id: 0, channel, input })).json,
      dispatchBody: async (body) => {
        const { json, malformed } = await call({ kind: 'request', id: 0, body });
        return { status: malformed ? 400 : 200, json };
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
