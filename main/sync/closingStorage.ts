// The sync server's folder, closed with the server. automerge-repo saves a changed document
// through a timer (at most one save per document every 100 ms), and neither `flush` nor
// `shutdown` cancels a timer already set: it fires after the server has closed, and writes into
// a folder that may be gone. So the server's storage goes through this wrapper. Closing it waits
// for the writes in flight, then drops any that come later: the server's final flush has
// already written every document whole, and with the network down nothing changes after it.
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo';

export interface ClosingStorage extends StorageAdapterInterface {
  /** Waits for every write in flight; writes asked for afterwards are dropped. */
  close(): Promise<void>;
}

export function closingStorage(inner: StorageAdapterInterface): ClosingStorage {
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  };
  const write = (run: () => Promise<void>): Promise<void> =>
    closed ? Promise.resolve() : track(run());
  return {
    load: (key: StorageKey) => track(inner.load(key)),
    loadRange: (prefix: StorageKey): Promise<Chunk[]> => track(inner.loadRange(prefix)),
    save: (key, data) => write(() => inner.save(key, data)),
    remove: (key) => write(() => inner.remove(key)),
    removeRange: (prefix) => write(() => inner.removeRange(prefix)),
    async close() {
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
