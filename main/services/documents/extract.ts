// Reading a document's text, for search and for the viewer: a PDF's pages with pdf.js, a Word
// document's paragraphs with mammoth, a web page's text without running it, plain text as it is,
// and nothing from an image. Every reading has a budget — time, pages, characters, and for a
// Word document the size it would inflate to — so a hostile file is refused, never allowed to
// hold the long lane or fill the memory.
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import type { DocumentType } from '../../../shared/documents';
import { cleanText } from '../../../shared/text';
import { decodeText } from './sniff';

export const BUDGET = {
  /** A PDF's reading is stopped after this long (a legitimate 500-page PDF takes seconds). */
  millis: 60_000,
  pages: 3_000,
  /** All of a document's text; more is cut (and said so in the last part). */
  characters: 5_000_000,
  /** What a Word document's ZIP may inflate to, all entries together: a "bomb" declares more. */
  inflatedBytes: 200 * 1024 * 1024,
  /** One entry may not claim to grow more than this many times (normal XML: 5 to 20). */
  ratio: 200,
} as const;

/** Why a file cannot be kept, in words for the officer (thrown by extraction). */
export class DocumentRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentRefused';
  }
}

/** Text as Parley keeps all text (see cleanText), spaces tidied, within the budget. */
function tidy(text: string): string {
  return cleanText(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Blocks of text separated by blank lines, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return tidy(text)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function withinBudget(parts: string[]): string[] {
  let total = 0;
  return parts.map((part) => {
    const room = Math.max(0, BUDGET.characters - total);
    total += part.length;
    return part.length <= room ? part : part.slice(0, room);
  });
}

// ---- PDF ------------------------------------------------------------------------------------

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  // The legacy build runs on Node 20 (the modern one expects newer built-ins). Loaded on first
  // use: it is large, and only the long lane needs it.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given: a copy keeps ours whole.
    data: new Uint8Array(bytes),
    // No code from the document or generated from it: no eval, no fonts loaded, no XFA forms,
    // no scripting (pdf.js runs a PDF's JavaScript only in a viewer's sandbox, which we never
    // create), and nothing fetched.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DocumentRefused(
            `Reading this PDF took longer than ${BUDGET.millis / 1000} seconds, so it was stopped. Save it again as PDF (print to PDF) and attach that copy.`,
          ),
        ),
      BUDGET.millis,
    );
  });
  const read = async () => {
    let doc;
    try {
      doc = await task.promise;
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new DocumentRefused(
        name === 'PasswordException'
          ? 'This PDF is protected by a password. Remove the password (print it to a new PDF) and attach that copy.'
          : 'This file starts like a PDF but could not be read as one: it may be damaged. Save it again as PDF and attach that copy.',
      );
    }
    if (doc.numPages > BUDGET.pages) {
      throw new DocumentRefused(
        `This PDF has ${doc.numPages.toLocaleString('en')} pages; Parley keeps PDFs of at most ${BUDGET.pages.toLocaleString('en')}. Split it and attach the parts.`,
      );
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(tidy(text));
      page.cleanup();
    }
    return pages;
  };
  try {
    return await Promise.race([read(), timeout]);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }
}

// ---- Word -----------------------------------------------------------------------------------

/**
 * The Word document's ZIP, checked and inflated within the budget, then written again as a ZIP
 * whose entries are exactly what was inflated. A "bomb" (a small ZIP that inflates to gigabytes)
 * is refused by the sizes its entries declare, before anything is inflated; and since fflate
 * inflates each entry into a buffer of its declared size and no larger, an entry that lies about
 * its size cannot grow past it either. mammoth then reads only the rewritten archive.
 */
export function checkedDocx(bytes: Uint8Array): Uint8Array {
  let declared = 0;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        declared += file.originalSize;
        if (
          declared > BUDGET.inflatedBytes ||
          (file.size > 0 && file.originalSize / file.size > BUDGET.ratio) ||
          (file.size === 0 && file.originalSize > 0)
        ) {
          throw new DocumentRefused(
            'This Word document would expand to far more than its size (a “ZIP bomb”), so it was not opened. Open it in Word, save it again and attach that copy.',
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DocumentRefused) throw error;
    throw new DocumentRefused(
      'This file is a ZIP archive that could not be read: it may be damaged. Open it in Word, save it again as .docx and attach that copy.',
    );
  }
  if (!files['word/document.xml'] || !files['[Content_Types].xml']) {
    throw new DocumentRefused(
      'This file is a ZIP archive but not a Word document (.docx). Parley keeps PDF, Word (.docx), plain text, HTML and images.',
    );
  }
  return zipSync(files, { level: 0 });
}

async function docxParagraphs(bytes: Uint8Array): Promise<string[]> {
  const mammoth = await import('mammoth');
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(checkedDocx(bytes)) });
    return paragraphs(value);
  } catch (error) {
    if (error instanceof DocumentRefused) throw error;
    throw new DocumentRefused(
      'This Word document could not be read: it may be damaged. Open it in Word, save it again and attach that copy.',
    );
  }
}

/** The Word document as HTML for the viewer (images inline as data URLs), within the budget. */
export async function docxHtml(bytes: Uint8Array): Promise<string> {
  const mammoth = await import('mammoth');
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(checkedDocx(bytes)) });
  return value;
}

// ---- HTML -----------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : +name.slice(1);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A web page's readable text, one paragraph per block, without parsing it into a document or
 * running anything: scripts, styles, templates and comments are dropped whole, block elements
 * end a paragraph, other tags are removed. The page itself is shown as it is in the sandboxed
 * viewer; this text only feeds search and the paragraph numbers.
 */
export function htmlParagraphs(html: string): string[] {
  const text = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(
      /<(script|style|template|noscript|iframe|object|svg|math|head)\b[\s\S]*?(<\/\1\s*>|$)/gi,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .replace(
      /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote|pre|hr|dd|dt|title)\b[^>]*>/gi,
      '\n\n',
    )
    .replace(/<[^>]*>/g, '');
  return paragraphs(decodeEntities(text));
}

// ---- All ------------------------------------------------------------------------------------

/** The document's text, one string per page (PDF) or paragraph (the others); none for images. */
export async function extractParts(type: DocumentType, bytes: Uint8Array): Promise<string[]> {
  switch (type) {
    case 'pdf':
      return withinBudget(await pdfPages(bytes));
    case 'docx':
      return withinBudget(await docxParagraphs(bytes));
    case 'html':
    case 'text': {
      const text = decodeText(bytes);
      if (text === null) {
        throw new DocumentRefused(
          'This file is not plain text (it holds binary data or is not UTF-8). Save it as UTF-8 text and attach that copy.',
        );
      }
      return withinBudget(type === 'html' ? htmlParagraphs(text) : paragraphs(text));
    }
    case 'png':
    case 'jpeg':
    case 'gif':
    case 'webp':
      return [];
  }
}
