import { sqlMigration } from './sql';
import type { Migration } from './types';

// Drafts: typing not yet saved, kept in the (encrypted) library instead of the browser's
// localStorage, which lay outside it in the clear and outside every backup. One row per field
// being edited ('position.12.text'), holding the exact call that saves it; removed once saved.
// Not user data: no history, no undo.
const SQL = `
CREATE TABLE draft (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 120),
  save TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
`;

export const drafts: Migration = sqlMigration(8, 'drafts in the library', SQL);
