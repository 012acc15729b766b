import type { DocumentInfo, DocumentPart, DocumentType } from '../../../shared/documents';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toItem, type RowOf } from '../entities';

type DocumentRow = RowOf<'document'> & { part_count: number };

const toDocument = ({ part_count, ...row }: DocumentRow): DocumentInfo => {
  const { updatedAt: _updated, ...item } = toItem('document', row);
  return { ...item, mediaType: item.mediaType as DocumentType, partCount: part_count };
};

const WITH_COUNT = `SELECT d.*, (SELECT COUNT(*) FROM document_part p WHERE p.document_id = d.id)
                      AS part_count FROM document d`;

/** A negotiation's documents, by source, oldest first. */
export function listDocuments(db: Reader, negotiationId: number): DocumentInfo[] {
  return db
    .all<DocumentRow>(
      `${WITH_COUNT} JOIN source s ON s.id = d.source_id WHERE s.negotiation_id = ?
       ORDER BY d.source_id, d.id`,
      negotiationId,
    )
    .map(toDocument);
}

/**
 * Each source's documents, by source id: what a source stands for in an output (a brief's annex,
 * a spreadsheet's sources), so their markings roll up into it.
 */
export function documentsBySource(db: Reader, negotiationId: number): Map<number, DocumentInfo[]> {
  const by = new Map<number, DocumentInfo[]>();
  for (const d of listDocuments(db, negotiationId))
    by.set(d.sourceId, [...(by.get(d.sourceId) ?? []), d]);
  return by;
}

export function getDocument(db: Reader, id: number): DocumentInfo | undefined {
  const row = db.get<DocumentRow>(`${WITH_COUNT} WHERE d.id = ?`, id);
  return row && toDocument(row);
}

export function documentParts(db: Reader, documentId: number): DocumentPart[] {
  return db.all<DocumentPart>(
    'SELECT number, text FROM document_part WHERE document_id = ? ORDER BY number',
    documentId,
  );
}

/** The stored bytes of a content hash, if the library holds them. */
export function contentBytes(db: Reader, sha256: string): Buffer | undefined {
  return db.get<{ bytes: Buffer }>('SELECT bytes FROM document_content WHERE sha256 = ?', sha256)
    ?.bytes;
}

export function hasContent(db: Reader, sha256: string): boolean {
  return db.get('SELECT 1 FROM document_content WHERE sha256 = ?', sha256) !== undefined;
}

/**
 * Keeps the bytes under their hash (once, however many documents name them). Outside the
 * registry on purpose (see migration 12): history never copies them, and an edit never removes
 * them, so an undone deletion finds its bytes. Runs inside the caller's change.
 */
export function storeContent(w: Writer, sha256: string, bytes: Uint8Array): void {
  w.run(
    'INSERT INTO document_content (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    sha256,
    bytes.byteLength,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}

export interface NewDocument {
  sourceId: number;
  fileName: string;
  mediaType: DocumentType;
  size: number;
  sha256: string;
  markingId: number | null;
}

export function insertDocument(w: Writer, values: NewDocument, parts: readonly string[]): number {
  const id = w.insert('document', {
    source_id: values.sourceId,
    file_name: values.fileName,
    media_type: values.mediaType,
    size: values.size,
    sha256: values.sha256,
    marking_id: values.markingId,
  }).id;
  parts.forEach((text, i) => {
    w.insert('document_part', { document_id: id, number: i + 1, text });
  });
  return id;
}

/**
 * Removes stored bytes that no document names and no history row could put back: run by a
 * permanent removal (db/purge.ts) once it has purged a document's rows and history, so its
 * bytes do not outlive it in the file.
 */
export const DROP_UNUSED_CONTENT = `
  DELETE FROM document_content WHERE sha256 NOT IN (SELECT sha256 FROM document)
    AND NOT EXISTS (SELECT 1 FROM history h WHERE h.entity = 'document'
                      AND (json_extract(h.before, '$.sha256') = document_content.sha256
                        OR json_extract(h.after, '$.sha256') = document_content.sha256))`;
