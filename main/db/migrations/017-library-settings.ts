import { sqlMigration } from './sql';
import type { Migration } from './types';

// Settings that belong inside the encrypted library rather than in settings.json beside it:
// first the desk sync's server address and the desk's token (issue 19), a secret that must
// never lie in the clear. One row per setting, its value as JSON. Not negotiation data: no
// history, no undo, not in the negotiation file.
const SQL = `
CREATE TABLE setting (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 80),
  value TEXT NOT NULL CHECK (json_valid(value)),
  at TEXT NOT NULL
) STRICT;
`;

export const librarySettings: Migration = sqlMigration(17, 'settings kept in the library', SQL);
