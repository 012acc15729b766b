import { sqlMigration } from './sql';
import type { Migration } from './types';

// Drafts in order (the keystroke that came late). Through the web binding each keystroke's draft
// and the save that follows are separate requests, and they may arrive in any order: a draft
// of "the reloa" landing after the save of "the reload" was kept, and replayed over it at the
// next start. Each draft and each save of a field now carries the page's sequence number for
// it (renderer/src/lib/save.svelte.ts), and a field's row remembers two: the draft it holds
// (`seq`), and the newest save that landed (`landed`). A draft no newer than either is refused,
// a save older than the landed one is not applied, and a row whose draft has been saved stays
// as a marker without text (`save` NULL) so that a late draft still meets it.
//
// SQLite cannot drop NOT NULL from a column, so the table is made again; drafts in it are kept
// as sequence 1, older than anything a page sends from now on (pages number from the clock),
// and replayed at the next start as any draft is.
const SQL = `
CREATE TABLE draft_next (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 120),
  save TEXT,
  seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),
  landed INTEGER NOT NULL DEFAULT 0 CHECK (landed >= 0),
  at TEXT NOT NULL
) STRICT;
INSERT INTO draft_next (key, save, seq, at) SELECT key, save, 1, at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_next RENAME TO draft;
`;

export const draftsInOrder: Migration = sqlMigration(20, 'drafts in order', SQL);
