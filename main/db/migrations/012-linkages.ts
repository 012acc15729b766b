import { joinTable, sqlMigration } from './sql';

// Linkages and packages (issue 17, part 2). A linkage is a party tying issues together in a
// round — conditional, exchange or refusal — with the issues it ties (at least one) and the
// round's positions it involves (perhaps none) as join tables. A package is positions across
// issues that a party offers or demands together. Both belong to a round and a party, as
// positions do, and follow their predecessor in the round they were carried from (previous_id),
// so a comparison of two rounds matches them by lineage.
//
// A linkage cites its sources, so the citation table gains a fifth target, rebuilt as in
// migration 10 (same ids: history addresses citations by id).
// Search finds them from migration 13 on (as developments came in 10 and were indexed in 11).
const SQL = `
CREATE TABLE linkage (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  party_id INTEGER NOT NULL REFERENCES party (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('conditional', 'exchange', 'refusal')),
  status TEXT NOT NULL CHECK (status IN ('proposed', 'in_force', 'withdrawn')),
  statement TEXT NOT NULL CHECK (length(statement) > 0),
  notes TEXT NOT NULL DEFAULT '',
  previous_id INTEGER REFERENCES linkage (id) ON DELETE SET NULL,
  marking_id INTEGER REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (previous_id IS NULL OR previous_id <> id)
) STRICT;
CREATE INDEX linkage_round ON linkage (round_id, party_id);
CREATE INDEX linkage_party ON linkage (party_id);
CREATE INDEX linkage_previous ON linkage (previous_id);
${joinTable('linkage_issue', 'linkage', 'issue')}
${joinTable('linkage_position', 'linkage', 'position')}

CREATE TABLE package (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  party_id INTEGER NOT NULL REFERENCES party (id) ON DELETE CASCADE,
  stance TEXT NOT NULL CHECK (stance IN ('offered', 'demanded')),
  title TEXT NOT NULL CHECK (length(title) > 0),
  notes TEXT NOT NULL DEFAULT '',
  previous_id INTEGER REFERENCES package (id) ON DELETE SET NULL,
  marking_id INTEGER REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (previous_id IS NULL OR previous_id <> id)
) STRICT;
CREATE INDEX package_round ON package (round_id, party_id);
CREATE INDEX package_party ON package (party_id);
CREATE INDEX package_previous ON package (previous_id);
${joinTable('package_position', 'package', 'position')}

CREATE TABLE citation_new (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  round_id INTEGER REFERENCES round (id) ON DELETE CASCADE,
  position_id INTEGER REFERENCES position (id) ON DELETE CASCADE,
  red_line_id INTEGER REFERENCES red_line (id) ON DELETE CASCADE,
  development_id INTEGER REFERENCES development (id) ON DELETE CASCADE,
  linkage_id INTEGER REFERENCES linkage (id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((round_id IS NOT NULL) + (position_id IS NOT NULL) + (red_line_id IS NOT NULL)
    + (development_id IS NOT NULL) + (linkage_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO citation_new (id, source_id, round_id, position_id, red_line_id, development_id,
    note, created_at)
  SELECT id, source_id, round_id, position_id, red_line_id, development_id, note, created_at
  FROM citation;
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
CREATE UNIQUE INDEX citation_linkage ON citation (linkage_id, source_id)
  WHERE linkage_id IS NOT NULL;
`;

export const linkages = sqlMigration(12, 'linkages and packages', SQL);
