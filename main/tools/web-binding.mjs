// The web binding's process (out/main/web.js, see main/web/main.ts), started the one way both
// `npm run web` and `npm start` without Electron start it.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/**
 * Node's flags for a process that hosts Parley's data workers (worker/host.ts).
 *
 * V8 runs the garbage collection of every isolate in a process — the main thread's and each
 * worker's — partly on one pool of helper threads (Node starts four), at the main thread's own
 * priority, while the lanes' threads step back (nice 10, data-worker.ts). Nearly all of that
 * work is the lanes' garbage: an export of the huge negotiation, say, makes gigabytes of it.
 * With four helpers on a two-processor machine, they took every processor, and the main thread
 * waited its turn for up to 22 ms at a time (issue 16: the main-thread hold-up). Sized to leave
 * one processor for the main thread, the pool never takes them all: the longest hold-up fell
 * to 9–11 ms, and the lanes' calls took as long as before (their collections are small).
 */
export function hostNodeFlags(processors = availableParallelism()) {
  return [`--v8-pool-size=${Math.max(1, Math.min(4, processors - 1))}`];
}

/**
 * Starts the web binding with `args` (`--db`, `--port`, `--key-file`) and those flags. Ctrl+C
 * reaches both processes; a SIGTERM or SIGINT sent to this one alone is passed on. Either way
 * the binding closes the database itself, and stopping twice is harmless there.
 */
export function startWebBinding(root, args, stdio) {
  const binding = spawn(
    process.execPath,
    [...hostNodeFlags(), join(root, 'out', 'main', 'web.js'), ...args],
    { stdio },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => binding.kill(signal));
  return binding;
}
