// Source documents: the files attached to a source (a cable, a readout, a draft text), what
// Parley accepts and the limits it holds them to. Shared so the renderer can refuse an oversize
// file before reading it, and main (the authority) refuses it again.

/** The kinds of file Parley keeps, found by reading the file's first bytes, never its name. */
export const DOCUMENT_TYPES = [
  'pdf',
  'docx',
  'text',
  'html',
  'png',
  'jpeg',
  'gif',
  'webp',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  text: 'Plain text',
  html: 'Web page',
  png: 'PNG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
};

/** The MIME type of each kind, for the viewer's data URLs and the file picker's filter. */
export const DOCUMENT_MEDIA_TYPES: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
  html: 'text/html',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** What the file picker offers (the content decides in the end). */
export const DOCUMENT_ACCEPT =
  '.pdf,.docx,.txt,.text,.md,.html,.htm,.png,.jpg,.jpeg,.gif,.webp,' +
  Object.values(DOCUMENT_MEDIA_TYPES).join(',');

/**
 * The largest file Parley keeps: 20 MB. The bytes cross the IPC contract (and the loopback web
 * binding, whose calls are at most 32 MB) as base64, a third larger; 20 MB stays within that
 * with room to spare, and a cable, readout or draft is rarely a tenth of it.
 */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_MB = MAX_DOCUMENT_BYTES / 1024 / 1024;

/** Base64 length of MAX_DOCUMENT_BYTES: a longer string is refused before it is decoded. */
export const MAX_DOCUMENT_BASE64 = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;

/** Whether a document's parts are pages (PDF), paragraphs (the others) or absent (images). */
export function partWord(type: DocumentType): 'page' | 'paragraph' | null {
  if (type === 'pdf') return 'page';
  if (type === 'png' || type === 'jpeg' || type === 'gif' || type === 'webp') return null;
  return 'paragraph';
}

export const isImage = (type: DocumentType): boolean => partWord(type) === null;

/** A document as lists show it: everything but its bytes and text. */
export interface DocumentInfo {
  id: number;
  sourceId: number;
  fileName: string;
  mediaType: DocumentType;
  size: number;
  sha256: string;
  markingId: number | null;
  /** How many pages or paragraphs of text were found (0 for an image, or a scan without text). */
  partCount: number;
  createdAt: string;
}

/** One page or paragraph of a document's text. */
export interface DocumentPart {
  number: number;
  text: string;
}

/**
 * What the viewer shows. Parts for every kind with text (a PDF's pages, the paragraphs of the
 * others); for a Word document or web page also its HTML, to show in a sandboxed frame (no
 * script runs there); for an image its bytes as a data URL; for a PDF its bytes as base64, which
 * the viewer's PDF reader (pdf.js, in the renderer's sandbox, scripts and eval off) draws.
 */
export interface DocumentView {
  document: DocumentInfo;
  parts: DocumentPart[];
  html: string | null;
  dataUrl: string | null;
  pdf: string | null;
}

/** "1.2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${bytes} bytes`;
}
