import { sqlMigration } from './sql';
import type { Migration } from './types';

// Positions' search entries get an FTS5 table of their own (issue 16: search at huge).
//
// Positions are nearly all of a library's entries: 96,000 of 100,000 in the huge bench
// negotiation. FTS5 reads the whole of a table's list of each word a query names, once per
// query: BM25 counts every entry holding each word to weigh it, and a typed prefix ("sanct")
// gathers all its words' lists before the first row. With one table, ranking the few hundred
// red lines, sources and developments that held a word read every position's entry of it too,
// and counting the matches of each kind sorted them all. With positions apart, the other kinds
// are ranked and counted in a table a twentieth of the size, and positions are counted alone.
//
// A position's entry is keyed by its negotiation too: negotiation id * 2^36 + id * 16. A
// negotiation's positions are then one range of keys, which FTS5 reads alone, where matching a
// tag of the negotiation's read the tag's list over every position in the library.
//
// Entries keep their text: the positions' entries (kind 0) are copied from the index under their
// new keys, and the rest are copied into a new `search_index` (dropped and made again, so no
// delete markers of the moved entries remain in its lists).
//
// Frozen here as written (a migration is never edited); main/db/searchIndex.ts states the same
// tables for rebuilding a damaged index: keep the two alike.
const FTS = `USING fts5 (
  title, body, extra, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
)`;

const SQL = `
CREATE VIRTUAL TABLE search_index_position ${FTS};
INSERT INTO search_index_position (search_index_position, rank) VALUES ('hashsize', 16777216);
INSERT INTO search_index_position (rowid, title, body, extra, tags)
  SELECT r.negotiation_id * 68719476736 + s.rowid, s.title, s.body, s.extra, s.tags
  FROM search_index s JOIN position p ON p.id = s.rowid / 16 JOIN round r ON r.id = p.round_id
  WHERE s.rowid % 16 = 0
  ORDER BY 1;

CREATE TEMP TABLE search_index_rest AS
  SELECT rowid AS key, title, body, extra, tags FROM search_index WHERE rowid % 16 <> 0;
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index ${FTS};
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT key, title, body, extra, tags FROM temp.search_index_rest ORDER BY key;
DROP TABLE temp.search_index_rest;
`;

export const searchPositionsApart: Migration = sqlMigration(
  19,
  'search positions in a table of their own',
  SQL,
);
