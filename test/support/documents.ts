// Fixtures for source documents, made in code: a PDF of several pages (pdf-lib), a Word document
// (docx), and the hostile ones (a PDF that is not one, a ZIP that inflates a thousandfold).
import { Document, Packer, Paragraph } from 'docx';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF with one page per entry of `pages`, each line of text drawn on its page. */
export async function aPdf(pages: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    text.split('\n').forEach((line, i) => {
      page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font });
    });
  }
  return pdf.save();
}

/** A Word document with one paragraph per entry. */
export async function aDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * A "DOCX bomb": a well-formed ZIP with the entries of a Word document whose document.xml
 * inflates from a few kilobytes to `megabytes` of zeros.
 */
export function aDocxBomb(megabytes = 64): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
      'word/document.xml': new Uint8Array(megabytes * 1024 * 1024),
    },
    { level: 9 },
  );
}

export const base64 = (bytes: Uint8Array | string): string =>
  Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString(
    'base64',
  );
