import { sqlMigration } from './sql';

// Search finds linkages: each one's statement (`body`) and notes (`extra`), under the key
// id * 16 + 8, tagged with its negotiation, its kind (k8), its party, its round and every issue
// it ties, so the search dialog's filters find it by any of them. Linkages came in migration
// 12, so there is little or nothing to index here; the writer keeps the entries in step from
// now on (main/db/searchIndex.ts states the same entry: keep the two alike).
const SQL = `
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT l.id * 16 + 8, '', l.statement, l.notes,
         'n' || r.negotiation_id || ' k8 p' || l.party_id || ' r' || l.round_id ||
         IFNULL((SELECT group_concat(' i' || issue_id, '') FROM linkage_issue
                 WHERE linkage_id = l.id), '')
  FROM linkage l JOIN round r ON r.id = l.round_id;
`;

export const searchLinkages = sqlMigration(13, 'search linkages', SQL);
