import { joinTable, sqlMigration } from './sql';
import type { Migration } from './types';

// The whole first-cut data model (see docs/architecture.md). Conventions: snake_case columns,
// NOT NULL unless "unknown" is a real answer, enumerations as checked fixed values, STRICT
// tables so a wrong type can never be stored. Entry times (created_at, updated_at, history.at)
// are ISO-8601 UTC; event times (round dates, declared dates, said dates) are fuzzy dates
// (shared/dates.ts) kept in their own columns.
//
// Every table has an integer `id`: the history and undo machinery addresses rows by
// (table, id). Deleting rows goes through main/db/writer.ts, which removes dependents first so
// each removed row gets its own history entry; the ON DELETE clauses are a safety net.

const SQL = `
CREATE TABLE marking (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 60),
  rank INTEGER NOT NULL UNIQUE
) STRICT;

INSERT INTO marking (id, label, rank) VALUES
  (1, 'UNCLASSIFIED', 0),
  (2, 'RESTRICTED', 10),
  (3, 'CONFIDENTIAL', 20),
  (4, 'SECRET', 30),
  (5, 'TOP SECRET', 40);

CREATE TABLE negotiation (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) > 0),
  summary TEXT NOT NULL DEFAULT '',
  marking_id INTEGER NOT NULL DEFAULT 1 REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE party (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL REFERENCES negotiation (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  short_code TEXT NOT NULL CHECK (length(short_code) > 0),
  colour TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
  role TEXT NOT NULL CHECK (role IN ('principal', 'mediator', 'stakeholder', 'observer')),
  sort_order INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX party_name_unique ON party (negotiation_id, name COLLATE NOCASE);
CREATE UNIQUE INDEX party_code_unique ON party (negotiation_id, short_code COLLATE NOCASE);

CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  party_id INTEGER NOT NULL REFERENCES party (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  title TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX person_party ON person (party_id);

CREATE TABLE issue (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL REFERENCES negotiation (id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX issue_title_unique ON issue (negotiation_id, title COLLATE NOCASE);

CREATE TABLE round (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL REFERENCES negotiation (id) ON DELETE CASCADE,
  sequence INTEGER NOT NULL CHECK (sequence >= 1),
  title TEXT NOT NULL CHECK (length(title) > 0),
  start_date TEXT,
  end_date TEXT,
  date_note TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  format TEXT CHECK (format IN ('direct', 'indirect', 'proximity')),
  channel TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  marking_id INTEGER REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX round_sequence_unique ON round (negotiation_id, sequence);

${joinTable('round_participant', 'round', 'person')}

CREATE TABLE position (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  party_id INTEGER NOT NULL REFERENCES party (id) ON DELETE CASCADE,
  issue_id INTEGER NOT NULL REFERENCES issue (id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(text) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('demand', 'offer', 'concession')),
  status TEXT NOT NULL CHECK (status IN ('on_the_table', 'countered', 'tentatively_agreed',
                                         'agreed', 'withdrawn', 'off_the_agenda')),
  movement TEXT NOT NULL DEFAULT 'none' CHECK (movement IN ('none', 'hardened', 'softened')),
  previous_id INTEGER REFERENCES position (id) ON DELETE SET NULL,
  marking_id INTEGER REFERENCES marking (id),
  notes TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (previous_id IS NULL OR previous_id <> id)
) STRICT;
CREATE INDEX position_round ON position (round_id, issue_id, party_id);
CREATE INDEX position_party_issue ON position (party_id, issue_id);
CREATE INDEX position_issue ON position (issue_id);
CREATE INDEX position_previous ON position (previous_id);

CREATE TABLE red_line (
  id INTEGER PRIMARY KEY,
  party_id INTEGER NOT NULL REFERENCES party (id) ON DELETE CASCADE,
  issue_id INTEGER NOT NULL REFERENCES issue (id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(text) > 0),
  declared_date TEXT,
  date_note TEXT NOT NULL DEFAULT '',
  declared_by_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  declared_by TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'softened', 'abandoned')),
  marking_id INTEGER REFERENCES marking (id),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX red_line_party_issue ON red_line (party_id, issue_id);
CREATE INDEX red_line_issue ON red_line (issue_id);
CREATE INDEX red_line_person ON red_line (declared_by_person_id);

CREATE TABLE source (
  id INTEGER PRIMARY KEY,
  negotiation_id INTEGER NOT NULL REFERENCES negotiation (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('official_statement', 'interview', 'press_report',
                                     'leak', 'document')),
  speaker TEXT NOT NULL DEFAULT '',
  said_date TEXT,
  date_note TEXT NOT NULL DEFAULT '',
  outlet TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  quote TEXT NOT NULL DEFAULT '',
  reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  confidence TEXT CHECK (confidence IN ('high', 'medium', 'low')),
  marking_id INTEGER REFERENCES marking (id),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX source_negotiation ON source (negotiation_id);

-- A citation ties one source to exactly one round, position or red line.
CREATE TABLE citation (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  round_id INTEGER REFERENCES round (id) ON DELETE CASCADE,
  position_id INTEGER REFERENCES position (id) ON DELETE CASCADE,
  red_line_id INTEGER REFERENCES red_line (id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((round_id IS NOT NULL) + (position_id IS NOT NULL) + (red_line_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX citation_source ON citation (source_id);
CREATE UNIQUE INDEX citation_round ON citation (round_id, source_id) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX citation_position ON citation (position_id, source_id)
  WHERE position_id IS NOT NULL;
CREATE UNIQUE INDEX citation_red_line ON citation (red_line_id, source_id)
  WHERE red_line_id IS NOT NULL;

-- One user action (an edit, an undo, a redo): the unit of undo. scope_id is the negotiation the
-- action belongs to, or NULL for library-level actions (creating or deleting a negotiation). It
-- is not a foreign key: the record must outlive a deleted negotiation so the delete can be
-- undone.
CREATE TABLE change_set (
  id INTEGER PRIMARY KEY,
  scope_id INTEGER,
  kind TEXT NOT NULL CHECK (kind IN ('edit', 'undo', 'redo')),
  label TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  -- Undo bookkeeping for edits: 'done' (on the undo stack), 'undone' (on the redo stack),
  -- 'discarded' (undone, then superseded by a new edit). Undo and redo records are 'applied'.
  state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'discarded', 'applied')),
  -- Position on its stack: raised each time the change is done, undone or redone.
  stack_seq INTEGER NOT NULL,
  -- For undo and redo records: the edit they undid or redid.
  target_id INTEGER REFERENCES change_set (id)
) STRICT;
CREATE INDEX change_set_stack ON change_set (scope_id, state, stack_seq);

-- Every row created, updated or deleted, with its values before and after (JSON of the row).
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  change_id INTEGER NOT NULL REFERENCES change_set (id),
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  before TEXT,
  after TEXT,
  at TEXT NOT NULL,
  CHECK ((op = 'create' AND before IS NULL AND after IS NOT NULL)
      OR (op = 'update' AND before IS NOT NULL AND after IS NOT NULL)
      OR (op = 'delete' AND before IS NOT NULL AND after IS NULL))
) STRICT;
CREATE INDEX history_entity ON history (entity, entity_id);
CREATE INDEX history_change ON history (change_id);
`;

export const initial: Migration = sqlMigration(1, 'initial data model', SQL);
