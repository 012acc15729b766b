// The Word export, read back as what it is: a zip of XML parts. Each check names the Word
// feature a ministry template or a records system relies on.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BriefingPreview, BriefingResult } from '../../shared/briefing';
import { isRightToLeft } from '../../main/services/briefing/docx';
import { createSample } from '../../main/services/sample';
import { tempApp, value } from './helpers';

/** The Word document's parts, by name, as text (a .docx is a zip of XML parts). */
function parts(docx: Uint8Array): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

type Kind = 'round' | 'comparison' | 'overview';

async function exportWord(kind: Kind, extra: Record<string, unknown> = {}) {
  let saved: { fileName: string; bytes: Uint8Array } | null = null;
  const app = tempApp({
    deliver: async (fileName, bytes) => {
      saved = { fileName, bytes };
      return { kind: 'download', url: 'api/download/x' };
    },
  });
  const sample = createSample(app.store);
  const rounds = app.store
    .all<{ id: number }>('SELECT id FROM round ORDER BY sequence')
    .map((r) => r.id);
  const subject =
    kind === 'round'
      ? { roundId: rounds[1] }
      : kind === 'comparison'
        ? { fromRoundId: rounds[0], toRoundId: rounds[1] }
        : {};
  const preview = value(
    await app.dispatch('briefing:preview', {
      kind,
      negotiationId: sample.id,
      ...subject,
      ...extra,
    }),
  ) as BriefingPreview;
  const result = value(
    await app.dispatch('briefing:export', { jobId: preview.jobId, format: 'docx' }),
  ) as BriefingResult;
  return { app, preview, result, saved: saved!, xml: parts(saved!.bytes) };
}

/** The paragraphs of a part, each as its XML. */
const paragraphsOf = (xml: string) => xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
/** The text of a piece of XML (its w:t runs). */
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('Word export', () => {
  it('carries the developments: since the previous round in a round brief, a dated timeline in an overview', async () => {
    const round = await exportWord('round');
    const roundText = textOf(round.xml['word/document.xml']!);
    expect(roundText).toContain('Developments since the previous round');
    expect(roundText).toContain('Israel’s twelve-day air war against Iran');
    // Netanyahu's meeting followed round 2: not "since the previous round" of it.
    expect(roundText).not.toContain('Netanyahu’s seventh meeting');
    const overview = await exportWord('overview');
    const overviewText = textOf(overview.xml['word/document.xml']!);
    expect(overviewText).toContain('Dated timeline');
    const order = [
      'Spring 2025 talks',
      'The US President calls off the negotiations',
      'Talks reopen in Oman',
      'Netanyahu’s seventh meeting with the President',
    ].map((t) => overviewText.indexOf(t, overviewText.lastIndexOf('Dated timeline')));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('marks every page in Word’s own header and footer, with PAGE and NUMPAGES fields', async () => {
    const { xml, preview, saved, result } = await exportWord('round', { markingId: 3 });
    expect(preview.markingLabel).toBe('CONFIDENTIAL');
    // The same name rule as the PDF, its own extension.
    expect(saved.fileName).toBe(preview.fileNames.docx);
    expect(saved.fileName).toBe(preview.fileName.replace(/\.pdf$/, '.docx'));
    expect(saved.fileName).toMatch(/^CONFIDENTIAL - Round brief - .*\.docx$/);
    expect(result).toMatchObject({ format: 'docx', fileName: saved.fileName });

    const headers = Object.keys(xml).filter((name) => /^word\/header\d*\.xml$/.test(name));
    const footers = Object.keys(xml).filter((name) => /^word\/footer\d*\.xml$/.test(name));
    expect(headers).toHaveLength(1);
    expect(footers).toHaveLength(1);
    expect(textOf(xml[headers[0]!]!)).toBe('CONFIDENTIAL');
    const footer = xml[footers[0]!]!;
    expect(textOf(footer)).toContain('CONFIDENTIAL');
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    // The one section uses them as its default header and footer: every page.
    const section = xml['word/document.xml']!.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/)![0];
    expect(section).toMatch(/<w:headerReference w:type="default"/);
    expect(section).toMatch(/<w:footerReference w:type="default"/);
    expect(section).not.toMatch(/w:titlePg/);
  });

  it('has a table of contents field, named styles, and repeating table header rows', async () => {
    const { xml } = await exportWord('round');
    const document = xml['word/document.xml']!;
    expect(document).toMatch(/<w:instrText[^>]*>\s*TOC \\h \\o &quot;1-1&quot;/);
    expect(xml['word/settings.xml']).toMatch(/<w:updateFields\/>/);

    const styles = xml['word/styles.xml']!;
    for (const name of ['Title', 'Heading 1', 'Heading 2', 'Parley Position', 'Parley Source']) {
      expect(styles).toContain(`<w:name w:val="${name}"/>`);
    }
    // The styles are used by their ids, so restyling them restyles the brief.
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="ParleyPosition"/>');
    expect(document).toContain('<w:pStyle w:val="ParleySource"/>');

    // Each table's header rows repeat on every page it runs onto; body rows do not.
    const tables = document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g)!;
    const headed = tables.filter((t) => t.includes('<w:tblHeader/>'));
    expect(headed.length).toBeGreaterThan(1);
    for (const table of headed) {
      const rows = table.match(/<w:tr>[\s\S]*?<\/w:tr>/g)!;
      expect(rows[0]).toContain('<w:tblHeader/>');
      expect(rows.at(-1)).not.toContain('<w:tblHeader/>');
    }
  });

  it('sets a Persian quote right to left, and plain English left to right', async () => {
    const { xml } = await exportWord('round');
    const paragraphs = paragraphsOf(xml['word/document.xml']!);
    const persian = paragraphs.filter((p) => textOf(p).includes('توان موشکی ایران'));
    expect(persian.length).toBeGreaterThan(0);
    for (const p of persian) {
      expect(p).toContain('<w:bidi/>');
      expect(p).toContain('<w:rtl/>');
      expect(p).toMatch(/<w:lang w:bidi="fa-IR"\/>/);
    }
    const english = paragraphs.filter((p) => textOf(p).startsWith('Witkoff and Kushner'));
    expect(english.length).toBeGreaterThan(0);
    for (const p of english) expect(p).not.toContain('<w:bidi/>');
  });

  it('numbers the source annex as the body cites it, each citation a link to its entry', async () => {
    const { xml } = await exportWord('round');
    const document = xml['word/document.xml']!;
    const entries = paragraphsOf(document).filter((p) => p.includes('w:val="ParleySource"'));
    expect(entries.length).toBeGreaterThan(2);
    entries.forEach((entry, i) => {
      expect(textOf(entry)).toMatch(new RegExp(`^\\[${i + 1}\\]`));
      expect(entry).toContain(`w:name="p_src_${i + 1}"`);
    });
    expect(document).toContain('w:anchor="p_src_1"');
  });

  it('says who prepared it, what it is, and its marking in the document properties', async () => {
    const { xml } = await exportWord('overview', { author: 'A. Officer', markingId: 3 });
    const core = xml['docProps/core.xml']!;
    expect(core).toContain('<dc:creator>A. Officer</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>A. Officer</cp:lastModifiedBy>');
    expect(core).toMatch(/<dc:title>Negotiation overview: [^<]+<\/dc:title>/);
    expect(core).toMatch(/<cp:keywords>CONFIDENTIAL, /);
    expect(core).toMatch(/<dc:description>Handling: CONFIDENTIAL\./);
  });

  it('exports a comparison, logged so the next brief counts changes from it', async () => {
    const { app, result, xml, preview } = await exportWord('comparison');
    expect(result.format).toBe('docx');
    expect(textOf(xml['word/header1.xml']!)).toBe(preview.markingLabel);
    const logged = app.store.get<{ file_name: string }>(
      'SELECT file_name FROM briefing_export ORDER BY id DESC LIMIT 1',
    );
    expect(logged?.file_name).toBe(result.fileName);
  });

  it('lays out Letter and A4 paper', async () => {
    const letter = await exportWord('overview', { pageSize: 'Letter' });
    expect(letter.xml['word/document.xml']).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
    const a4 = await exportWord('overview', { pageSize: 'A4' });
    expect(a4.xml['word/document.xml']).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('finds a paragraph’s direction from its first strong letter', () => {
    expect(isRightToLeft('توان موشکی')).toBe(true);
    expect(isRightToLeft('«שלום» and more')).toBe(true);
    expect(isRightToLeft('12. Iran: توان')).toBe(false);
    expect(isRightToLeft('2026 — ')).toBe(false);
  });

  it('refuses a format it does not write, and a print from a browser says how', async () => {
    const app = tempApp();
    const sample = createSample(app.store);
    const preview = value(
      await app.dispatch('briefing:preview', { kind: 'overview', negotiationId: sample.id }),
    ) as BriefingPreview;
    const odt = await app.dispatch('briefing:export', { jobId: preview.jobId, format: 'odt' });
    expect(odt).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const print = await app.dispatch('briefing:print', { jobId: preview.jobId });
    expect(print).toMatchObject({
      ok: true,
      value: { printed: false, problem: expect.stringContaining('Ctrl+P') },
    });
    const gone = await app.dispatch('briefing:print', { jobId: 'a-job-never-prepared' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'jobId' } });
  });
});
