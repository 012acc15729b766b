// Automerge, the merge engine of shared negotiations, loaded in a thread only once that thread
// needs it. Its WebAssembly engine takes about 15 MB in every thread that loads it (each data
// worker is one), and most libraries share nothing: loading it with the rest of the worker cost
// every officer that memory, twice (issue 16: main process memory).
//
// It is needed once the library holds a merge document (any edit of a shared negotiation is
// carried into its document inside the edit's transaction, which cannot wait for a load), or for
// a call that makes one (sharing a negotiation, receiving an update). Dispatch loads it before
// such a call (`automergeBefore`); desk sync loads it before it connects. Every use goes through
// `A`, which reads the loaded module.
import type * as Automerge from '@automerge/automerge';
import type { Reader } from '../../db/types';
import { AppError } from '../errors';

export type { Doc, Heads, ImmutableString } from '@automerge/automerge';

let engine: typeof Automerge | null = null;
let loading: Promise<typeof Automerge> | null = null;

/** Loads Automerge in this thread (once; later calls share the first load). */
export function loadAutomerge(): Promise<typeof Automerge> {
  loading ??= import('@automerge/automerge').then((module) => (engine = module));
  return loading;
}

/** Whether this thread has loaded Automerge. */
export const automergeLoaded = (): boolean => engine !== null;

/**
 * Automerge, as loaded. Reaching it before the load is a call that was not prepared for it
 * (see automergeBefore): refused with a message to try again while the load completes.
 */
export const A: typeof Automerge = new Proxy({} as typeof Automerge, {
  get(_target, name) {
    if (!engine) {
      void loadAutomerge();
      throw new AppError(
        'unavailable',
        'Parley is still loading what it merges shared negotiations with. Try again in a moment.',
      );
    }
    return engine[name as keyof typeof Automerge];
  },
});

/** Whether the library holds a merge document (a shared negotiation). */
export function holdsMergeDocuments(db: Reader): boolean {
  return db.get('SELECT 1 AS found FROM share_doc LIMIT 1') !== undefined;
}

/** The calls that make a merge document where there was none. */
const MAKES_DOCUMENTS = new Set(['share:export', 'share:receive']);

/**
 * Loads Automerge before a call that may need it: one that makes a merge document, or any call
 * once the library holds one. `library` is null while the library is locked or closed.
 */
export async function automergeBefore(channel: string, library: () => Reader | null) {
  if (engine) return;
  if (MAKES_DOCUMENTS.has(channel)) {
    await loadAutomerge();
    return;
  }
  const db = library();
  if (db && holdsMergeDocuments(db)) await loadAutomerge();
}
