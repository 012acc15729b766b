import { sqlMigration } from './sql';
import type { Migration } from './types';

// Markings that hold (what leaves Parley is marked at least as high as anything it carries).
//
// `person.marking_id`: a person's name can itself be sensitive (an interlocutor, a back
// channel), so people carry a marking like every other item; NULL means the negotiation's own.
//
// `change_set.source_file` and `source_by`, on the change that imported a negotiation file: the
// file's name and the officer who exported it. The history that came with the file is kept as
// the file says (origin 'file'), and `import_id` ties each of its changes to that import, so the
// history panel always says "as recorded in <file>, from <officer>" and a file can never pass its
// changes off as made in this library.
const SQL = `
ALTER TABLE person ADD COLUMN marking_id INTEGER REFERENCES marking (id);
ALTER TABLE change_set ADD COLUMN source_file TEXT;
ALTER TABLE change_set ADD COLUMN source_by TEXT;
ALTER TABLE change_set ADD COLUMN import_id INTEGER REFERENCES change_set (id);
CREATE INDEX change_set_import ON change_set (import_id) WHERE import_id IS NOT NULL;
`;

export const markingsThatHold: Migration = sqlMigration(
  7,
  'people markings and imported history provenance',
  SQL,
);
