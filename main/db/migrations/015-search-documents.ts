import { sqlMigration } from './sql';

// Search finds the text of attached documents: each page or paragraph (document_part) under the
// key id * 16 + 9, its document's file name as the title (so a search for the name finds it too),
// its text as the body, tagged with the negotiation and its kind (k9). Documents came in
// migration 14, so there is little or nothing to index here; the writer keeps the entries in step
// from now on (main/db/searchIndex.ts states the same entry: keep the two alike).
const SQL = `
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT x.id * 16 + 9, d.file_name, x.text, '', 'n' || s.negotiation_id || ' k9'
  FROM document_part x JOIN document d ON d.id = x.document_id
  JOIN source s ON s.id = d.source_id;
`;

export const searchDocuments = sqlMigration(15, 'search documents', SQL);
