import { indexFirstFourKinds, sqlMigration } from './sql';
import type { Migration } from './types';

// Search finds issues, parties and people as well as positions, red lines, sources and rounds.
//
// The index's rowid was id * 4 + kind: two bits, all four taken. It is now id * 16 + kind (0
// position, 1 red line, 2 source, 3 round, 4 issue, 5 party, 6 person; the rest kept for the
// entities still to come), so every entry is written again under its new key. The index is
// dropped and filled with one INSERT…SELECT per kind, which never carries a row through
// JavaScript: a library of a hundred thousand positions is re-keyed in seconds.
//
// New entries: an issue's title (`title`) and description (`body`), tagged with its own issue
// so the issue filter finds it; a party's name, short code and role, tagged with its own party;
// a person's name and title, tagged with their party. A person's party name is not indexed with
// them: the writer re-indexes only the rows a change set touched, so renaming a party would
// leave its people's entries saying the old name.
//
// Frozen here as written (a migration is never edited); main/db/searchIndex.ts states the same
// entries for the writer and for rebuilding a damaged index: keep the two alike.
const SQL = `
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
  title, body, extra, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);

${indexFirstFourKinds(16)}
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * 16 + 4, title, description, '', 'n' || negotiation_id || ' k4 i' || id
  FROM issue;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * 16 + 5, name, short_code, role, 'n' || negotiation_id || ' k5 p' || id
  FROM party;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT x.id * 16 + 6, x.name, x.title, '', 'n' || p.negotiation_id || ' k6 p' || x.party_id
  FROM person x JOIN party p ON p.id = x.party_id;
`;

export const searchMoreKinds: Migration = sqlMigration(9, 'search issues, parties and people', SQL);
