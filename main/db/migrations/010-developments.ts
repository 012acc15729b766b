import { joinTable, sqlMigration } from './sql';
import type { Migration } from './types';

// Developments: dated events outside the formal rounds (a leaders' meeting, a public statement,
// a carrier sailing, a leak). Dated as rounds are — a fuzzy start and end and a note — so an
// approximate date stays approximate. The parties involved and the issues touched are join
// tables (a development may concern several of each, or none).
//
// A development cites its sources as rounds, positions and red lines do, so the citation table
// gains a fourth target. SQLite cannot change a CHECK constraint in place: the table is rebuilt
// with the same ids (history addresses citations by id) and its indexes recreated.
const SQL = `
CREATE TABLE development (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL REFERENCES negotiation (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('statement', 'meeting', 'call', 'military_signal',
    'economic_signal', 'legal_signal', 'leak', 'domestic_politics', 'other')),
  start_date TEXT,
  end_date TEXT,
  date_note TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL CHECK (length(title) > 0),
  summary TEXT NOT NULL DEFAULT '',
  significance TEXT NOT NULL CHECK (significance IN ('low', 'medium', 'high')),
  marking_id INTEGER REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX development_negotiation ON development (negotiation_id, start_date);

${joinTable('development_party', 'development', 'party')}

${joinTable('development_issue', 'development', 'issue')}

CREATE TABLE citation_new (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  round_id INTEGER REFERENCES round (id) ON DELETE CASCADE,
  position_id INTEGER REFERENCES position (id) ON DELETE CASCADE,
  red_line_id INTEGER REFERENCES red_line (id) ON DELETE CASCADE,
  development_id INTEGER REFERENCES development (id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((round_id IS NOT NULL) + (position_id IS NOT NULL) + (red_line_id IS NOT NULL)
    + (development_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO citation_new (id, source_id, round_id, position_id, red_line_id, note, created_at)
  SELECT id, source_id, round_id, position_id, red_line_id, note, created_at FROM citation;
DROP TABLE citation;
ALTER TABLE citation_new RENAME TO citation;
CREATE INDEX citation_source ON citation (source_id);
CREATE UNIQUE INDEX citation_round ON citation (round_id, source_id) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX citation_position ON citation (position_id, source_id)
  WHERE position_id IS NOT NULL;
CREATE UNIQUE INDEX citation_red_line ON citation (red_line_id, source_id)
  WHERE red_line_id IS NOT NULL;
CREATE UNIQUE INDEX citation_development ON citation (development_id, source_id)
  WHERE development_id IS NOT NULL;
`;

export const developments: Migration = sqlMigration(10, 'developments between rounds', SQL);
