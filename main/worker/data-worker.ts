// A data worker: Parley's data side — store, dispatch, backups, briefings, imports and exports —
// on a thread of its own, so no query, however long, ever holds up the main thread (Electron's
// windows and menus, or the web binding's server). Two run, one per lane (lanes.ts): the
// interactive lane and the long lane, each with its own connection. The main thread prints and
// saves files for them (Chromium and the save dialog live there).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openApp, type LongLaneLink, type ParleyApp } from '../app';
import type { PdfPrinter } from '../services/briefing/desk';
import type { Deliver } from '../services/files';
import type { Keychain } from '../services/keys';
import type { Delivery } from '../../shared/briefing';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';
import { Requests } from './requests';
import { log, SLOW_CALL_MS } from '../log';

const port = parentPort!;

// Long work here must never compete with the windows for the processor: on Linux, where a
// thread has its own priority, this one steps back (best effort; elsewhere it is a no-op).
try {
  const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
  // Both lanes alike: they run side by side on their own threads, so the interactive lane
  // never waits for the long one anyway, and a long lane niced further would hardly run on a
  // busy machine (an import, or closing at quit, would take minutes).
  if (tid) setPriority(tid, 10);
} catch {
  // Not Linux, or not allowed: the work still runs off the main thread.
}
const options = workerData as WorkerOptions;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

// Requests this worker makes of the main thread.
const waiting = new Requests<unknown>();
function ask<T>(
  message: (id: number) => FromWorker,
  transfer: ArrayBuffer[] = [],
): { id: number; answer: Promise<T> } {
  return waiting.ask<T>((id) => post(message(id), transfer));
}

// The long lane beside this one, opened and closed by the main thread as the library is.
const longLane: LongLaneLink = {
  open: async (key, fingerprint) => {
    await ask<null>((id) => ({
      kind: 'lane',
      id,
      key: key && new Uint8Array(key),
      fingerprint,
    })).answer;
  },
  close: async () => {
    await ask<null>((id) => ({ kind: 'lane', id })).answer;
  },
  backup: async (reason) => {
    await ask<null>((id) => ({ kind: 'backup', id, reason })).answer;
  },
};
const lane = options.lane ?? 'interactive';

const printer: PdfPrinter = {
  async print(html, printOptions, signal) {
    const { id, answer } = ask<Uint8Array>((id) => ({
      kind: 'print',
      id,
      html,
      options: printOptions,
    }));
    const abort = () => post({ kind: 'abort', id });
    signal.addEventListener('abort', abort, { once: true });
    try {
      return new Uint8Array(await answer);
    } finally {
      signal.removeEventListener('abort', abort);
    }
  },
};

// The file's bytes are handed over, not copied: a large export would otherwise cost the main
// thread a copy of it.
const deliver: Deliver = async (fileName, bytes) => {
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : new Uint8Array(bytes);
  return ask<Delivery>(
    (id) => ({ kind: 'deliver', id, fileName, bytes: own }),
    [own.buffer as ArrayBuffer],
  ).answer;
};

// The keychain lives on the main thread (Electron's safeStorage): asked for, like printing.
const keychainAsk =
  (operation: 'seal' | 'open') =>
  async (bytes: Buffer): Promise<Buffer> =>
    Buffer.from(
      await ask<Uint8Array>((id) => ({
        kind: 'keychain',
        id,
        operation,
        bytes: new Uint8Array(bytes),
      })).answer,
    );
const keychain: Keychain = { seal: keychainAsk('seal'), open: keychainAsk('open') };

let app: ParleyApp;
try {
  app = openApp({
    databasePath: options.databasePath,
    transport: options.transport,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
    automaticBackups: options.automaticBackups ?? false,
    ...(options.canPrint ? { printer } : {}),
    ...(options.canDeliver ? { deliver } : {}),
    ...(options.key !== undefined ? { key: options.key && Buffer.from(options.key) } : {}),
    keychain: options.canUseKeychain ? keychain : null,
    lane,
    ...(options.startFingerprint !== undefined
      ? { startFingerprint: options.startFingerprint }
      : {}),
    ...(options.writing ? { writing: options.writing } : {}),
    // Only an interactive lane started beside a long one (it shares the `writing` flag).
    ...(lane === 'interactive' && options.writing ? { longLane } : {}),
    ...(options.location ? { location: options.location } : {}),
  });
} catch (error) {
  post({ kind: 'failed', name: (error as Error).name, message: (error as Error).message });
  throw error;
}

app.events.on((event) => post({ kind: 'event', event }));

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'call':
    case 'request': {
      const started = performance.now();
      let channel: unknown = message.kind === 'call' ? message.channel : undefined;
      let input: unknown = message.kind === 'call' ? message.input : undefined;
      if (message.kind === 'request') {
        try {
          ({ channel, input } = (JSON.parse(message.body) ?? {}) as Record<string, unknown>);
        } catch {
          const refusal = { code: 'invalid_input', message: 'The request is not valid JSON.' };
          const json = JSON.stringify({ ok: false, error: refusal });
          post({ kind: 'result', id: message.id, channel: null, json, ms: 0, malformed: true });
          return;
        }
      }
      void app.dispatch(channel, input).then((result) => {
        const ms = performance.now() - started;
        // Slow calls go in the log by name and time only (never their input).
        if (ms > SLOW_CALL_MS && typeof channel === 'string') {
          log.warn(`Slow call: ${channel} took ${Math.round(ms)} ms`);
        }
        post({
          kind: 'result',
          id: message.id,
          channel: typeof channel === 'string' ? channel : null,
          json: JSON.stringify(result),
          ms,
        });
      });
      return;
    }
    case 'importFile': {
      const started = performance.now();
      void app.importFile(message.path, message.fileName).then((result) =>
        post({
          kind: 'result',
          id: message.id,
          channel: 'transfer:import',
          json: JSON.stringify(result),
          ms: performance.now() - started,
        }),
      );
      return;
    }
    case 'briefingHtml':
      post({ kind: 'html', id: message.id, html: app.briefings.html(message.jobId) });
      return;
    case 'reply':
      if (message.ok) waiting.resolve(message.id, message.value);
      else waiting.reject(message.id, new Error(message.message));
      return;
    case 'damage':
      app.reportDamage(message.problem, message.searchIndexOnly);
      return;
    case 'backup':
      void app
        .automaticBackup(message.reason)
        .finally(() => post({ kind: 'done', id: message.id }));
      return;
    case 'shutdown':
      void app.shutdown().finally(() => post({ kind: 'closed', id: message.id }));
      return;
  }
});

// Ready once the start is settled: unlocked from the keychain, or waiting on the unlock screen.
void app.started.then(() => {
  post({ kind: 'ready', info: app.info });
  // The long lane checks the whole file once the windows have what they need: the first view
  // asks the interactive lane, which does not wait for this. Damage found is passed on to the
  // interactive lane, which shows the recovery screen.
  if (lane === 'long') {
    setImmediate(() => {
      const damage = app.checkInBackground();
      if (damage) post({ kind: 'damage', ...damage });
    });
  }
});
