import { indexFirstFourKinds, sqlMigration } from './sql';
import type { Migration } from './types';

// Full-text search, and where each change set came from.
//
// `search_index` is an FTS5 table holding the searchable text of positions, red lines, sources
// and rounds. The writer (main/db/writer.ts) keeps it in step: every change set re-indexes the
// rows it touched, at its end, in its own transaction, so the two can never disagree. (Not
// triggers: a trigger makes each statement open a savepoint, and FTS5 flushes its pending
// index data at every savepoint, which made large imports five times slower.) Each entry's
// rowid encodes what it is: id * 4 + kind (0 position, 1 red line, 2 source, 3 round), so rowid
// order is entry order. Text columns, weighted in this order when ranking: `title` (a round's
// title, a source's speaker and outlet, a red line's declarer), `body` (the wording, the quote,
// a round's summary, outcome and next steps) and `extra` (notes, references, places). `tags`
// holds what searches filter on as words of its own — n<negotiation> k<kind> p<party>
// i<issue> r<round> — so a filter is one more term of the full-text query, answered from the
// index without reading rows.
//
// `change_set.origin`: 'local' for work done in this database; 'file' for the history that
// came with an imported negotiation (kept so its items' histories stay whole, never undoable
// here); 'import' for the act of importing (undoable; left out when exporting again, so a file
// passed from desk to desk does not grow a copy of itself each time).

const SQL = `
CREATE VIRTUAL TABLE search_index USING fts5 (
  title, body, extra, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- What is already there goes in once; from now on the writer keeps the index.
${indexFirstFourKinds(4)}

ALTER TABLE change_set ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'
  CHECK (origin IN ('local', 'file', 'import'));

-- The foreign key of undo and redo records to what they undid: indexed, as every key is, so
-- checking it never reads the whole table.
CREATE INDEX change_set_target ON change_set (target_id);
`;

export const searchAndOrigins: Migration = sqlMigration(
  4,
  'full-text search and change origins',
  SQL,
);
