import type { Migration } from './types';

// Bulk writes (an import, the sample, a carry-forward of a long round) add thousands of entries
// to the search index in one transaction. FTS5 keeps new entries in memory and writes them out
// as a segment whenever they pass its hash size (1 MB by default), and every segment is later
// merged with the others: merging that grew faster than the data (6.5× the time for 5× the
// positions). With 16 MB it writes a sixteenth as many segments; only a bulk write ever fills
// it (an edit adds a few hundred bytes), and the memory is freed when the transaction ends.
// (rebuildIndex in queries/search.ts sets the same after recreating the index: keep alike.)
export const searchIndexMemory: Migration = {
  version: 6,
  name: 'search index write buffer',
  up(db) {
    db.exec(`INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216)`);
  },
};
