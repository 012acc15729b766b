// Every exported PDF says what it is in its document information (`pdfinfo` shows it): title,
// author, marking. Chromium writes only a title, so Parley sets the rest after printing.
//
// It does so as an incremental update (ISO 32000-1, 7.5.6): the printed file stays byte for byte
// as it is, and a new document information dictionary and catalog (the catalog asks readers to
// show the title, not the file name, in their window bar) are appended after it, with a
// cross-reference section and trailer of their own. pdf-lib parses and serialises those few
// objects; it cannot save a document incrementally, and re-writing the whole file with it took
// 0.6 s of the 4.5 s a 280-page overview brief takes. A file laid out other than as Chromium
// lays it out (a cross-reference stream, say) is re-written whole with pdf-lib, as before.
import type * as PdfLibrary from 'pdf-lib';
import type { PDFDict as Dict, PDFObject, PDFRef as Ref } from 'pdf-lib';

/** What every exported PDF says of itself. */
export interface PdfMetadata {
  title: string;
  author: string;
  /** The handling marking. */
  subject: string;
  keywords: string[];
}

type PdfLib = typeof PdfLibrary;

const CREATOR = 'Parley';
const PRODUCER = 'Parley (Chromium print to PDF)';

/** The PDF with its document information set (see the top of this file). */
export async function withMetadata(pdf: Uint8Array, metadata: PdfMetadata): Promise<Uint8Array> {
  const lib = await import('pdf-lib');
  return appendInfo(lib, pdf, metadata) ?? rewriteWhole(lib, pdf, metadata);
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** The entries Parley sets, on top of whatever the information dictionary already holds. */
function setInfo(lib: PdfLib, info: Dict, metadata: PdfMetadata): void {
  const { PDFName, PDFHexString } = lib;
  const set = (key: string, value: string) =>
    info.set(PDFName.of(key), PDFHexString.fromText(value));
  set('Title', metadata.title);
  set('Author', metadata.author);
  set('Subject', metadata.subject);
  // One entry: readers show the keywords as one line, and names may hold spaces themselves.
  set('Keywords', metadata.keywords.join(', '));
  set('Creator', CREATOR);
  set('Producer', PRODUCER);
}

/**
 * The incremental update, or null when the file is not laid out as expected: a classic
 * cross-reference table at the offset its last `startxref` names, its trailer naming the
 * catalog.
 */
function appendInfo(lib: PdfLib, pdf: Uint8Array, metadata: PdfMetadata): Uint8Array | null {
  const { PDFContext, PDFObjectParser, PDFDict, PDFRef, PDFName, PDFNumber, PDFBool } = lib;
  const text = latin1(pdf);
  const tail = text.toString('latin1', Math.max(0, pdf.length - 1024));
  const last = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!last) return null;
  const xref = Number(last[1]);
  if (text.toString('latin1', xref, xref + 4) !== 'xref') return null;

  // The table's subsections: where each object's entry sits, without reading the entries.
  const sections: { first: number; count: number; at: number }[] = [];
  let at = xref + 4;
  const header = /^\s*(\d+) (\d+)[ \t]*\r?\n/;
  for (;;) {
    const ahead = text.toString('latin1', at, at + 64);
    const m = header.exec(ahead);
    if (!m) break;
    sections.push({ first: Number(m[1]), count: Number(m[2]), at: at + m[0].length });
    at += m[0].length + 20 * Number(m[2]);
  }
  const trailerAt = text.indexOf('trailer', at, 'latin1');
  if (sections.length === 0 || trailerAt < 0 || trailerAt > at + 64) return null;

  const context = PDFContext.create();
  const parse = (from: number): PDFObject =>
    PDFObjectParser.forBytes(pdf.subarray(from), context).parseObject();
  const trailer = parse(trailerAt + 'trailer'.length);
  if (!(trailer instanceof PDFDict)) return null;
  const root = trailer.get(PDFName.of('Root'));
  const size = trailer.get(PDFName.of('Size'));
  const oldInfo = trailer.get(PDFName.of('Info'));
  if (!(root instanceof PDFRef) || !(size instanceof PDFNumber)) return null;
  if (oldInfo !== undefined && !(oldInfo instanceof PDFRef)) return null;

  /** An object the table lists as in use, parsed from where it says. */
  const object = (ref: Ref): PDFObject | null => {
    const section = sections.find(
      (s) => ref.objectNumber >= s.first && ref.objectNumber < s.first + s.count,
    );
    if (!section) return null;
    const entryAt = section.at + 20 * (ref.objectNumber - section.first);
    const entry = /^(\d{10}) (\d{5}) n/.exec(text.toString('latin1', entryAt, entryAt + 20));
    if (!entry || Number(entry[2]) !== ref.generationNumber) return null;
    const offset = Number(entry[1]);
    const head = new RegExp(`^\\s*${ref.objectNumber}\\s+${ref.generationNumber}\\s+obj`).exec(
      text.toString('latin1', offset, offset + 64),
    );
    return head ? parse(offset + head[0].length) : null;
  };
  const catalog = object(root);
  if (!(catalog instanceof PDFDict)) return null;
  const kept = oldInfo ? object(oldInfo) : PDFDict.withContext(context);
  if (!(kept instanceof PDFDict)) return null;

  // The catalog asks for the title in the window bar (pdf-lib's showInWindowTitleBar).
  const preferences = catalog.get(PDFName.of('ViewerPreferences'));
  if (preferences !== undefined && !(preferences instanceof PDFDict)) return null;
  const shown = preferences ?? PDFDict.withContext(context);
  shown.set(PDFName.of('DisplayDocTitle'), PDFBool.True);
  catalog.set(PDFName.of('ViewerPreferences'), shown);
  setInfo(lib, kept, metadata);

  const infoRef = oldInfo ?? PDFRef.of(size.asNumber());
  const newSize = oldInfo ? size.asNumber() : size.asNumber() + 1;
  const parts: string[] = [];
  let length = pdf.length;
  const add = (part: string) => {
    parts.push(part);
    length += Buffer.byteLength(part, 'latin1');
  };
  // Written as latin1, a character a byte: Parley's text goes in as hex strings, and the
  // catalog's own strings (Chromium's language tag among them) go back byte for byte.
  add(pdf[pdf.length - 1] === 0x0a ? '' : '\n');
  const { PDFCrossRefSection, PDFTrailer } = lib;
  const table = PDFCrossRefSection.createEmpty();
  // In the order of their numbers: the table groups entries that follow one another.
  const written: [Ref, Dict][] = [
    [root, catalog],
    [infoRef, kept],
  ];
  written.sort(([a], [b]) => a.objectNumber - b.objectNumber);
  for (const [ref, dict] of written) {
    table.addEntry(ref, length);
    add(`${ref.objectNumber} ${ref.generationNumber} obj\n${serialise(dict)}\nendobj\n`);
  }
  const start = length;
  trailer.set(PDFName.of('Size'), PDFNumber.of(newSize));
  trailer.set(PDFName.of('Info'), infoRef);
  trailer.set(PDFName.of('Prev'), PDFNumber.of(xref));
  // A hybrid file's stream of further entries belongs to the section before this one.
  trailer.delete(PDFName.of('XRefStm'));
  add(`${table.toString()}trailer\n${serialise(trailer)}\n`);
  add(`${PDFTrailer.forLastCrossRefSectionOffset(start).toString()}\n`);
  return Buffer.concat([pdf, Buffer.from(parts.join(''), 'latin1')]);
}

/** An object's bytes as pdf-lib writes them, as a latin1 string (one character per byte). */
function serialise(object: PDFObject): string {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return latin1(bytes).toString('latin1');
}

/** The whole file parsed and written again, for a layout appendInfo does not take. */
async function rewriteWhole(
  lib: PdfLib,
  pdf: Uint8Array,
  metadata: PdfMetadata,
): Promise<Uint8Array> {
  // Parsed and written without pausing every hundred objects (pdf-lib's default, for a page's
  // event loop): this runs in the long lane, and pausing tripled the time of a 100-page brief.
  const doc = await lib.PDFDocument.load(pdf, {
    updateMetadata: false,
    parseSpeed: lib.ParseSpeeds.Fastest,
  });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setKeywords([metadata.keywords.join(', ')]);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  // Kept as plain objects, not object streams: readers and checkers of every age open it.
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
