import { sqlMigration } from './sql';
import type { Migration } from './types';

// The officer's verdict on a possible conflict: a party's demand against another party's red
// line on the same issue is either a real conflict or, on reflection, compatible.
const SQL = `
CREATE TABLE conflict_assessment (
  id INTEGER PRIMARY KEY,
  position_id INTEGER NOT NULL REFERENCES position (id) ON DELETE CASCADE,
  red_line_id INTEGER NOT NULL REFERENCES red_line (id) ON DELETE CASCADE,
  verdict TEXT NOT NULL CHECK (verdict IN ('conflicts', 'compatible')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX conflict_assessment_pair ON conflict_assessment (position_id, red_line_id);
CREATE INDEX conflict_assessment_red_line ON conflict_assessment (red_line_id);
`;

export const conflictAssessments: Migration = sqlMigration(2, 'conflict assessments', SQL);
