// The main thread's side of the data workers: a dispatch that forwards each call to its lane
// (lanes.ts) and resolves with its result, the workers' events re-emitted here, and the printing
// and saving the workers ask for. The main thread itself never runs a query.
import { Worker } from 'node:worker_threads';
import type { AppInfo } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { AppEvents } from '../events';
import type { Dispatch } from '../ipc/dispatch';
import type { PdfPrinter } from '../services/briefing/desk';
import type { Deliver } from '../services/files';
import type { Keychain } from '../services/keys';
import { channelOfBody, LONG_CHANNELS } from './lanes';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';
import { Requests } from './requests';

export interface HostOptions extends Omit<
  WorkerOptions,
  'canPrint' | 'canDeliver' | 'canUseKeychain' | 'lane' | 'writing'
> {
  printer?: PdfPrinter;
  deliver?: Deliver;
  /** The system's keychain (the desktop app's safeStorage), where one truly protects. */
  keychain?: Keychain | null;
  /** The built worker script, out/main/data-worker.js (entries know where they are built). */
  workerScript: string;
  /**
   * Run long work in a lane of its own (the default). Off, one worker does everything, as
   * before lanes: the benchmark's reference for the interactive call under load.
   */
  longLane?: boolean;
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
  /**
   * Imports a negotiation file from disk in the long lane (see ParleyApp.importFile); the
   * result as JSON text, as dispatchJson gives it.
   */
  importFile(path: string, fileName: string): Promise<string>;
  /** A prepared brief's HTML, for the preview frame. */
  briefingHtml(jobId: string): Promise<string | undefined>;
  /** How long each call ran in its worker, per channel (for the benchmark's report). */
  timings: Map<string, number[]>;
  /** Settles once the long lane is open (or there is none to open): for tests and the bench. */
  longLaneReady(): Promise<boolean>;
  /** The quit backup, then the database closed and the workers stopped. */
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

interface CallAnswer {
  json: string;
  malformed: boolean;
}

/** One worker thread and the requests the main thread has made of it. */
interface Link {
  worker: Worker;
  requests: Requests<unknown>;
  send(message: ToWorker, transfer?: ArrayBuffer[]): void;
  stopped: boolean;
}

/**
 * Each data worker's young generation (where V8 puts new objects until they survive a
 * collection): 8 MB rather than V8's default of up to 48 MB. A call's objects die young (rows
 * read, turned into JSON text and sent), so a smaller nursery is only collected more often,
 * while two workers' uncollected garbage was about 25 MB of the process's memory with a large
 * negotiation open (issue 16: main process memory).
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

export function startDataWorker(options: HostOptions): Promise<AppHost> {
  const { printer, deliver, keychain, workerScript, longLane = true, ...rest } = options;
  const base: WorkerOptions = {
    ...rest,
    canPrint: !!printer,
    canDeliver: !!deliver,
    canUseKeychain: !!keychain,
  };
  // Raised by the long lane while it writes; both lanes see the same memory (see lanes.ts).
  const writing = new Int32Array(new SharedArrayBuffer(4));
  const events = new AppEvents();
  const timings = new Map<string, number[]>();

  /** Starts a worker and answers what it asks of this thread; resolves when it is ready. */
  function startLink(
    workerData: WorkerOptions,
    extra: (message: FromWorker, link: Link) => void,
  ): { link: Link; ready: Promise<AppInfo> } {
    const worker = new Worker(workerScript, { workerData, resourceLimits: WORKER_LIMITS });
    const link: Link = {
      worker,
      requests: new Requests<unknown>(),
      send: (message, transfer = []) => worker.postMessage(message, transfer),
      stopped: false,
    };
    const reply = (id: number, work: Promise<unknown>, transfer = false) =>
      work.then(
        (value) => {
          const buffers =
            transfer && value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
          if (!link.stopped) link.send({ kind: 'reply', id, ok: true, value }, buffers);
        },
        (error: unknown) => {
          if (!link.stopped) {
            link.send({ kind: 'reply', id, ok: false, message: (error as Error).message });
          }
        },
      );
    const prints = new Map<number, AbortController>();
    const ready = new Promise<AppInfo>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        switch (message.kind) {
          case 'ready':
            resolve(message.info);
            return;
          case 'failed':
            reject(new WorkerStartError(message.message, message.name));
            return;
          case 'result': {
            if (message.channel) {
              const list = timings.get(message.channel) ?? [];
              list.push(message.ms);
              timings.set(message.channel, list);
            }
            link.requests.resolve(message.id, {
              json: message.json,
              malformed: message.malformed ?? false,
            } satisfies CallAnswer);
            return;
          }
          case 'html':
            link.requests.resolve(message.id, message.html);
            return;
          case 'closed':
          case 'done':
            link.requests.resolve(message.id, undefined);
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
          default:
            extra(message, link);
        }
      });
      worker.on('error', (error) => {
        console.error('[parley] a data worker failed:', error);
        reject(error);
      });
      worker.on('exit', () => {
        link.stopped = true;
        // Every call still waiting is told the service stopped; HTML and closing, undefined.
        link.requests.close({ answer: undefined });
        reject(new Error('The data worker stopped before it was ready.'));
      });
    });
    return { link, ready };
  }

  const call = (link: Link, message: ToWorker): Promise<CallAnswer> =>
    link.requests
      .ask<CallAnswer | undefined>((id) => link.send({ ...message, id } as ToWorker))
      .answer.then((answer) => answer ?? { json: STOPPED, malformed: false });

  // The long lane: started and stopped as the interactive lane opens and closes the library.
  let long: { link: Link; ready: Promise<Link | null>; started: boolean } | null = null;

  async function closeLong(): Promise<void> {
    const current = long;
    long = null;
    if (!current) return;
    if (!current.started) {
      // Still starting (loading, opening, no work taken yet): nothing to finish, so it stops at
      // once rather than after its start. SQLite's WAL keeps the file whole either way.
      await current.link.worker.terminate();
      return;
    }
    const link = await current.ready;
    if (!link || link.stopped) return;
    await link.requests.ask((id) => link.send({ kind: 'shutdown', id })).answer;
    await link.worker.terminate();
  }

  async function openLong(key: Uint8Array | null, fingerprint: string | null): Promise<void> {
    await closeLong();
    const started = startLink(
      {
        ...base,
        lane: 'long',
        key,
        writing,
        automaticBackups: base.automaticBackups ?? false,
        startFingerprint: fingerprint,
      },
      (message) => {
        if (message.kind === 'event') {
          // The long lane's own status (its connection open) is not the app's: the
          // interactive lane's is.
          if (message.event.channel !== 'app:status') {
            events.emit(message.event.channel, message.event.payload as never);
          }
        } else if (message.kind === 'damage') {
          if (!interactive.stopped) {
            interactive.send({
              kind: 'damage',
              problem: message.problem,
              searchIndexOnly: message.searchIndexOnly,
            });
          }
        }
      },
    );
    const entry: { link: Link; ready: Promise<Link | null>; started: boolean } = {
      link: started.link,
      started: false,
      ready: started.ready.then(
        () => {
          entry.started = true;
          return started.link;
        },
        (error: unknown) => {
          // Long work then runs in the interactive lane, as before lanes: slower, still right.
          // (A lane closed while it started was stopped on purpose: nothing to report.)
          if (long === entry) {
            console.error(`[parley] the long-work lane did not start: ${(error as Error).message}`);
          }
          return null;
        },
      ),
    };
    long = entry;
    started.link.worker.on('exit', () => {
      if (long === entry) long = null;
    });
    await entry.ready;
  }

  /** The lane a call on `channel` goes to. */
  async function laneFor(channel: unknown): Promise<Link> {
    if (typeof channel === 'string' && LONG_CHANNELS.has(channel) && long) {
      const link = await long.ready;
      if (link && !link.stopped) return link;
    }
    return interactive;
  }

  const { link: interactive, ready } = startLink(
    { ...base, lane: 'interactive', ...(longLane ? { writing } : {}) },
    (message, link) => {
      switch (message.kind) {
        case 'event':
          events.emit(message.event.channel, message.event.payload as never);
          return;
        case 'lane': {
          const work = !longLane
            ? Promise.resolve()
            : message.key === undefined
              ? closeLong()
              : openLong(message.key, message.fingerprint ?? null);
          void work.then(
            () =>
              !link.stopped && link.send({ kind: 'reply', id: message.id, ok: true, value: null }),
          );
          return;
        }
        default:
          // Every other kind is handled by startLink itself, or only the long lane sends it.
          return;
      }
    },
  );

  return ready.then((info) => ({
    info,
    events,
    timings,
    dispatch: async (channel, input) =>
      JSON.parse(
        (await call(await laneFor(channel), { kind: 'call', id: 0, channel, input })).json,
      ) as Result<unknown>,
    dispatchJson: async (channel, input) =>
      (await call(await laneFor(channel), { kind: 'call', id: 0, channel, input })).json,
    dispatchBody: async (body) => {
      const lane = await laneFor(channelOfBody(body));
      const { json, malformed } = await call(lane, { kind: 'request', id: 0, body });
      return { status: malformed ? 400 : 200, json };
    },
    importFile: async (path, fileName) =>
      (await call(await laneFor('transfer:import'), { kind: 'importFile', id: 0, path, fileName }))
        .json,
    briefingHtml: async (jobId) => {
      // A brief's job lives in the lane that prepared it (the long one, when open).
      const lane = await laneFor('briefing:preview');
      return lane.requests.ask<string | undefined>((id) =>
        lane.send({ kind: 'briefingHtml', id, jobId }),
      ).answer;
    },
    longLaneReady: async () => !!(long && (await long.ready)),
    shutdown: async () => {
      if (interactive.stopped) return closeLong();
      // Both lanes close at once: the long lane's connection only closes, while the
      // interactive lane takes the quit backup (which only reads the library).
      await Promise.all([
        closeLong(),
        interactive.requests.ask((id) => interactive.send({ kind: 'shutdown', id })).answer,
      ]);
      // The interactive lane's own closing may have asked for the long lane once more.
      await closeLong();
      await interactive.worker.terminate();
    },
  }));
}
