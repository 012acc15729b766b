// What a file is, read from its bytes (magic numbers), never from its name: a file named
// "cable.pdf" that is really an executable or a ZIP is refused as what it is. The name only
// serves to say clearly when the two disagree.
import type { DocumentType } from '../../../shared/documents';

const starts = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** A ZIP archive's local file header: a Word document is one (checked further in extract.ts). */
export const isZip = (bytes: Uint8Array): boolean => starts(bytes, [0x50, 0x4b, 0x03, 0x04]);

/** The type by content, or null for a binary file Parley does not keep. */
export function sniff(bytes: Uint8Array): DocumentType | 'zip' | null {
  if (starts(bytes, ascii('%PDF-'))) return 'pdf';
  if (isZip(bytes)) return 'zip';
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, ascii('GIF87a')) || starts(bytes, ascii('GIF89a'))) return 'gif';
  if (starts(bytes, ascii('RIFF')) && starts(bytes, ascii('WEBP'), 8)) return 'webp';
  const text = decodeText(bytes);
  if (text === null) return null;
  return looksLikeHtml(text) ? 'html' : 'text';
}

/**
 * The file as UTF-8 text (a byte-order mark dropped), or null when it is not text: invalid
 * UTF-8, or control characters that text files do not hold (NUL above all, the mark of a binary
 * file).
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text)) return null;
  return text;
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return /^(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body)[\s>]/.test(head);
}

/** The type a file's name claims, if it names one Parley knows. */
export function typeByName(fileName: string): DocumentType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'pdf':
      return 'pdf';
    case 'docx':
      return 'docx';
    case 'txt':
    case 'text':
    case 'md':
      return 'text';
    case 'html':
    case 'htm':
      return 'html';
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpeg';
    case 'gif':
      return 'gif';
    case 'webp':
      return 'webp';
    default:
      return null;
  }
}

/** Whether content of type `found` may carry a name that claims `named` (text and HTML mix). */
export function agrees(named: DocumentType, found: DocumentType): boolean {
  const textual = (t: DocumentType) => t === 'text' || t === 'html';
  return named === found || (textual(named) && textual(found));
}
