import { sqlMigration } from './sql';
import type { Migration } from './types';

// A log of exported briefs: what each contained (a snapshot of its items), so the next brief
// of the same kind can list what changed since. It is a record of exports, not user data, so
// it has no undo; and it has no foreign keys, so it outlives a deleted (and restored) round or
// negotiation.
const SQL = `
CREATE TABLE briefing_export (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('round', 'comparison', 'overview')),
  round_id INTEGER,
  file_name TEXT NOT NULL,
  marking_label TEXT NOT NULL,
  page_size TEXT NOT NULL CHECK (page_size IN ('A4', 'Letter')),
  pages INTEGER NOT NULL,
  bottom_line TEXT NOT NULL DEFAULT '',
  snapshot TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX briefing_export_kind ON briefing_export (negotiation_id, kind, id);
CREATE INDEX briefing_export_round ON briefing_export (round_id, id);
`;

export const briefingExports: Migration = sqlMigration(3, 'briefing exports', SQL);
