// Long work that streams a large file (an import) leaves its garbage to V8, which collects the
// old generation only when it has grown well past what was live at the last collection: an
// import's dead items pile up there to several times the file's size before one runs (issue 16).
// Collecting as each few megabytes go by keeps the peak near what is live.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | undefined;

/**
 * V8's full collection. Node exposes it only behind `--expose-gc`, which a worker thread cannot
 * be given; the flag is set for the moment a fresh context is made, whose `gc` then collects the
 * whole isolate (this thread's heap), and is unset again.
 */
function collectorOf(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** A full collection of this thread's heap, now. */
export function collectGarbage(): void {
  collector ??= collectorOf();
  collector();
}

/**
 * Collects once every `bytes` counted through it (for a loop over a file's chunks), unless the
 * collections so far have cost more than `budget` of the time since it began: a collection's
 * cost grows with what the heap holds, and where that is much (a test's process, say) the
 * garbage matters less than the time.
 */
export function collectEvery(
  bytes: number,
  { collect = collectGarbage, now = () => performance.now(), budget = 0.1 } = {},
): (read: number) => void {
  const start = now();
  let since = 0;
  let spent = 0;
  return (read) => {
    since += read;
    if (since < bytes) return;
    const at = now();
    if (spent > budget * (at - start)) return;
    since = 0;
    collect();
    spent += now() - at;
  };
}
