import { sqlMigration } from './sql';
import type { Migration } from './types';

// Search finds developments: each one's title (`title`), summary (`body`) and date note
// (`extra`), under the key id * 16 + 7, tagged with its negotiation, its kind (k7) and every party
// involved and issue touched, so the search dialog's party and issue filters find it by any of
// them. Developments came in migration 10, so there is little or nothing to index here; the
// writer keeps the entries in step from now on (main/db/searchIndex.ts states the same entry:
// keep the two alike).
const SQL = `
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT d.id * 16 + 7, d.title, d.summary, d.date_note,
         'n' || d.negotiation_id || ' k7' ||
         IFNULL((SELECT group_concat(' p' || party_id, '') FROM development_party
                 WHERE development_id = d.id), '') ||
         IFNULL((SELECT group_concat(' i' || issue_id, '') FROM development_issue
                 WHERE development_id = d.id), '')
  FROM development d;
`;

export const searchDevelopments: Migration = sqlMigration(11, 'search developments', SQL);
