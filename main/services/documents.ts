// Source documents: files attached to a source, kept inside the encrypted library. Attaching
// checks the file whole before anything is written — its size, its type by content (never by
// name), and its text, read within a budget (documents/extract.ts) — then writes the bytes, the
// document and its pages or paragraphs in one change, so one undo takes all of it back.
import { createHash } from 'node:crypto';
import type { ParsedOf } from '../../shared/contract';
import {
  DOCUMENT_MEDIA_TYPES,
  DOCUMENT_TYPE_LABELS,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_MB,
  isImage,
  type DocumentInfo,
  type DocumentType,
  type DocumentView,
} from '../../shared/documents';
import {
  contentBytes,
  documentParts,
  getDocument,
  insertDocument,
  storeContent,
} from '../db/queries/documents';
import type { Store } from '../db/store';
import type { Writer } from '../db/writer';
import { quoted, requireMarking, scopeOf } from './common';
import { checkedDocx, docxHtml, DocumentRefused, extractParts } from './documents/extract';
import { agrees, decodeText, sniff, typeByName } from './documents/sniff';
import { AppError, invalid, notFound } from './errors';

/** What content of each type is, inside a sentence ("its content is plain text"). */
const CONTENT_IS: Record<DocumentType, string> = {
  pdf: 'a PDF',
  docx: 'a Word document',
  text: 'plain text',
  html: 'a web page',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
};

const KEPT = 'Parley keeps PDF, Word (.docx), plain text, HTML, PNG, JPEG, GIF and WebP files.';

/** The type of the file's content, or a clear refusal naming the file. */
export function detectType(fileName: string, bytes: Uint8Array): DocumentType {
  const name = `“${fileName}”`;
  if (bytes.byteLength === 0) {
    throw invalid(
      'file',
      `${name} is empty (0 bytes): there is nothing to attach. Choose the file again, or check it was saved completely.`,
    );
  }
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw invalid('file', tooLarge(fileName, bytes.byteLength));
  }
  const sniffed = sniff(bytes);
  const named = typeByName(fileName);
  let found: DocumentType | null;
  try {
    found = sniffed === 'zip' ? (checkedDocx(bytes), 'docx') : sniffed;
  } catch (error) {
    if (!(error instanceof DocumentRefused)) throw error;
    // A ZIP that is not a Word document, named as something else, is a mismatch first.
    if (named && named !== 'docx')
      throw invalid('file', mismatch(fileName, named, 'a ZIP archive'));
    throw invalid('file', `${name}: ${error.message}`);
  }
  if (found === null) {
    throw invalid(
      'file',
      named
        ? mismatch(fileName, named, 'binary data of another kind')
        : `${name} is not a kind of file Parley keeps. ${KEPT}`,
    );
  }
  if (named && !agrees(named, found)) {
    throw invalid('file', mismatch(fileName, named, CONTENT_IS[found]));
  }
  return found;
}

const tooLarge = (fileName: string, size: number) =>
  `“${fileName}” is ${(size / 1024 / 1024).toFixed(1)} MB; Parley keeps files of at most ${MAX_DOCUMENT_MB} MB. Attach a smaller copy (fewer pages, or images saved at a lower resolution).`;

const mismatch = (fileName: string, named: DocumentType, actual: string) =>
  `“${fileName}” is named as a ${DOCUMENT_TYPE_LABELS[named]} but its content is ${actual}, so it was not attached. Open it in the program that made it, save it again as ${DOCUMENT_TYPE_LABELS[named]}, and attach that copy.`;

/** The name as kept: the last part of a path, without control characters, at most 255 long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return (clean || 'document').slice(0, 255);
}

export async function attach(
  store: Store,
  input: ParsedOf<'documents:attach'>,
): Promise<DocumentInfo> {
  const scopeId = scopeOf(store, 'source', input.sourceId, 'sourceId');
  requireMarking(store, input.markingId);
  const fileName = cleanFileName(input.fileName);
  // The schema has already refused a string longer than the largest file's base64.
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const type = detectType(fileName, bytes);
  let parts: string[];
  try {
    parts = await extractParts(type, bytes);
  } catch (error) {
    if (error instanceof DocumentRefused) throw invalid('file', `“${fileName}”: ${error.message}`);
    throw error;
  }
  // Checked again after the await: the source may have been deleted meanwhile.
  scopeOf(store, 'source', input.sourceId, 'sourceId');
  return store.write({ label: `Attach ${quoted(fileName, 40)}`, scopeId }, (w) =>
    writeDocument(w, {
      sourceId: input.sourceId,
      fileName,
      type,
      bytes,
      parts,
      markingId: input.markingId,
    }),
  );
}

/**
 * Writes a checked document inside the caller's change: its bytes (once per content), its row
 * and its pages or paragraphs. The sample negotiation uses it too.
 */
export function writeDocument(
  w: Writer,
  d: {
    sourceId: number;
    fileName: string;
    type: DocumentType;
    bytes: Uint8Array;
    parts: readonly string[];
    markingId: number | null;
  },
): DocumentInfo {
  const sha256 = createHash('sha256').update(d.bytes).digest('hex');
  storeContent(w, sha256, d.bytes);
  const id = insertDocument(
    w,
    {
      sourceId: d.sourceId,
      fileName: d.fileName,
      mediaType: d.type,
      size: d.bytes.byteLength,
      sha256,
      markingId: d.markingId,
    },
    d.parts,
  );
  return getDocument(w, id)!;
}

export function update(store: Store, input: ParsedOf<'documents:update'>): DocumentInfo {
  const current = getDocument(store, input.id);
  if (!current) throw notFound('This document', 'id');
  const scopeId = scopeOf(store, 'document', input.id);
  requireMarking(store, input.markingId);
  return store.write({ label: `Edit document ${quoted(current.fileName, 30)}`, scopeId }, (w) => {
    const patch: Record<string, unknown> = {};
    if (input.markingId !== undefined) patch.marking_id = input.markingId;
    if (input.fileName !== undefined) patch.file_name = cleanFileName(input.fileName);
    if (Object.keys(patch).length) w.update('document', input.id, patch);
    return getDocument(w, input.id)!;
  });
}

export function remove(store: Store, id: number): null {
  const current = getDocument(store, id);
  if (!current) throw notFound('This document', 'id');
  const scopeId = scopeOf(store, 'document', id);
  store.write({ label: `Delete document ${quoted(current.fileName, 30)}`, scopeId }, (w) =>
    w.remove('document', id),
  );
  return null;
}

/** The document for the viewer: its text, and its HTML, image or PDF where it has one. */
export async function view(store: Store, id: number): Promise<DocumentView> {
  const document = getDocument(store, id);
  if (!document) throw notFound('This document', 'id');
  const parts = documentParts(store, id);
  const bytes = contentBytes(store, document.sha256);
  if (!bytes) {
    throw new AppError(
      'not_found',
      'The file of this document is missing from the library; its text is kept. Attach the file again to view it.',
      'id',
    );
  }
  let html: string | null = null;
  let dataUrl: string | null = null;
  let pdf: string | null = null;
  if (document.mediaType === 'docx') html = await docxHtml(bytes);
  else if (document.mediaType === 'pdf') pdf = bytes.toString('base64');
  else if (document.mediaType === 'html') html = decodeText(bytes);
  else if (isImage(document.mediaType)) {
    dataUrl = `data:${DOCUMENT_MEDIA_TYPES[document.mediaType]};base64,${bytes.toString('base64')}`;
  }
  return { document, parts, html, dataUrl, pdf };
}

/**
 * A document's bytes as a negotiation file carries them, checked before anything is written:
 * the same limits and type check as attaching, and the size and SHA-256 the file states. Its
 * pages or paragraphs are taken as the file gives them (text like any other in the file, checked
 * by the schema and only ever shown as text), rather than read again: re-reading every PDF would
 * make importing a large file take minutes, and a file can bring any text in its positions anyway.
 */
export function importedContent(
  d: { fileName: string; mediaType: DocumentType; size: number; sha256: string; content: string },
  path: string,
): Buffer {
  const bytes = Buffer.from(d.content, 'base64');
  const wrong = (message: string) => new AppError('invalid_input', `${path}: ${message}`, 'file');
  if (bytes.byteLength !== d.size) {
    throw wrong(`content holds ${bytes.byteLength} bytes but size says ${d.size}.`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== d.sha256) {
    throw wrong('content does not match its sha256: the file was changed or damaged.');
  }
  let found: DocumentType;
  try {
    found = detectType(d.fileName, bytes);
  } catch (error) {
    if (error instanceof AppError) throw wrong(error.message);
    throw error;
  }
  if (found !== d.mediaType) {
    throw wrong(`content is ${CONTENT_IS[found]}, not ${CONTENT_IS[d.mediaType]}.`);
  }
  return bytes;
}
