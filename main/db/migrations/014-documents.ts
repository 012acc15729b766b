import { sqlMigration } from './sql';

// Source documents: the files a source stands on (a cable, a readout, a draft text), kept inside
// the encrypted library and never as loose files.
//
// - `document_content` holds the bytes once per content (by SHA-256). It is not a registry
//   entity: history records each row's values as JSON, and a document's bytes there would copy
//   megabytes into every change that touches it. A document row names its content by hash, so
//   undoing a deletion puts the row back and finds its bytes still here (contents are never
//   removed by an edit; see services/documents.ts).
// - `document` is the registry's entity: which source it belongs to, its file name, the type
//   found by reading its first bytes (never trusted from the name), its size and marking.
// - `document_part` is the extracted text, one row per page (PDF) or paragraph (the others), so
//   a search hit names the page it is on. Parts are registry rows too, so undoing a deletion puts
//   them (and their search entries) back with the document.
//
// A citation can name a document of its source, a page (PDF) or paragraph of it, and the passage
// quoted: added columns (the citation stays one per source and cited item). Deleting the
// document keeps the citation of its source and clears the document it named.
//
// Search finds parts from migration 15 on.
const SQL = `
CREATE TABLE document_content (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  bytes BLOB NOT NULL
) STRICT;

CREATE TABLE document (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL CHECK (length(file_name) > 0),
  media_type TEXT NOT NULL CHECK (media_type IN ('pdf', 'docx', 'text', 'html', 'png', 'jpeg',
    'gif', 'webp')),
  size INTEGER NOT NULL CHECK (size > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  marking_id INTEGER REFERENCES marking (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX document_source ON document (source_id);
CREATE INDEX document_sha256 ON document (sha256);

CREATE TABLE document_part (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number > 0),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX document_part_unique ON document_part (document_id, number);

ALTER TABLE citation ADD COLUMN document_id INTEGER REFERENCES document (id) ON DELETE SET NULL;
ALTER TABLE citation ADD COLUMN part_number INTEGER CHECK (part_number IS NULL OR part_number > 0);
ALTER TABLE citation ADD COLUMN passage TEXT NOT NULL DEFAULT '';
CREATE INDEX citation_document ON citation (document_id) WHERE document_id IS NOT NULL;
`;

export const documents = sqlMigration(14, 'source documents', SQL);
