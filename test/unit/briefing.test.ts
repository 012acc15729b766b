import type { InputOf } from '../../shared/contract';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFBool, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { BriefingProgress } from '../../shared/briefing';
import type { PdfPrinter } from '../../main/services/briefing/desk';
import { countPages } from '../../main/services/briefing/desk';
import { withMetadata } from '../../main/services/briefing/pdfInfo';
import { diffSnapshots } from '../../main/services/briefing/changes';
import { diffHtml } from '../../main/services/briefing/render';
import { wordDiff } from '../../main/services/textDiff';
import { safeFileName } from '../../main/services/files';
import { createSample } from '../../main/services/sample';
import { tempApp, tempDir, value, call } from './helpers';

// Chromium is an external program; these tests stand in for it with a printer that returns a
// blank PDF of two pages, or waits until cancelled. (Real printing is in the browser tests.)
async function blankPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  return doc.save({ useObjectStreams: false });
}
const instantPrinter: PdfPrinter = { print: () => blankPdf(2) };
const stuckPrinter: PdfPrinter = {
  print: (_html, _options, signal) =>
    new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('closed')))),
};

function briefingApp(printer: PdfPrinter = instantPrinter, cancelSave = false) {
  const progress: BriefingProgress[] = [];
  const app = tempApp({
    printer,
    deliver: async () =>
      cancelSave ? { kind: 'cancelled' } : { kind: 'download', url: 'api/download/x' },
  });
  app.events.on((e) => {
    if (e.channel === 'briefing:progress') progress.push(e.payload);
  });
  const sample = createSample(app.store);
  const rounds = app.store
    .all<{ id: number }>('SELECT id FROM round ORDER BY sequence')
    .map((r) => r.id);
  return { ...app, progress, negotiationId: sample.id, rounds };
}

const preview = async (
  dispatch: ReturnType<typeof tempApp>['dispatch'],
  input: Record<string, unknown>,
) => await call(dispatch, 'briefing:preview', input as InputOf<'briefing:preview'>);

describe('briefing HTML', () => {
  it('escapes every piece of user text', async () => {
    const { dispatch, briefings } = tempApp();
    const n = await call(dispatch, 'negotiations:create', {
      title: '<script>alert("title")</script>',
      parties: [{ name: '<b>Bold</b> & co', shortCode: 'B', role: 'principal' }],
      issues: [{ title: '<i>Issue</i>' }],
    });
    const r = await call(dispatch, 'rounds:create', {
      negotiationId: n.id,
      sequence: 1,
      title: '"><svg onload=x>',
    });
    const p = await call(dispatch, 'positions:create', {
      roundId: r.id,
      partyId: 1,
      issueId: 1,
      text: '<img src=x onerror=alert(1)>',
    });
    await call(dispatch, 'sources:create', {
      negotiationId: n.id,
      kind: 'leak',
      speaker: '<script>s</script>',
      quote: '</q><script>q</script>',
      cite: { targetType: 'position', targetId: p.id },
    });
    for (const kind of ['round', 'overview'] as const) {
      const job = await preview(dispatch, {
        kind,
        negotiationId: n.id,
        roundId: r.id,
        bottomLine: '<script>bluf</script>',
      });
      const html = briefings.html(job.jobId)!;
      expect(html).not.toMatch(/<script|<img|<svg|<b>Bold|<i>Issue/);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; co');
      expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    }
  });

  it('contains every section of a round brief, with citations matching the annex', async () => {
    const { dispatch, briefings, negotiationId, rounds } = briefingApp();
    const job = await preview(dispatch, {
      kind: 'round',
      negotiationId,
      roundId: rounds[1],
      bottomLine: 'Talks go on.',
    });
    const html = briefings.html(job.jobId)!;
    for (const id of [
      'bluf',
      'round',
      'participants',
      'positions',
      'red-lines',
      'quotes',
      'next-steps',
      'annex',
    ]) {
      expect(html).toContain(`<section id="${id}">`);
      expect(html).toContain(`<a href="#${id}">`);
    }
    const cited = new Set([...html.matchAll(/href="#src-(\d+)"/g)].map((m) => m[1]));
    const listed = new Set([...html.matchAll(/<li id="src-(\d+)"/g)].map((m) => m[1]));
    expect([...cited].sort()).toEqual([...listed].sort());
    expect(html).toContain('dir="rtl" lang="fa">توان موشکی ایران قابل مذاکره نیست.');
  });
});

describe('markings', () => {
  it('default to the highest of what is included, refuse lower, accept higher', async () => {
    const { store, dispatch, negotiationId, rounds } = briefingApp();
    const base = { kind: 'round' as const, negotiationId, roundId: rounds[1] };
    expect((await preview(dispatch, base)).markingLabel).toBe('UNCLASSIFIED');
    const position = store.get<{ id: number }>(
      'SELECT id FROM position WHERE round_id = ? LIMIT 1',
      rounds[1]!,
    )!;
    await call(dispatch, 'positions:update', { id: position.id, markingId: 4 }); // SECRET
    const defaults = await call(dispatch, 'briefing:defaults', base);
    expect(defaults.minimumMarkingId).toBe(4);
    const job = await preview(dispatch, base);
    expect(job.markingLabel).toBe('SECRET');
    expect(job.fileName.startsWith('SECRET - Round brief - ')).toBe(true);
    expect(await dispatch('briefing:preview', { ...base, markingId: 3 })).toMatchObject({
      ok: false,
      error: {
        field: 'markingId',
        message:
          'This brief contains SECRET material (the position of United States on “Enrichment” in round 2); it cannot be marked CONFIDENTIAL.',
      },
    });
    expect((await preview(dispatch, { ...base, markingId: 5 })).markingLabel).toBe('TOP SECRET');
    // The round brief of round 1 does not include that position.
    expect((await preview(dispatch, { ...base, roundId: rounds[0] })).markingLabel).toBe(
      'UNCLASSIFIED',
    );
  });
});

describe('export', () => {
  it('prints, reports progress, hands the file over and logs what it contained', async () => {
    const { store, dispatch, progress, negotiationId } = briefingApp();
    const job = await preview(dispatch, { kind: 'overview', negotiationId });
    const result = await call(dispatch, 'briefing:export', { jobId: job.jobId });
    expect(result).toEqual({
      format: 'pdf',
      fileName: job.fileName,
      pages: 2,
      bytes: expect.any(Number),
      delivery: { kind: 'download', url: 'api/download/x' },
    });
    expect(progress.map((p) => p.stage)).toEqual(['printing', 'saving', 'done']);
    expect(store.get('SELECT kind, file_name, pages FROM briefing_export')).toEqual({
      kind: 'overview',
      file_name: job.fileName,
      pages: 2,
    });
  });

  it('can be cancelled while printing, and then logs nothing', async () => {
    const { store, dispatch, progress, negotiationId } = briefingApp(stuckPrinter);
    const job = await preview(dispatch, { kind: 'overview', negotiationId });
    const exporting = dispatch('briefing:export', { jobId: job.jobId });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call(dispatch, 'briefing:cancel', { jobId: job.jobId });
    expect(value(await exporting)).toMatchObject({ delivery: { kind: 'cancelled' }, pages: 0 });
    expect(progress.at(-1)?.stage).toBe('cancelled');
    expect(store.get('SELECT COUNT(*) AS n FROM briefing_export')).toEqual({ n: 0 });
  });

  it('logs nothing when the officer cancels the save dialog', async () => {
    const { store, dispatch, negotiationId } = briefingApp(instantPrinter, true);
    const job = await preview(dispatch, { kind: 'overview', negotiationId });
    expect(await call(dispatch, 'briefing:export', { jobId: job.jobId })).toMatchObject({
      delivery: { kind: 'cancelled' },
    });
    expect(store.get('SELECT COUNT(*) AS n FROM briefing_export')).toEqual({ n: 0 });
  });

  it('lists what changed since the last export of the same kind', async () => {
    const { store, dispatch, briefings, negotiationId, rounds } = briefingApp();
    const first = await preview(dispatch, { kind: 'overview', negotiationId, sinceLast: true });
    expect(first.changesSinceLast).toBe(0);
    await call(dispatch, 'briefing:export', { jobId: first.jobId });
    const line = store.get<{ id: number }>('SELECT id FROM red_line LIMIT 1')!;
    await call(dispatch, 'redLines:delete', { id: line.id });
    const position = store.get<{ id: number }>(
      'SELECT id FROM position WHERE round_id = ? LIMIT 1',
      rounds[1]!,
    )!;
    await call(dispatch, 'positions:update', { id: position.id, text: 'A new wording.' });
    const second = await preview(dispatch, { kind: 'overview', negotiationId, sinceLast: true });
    expect(second.changesSinceLast).toBe(2);
    const html = briefings.html(second.jobId)!;
    expect(html).toContain('<section id="changes">');
    expect(html).toContain('<h3>Changed</h3>');
    expect(html).toContain('<h3>Removed</h3>');
    expect(html).not.toContain('<h3>New</h3>');
    // A round brief has its own history: none yet.
    expect(
      (
        await preview(dispatch, {
          kind: 'round',
          negotiationId,
          roundId: rounds[1],
          sinceLast: true,
        })
      ).changesSinceLast,
    ).toBe(0);
  });

  it('leaves developments of low significance out of the overview unless asked, and says so', async () => {
    const { dispatch, briefings, negotiationId } = briefingApp();
    await call(dispatch, 'developments:create', {
      negotiationId,
      kind: 'statement',
      startDate: '2025-09-03',
      title: 'A spokesman repeats the line',
      significance: 'low',
      markingId: 4,
    });
    const base = { kind: 'overview', negotiationId };
    const without = await preview(dispatch, base);
    const withoutHtml = briefings.html(without.jobId)!;
    expect(withoutHtml).toContain('Dated timeline');
    // The sample's own developments are of medium and high significance: still listed.
    expect(withoutHtml).toContain('Talks reopen in Oman');
    expect(withoutHtml).not.toContain('A spokesman repeats the line');
    expect(withoutHtml).toContain('One development of low significance is left out.');
    // What is left out does not mark the brief.
    expect(without.markingLabel).not.toBe('SECRET');

    const every = await preview(dispatch, { ...base, lowDevelopments: true });
    const everyHtml = briefings.html(every.jobId)!;
    expect(everyHtml).toContain('A spokesman repeats the line');
    expect(everyHtml).not.toContain('of low significance');
    expect(every.markingLabel).toBe('SECRET');
    expect(await dispatch('briefing:preview', { ...base, lowDevelopments: 'yes' })).toMatchObject({
      ok: false,
      error: { message: 'Low-significance developments must be true or false.' },
    });
  });

  it('refuses a job that was never prepared', async () => {
    const { dispatch } = briefingApp();
    expect(await dispatch('briefing:export', { jobId: 'abcdefgh-unknown' })).toMatchObject({
      ok: false,
      error: { field: 'jobId' },
    });
  });
});

describe('helpers', () => {
  it('count a PDF’s pages', async () => expect(countPages(await blankPdf(3))).toBe(3));

  it('set the document information every PDF carries', async () => {
    const pdf = await withMetadata(await blankPdf(1), {
      title: 'Round brief: Round 2',
      author: 'Dana Whitfield',
      subject: 'SECRET',
      keywords: ['SECRET', 'Round brief', 'US–Iran talks'],
    });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('Round brief: Round 2');
    expect(doc.getAuthor()).toBe('Dana Whitfield');
    expect(doc.getSubject()).toBe('SECRET');
    expect(doc.getKeywords()).toBe('SECRET, Round brief, US–Iran talks');
  });

  it('set it by appending to the printed file, which stays as it was', async () => {
    const printed = await blankPdf(2);
    const metadata = {
      title: 'Overview: “Geneva” – ü',
      author: 'Dana Whitfield',
      subject: 'SECRET',
      keywords: ['SECRET'],
    };
    const pdf = await withMetadata(printed, metadata);
    expect(Buffer.from(pdf.subarray(0, printed.length)).equals(Buffer.from(printed))).toBe(true);
    const path = join(tempDir(), 'brief.pdf');
    writeFileSync(path, pdf);
    // qpdf follows the update's cross-reference section back to the printed one.
    expect(execFileSync('qpdf', ['--check', path], { encoding: 'utf8' })).toMatch(
      /No syntax or stream encoding errors/,
    );
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+Overview: “Geneva” – ü$/m);
    expect(info).toMatch(/^Author:\s+Dana Whitfield$/m);
    expect(info).toMatch(/^Pages:\s+2$/m);
    const doc = await PDFDocument.load(pdf);
    const preferences = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(preferences.get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
  });

  it('set it in a file laid out otherwise by writing it whole', async () => {
    // A cross-reference stream, which the appending does not read.
    const doc = await PDFDocument.create();
    doc.addPage();
    const printed = await doc.save({ useObjectStreams: true });
    const pdf = await withMetadata(printed, {
      title: 'T',
      author: 'A',
      subject: 'SECRET',
      keywords: [],
    });
    expect(Buffer.from(pdf.subarray(0, printed.length)).equals(Buffer.from(printed))).toBe(false);
    const again = await PDFDocument.load(pdf);
    expect([again.getTitle(), again.getAuthor(), again.getSubject()]).toEqual(['T', 'A', 'SECRET']);
  });

  it('diff snapshots into added, changed and removed items', () => {
    const item = (text: string) => ({ section: 'S', label: 'L', text });
    expect(
      diffSnapshots(
        { a: item('1'), b: item('2'), c: item('3') },
        { a: item('1'), b: item('2!'), d: item('4') },
      ),
    ).toEqual({
      added: [item('4')],
      changed: [{ before: item('2'), after: item('2!') }],
      removed: [item('3')],
    });
  });

  it('draw a replaced wording with its shared opening and ending plain, and escaped', () => {
    const before =
      'Article 5: no enrichment on Iranian soil, now or <ever>, whatever is offered. Signed in Geneva.';
    const after = 'Article 5: sanctions are lifted first & in full, at once. Signed in Geneva.';
    const diff = wordDiff(before, after);
    expect(diff.replaced).toBe(true);
    expect(diffHtml(before, after, diff, 'before').value).toBe(
      'Article 5: <del>no enrichment on Iranian soil, now or &lt;ever&gt;, whatever is offered</del>. Signed in Geneva.',
    );
    expect(diffHtml(before, after, diff, 'after').value).toBe(
      'Article 5: <ins>sanctions are lifted first &amp; in full, at once</ins>. Signed in Geneva.',
    );
    expect(diffHtml(before, after, diff, 'both').value).toBe(
      'Article 5: <del>no enrichment on Iranian soil, now or &lt;ever&gt;, whatever is offered</del>' +
        '<ins>sanctions are lifted first &amp; in full, at once</ins>. Signed in Geneva.',
    );
  });

  it.each([
    ['SECRET - Round 2: Muscat talks', 'SECRET - Round 2 - Muscat talks.pdf'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a b c d e f g h i j.pdf'],
    ['..hidden. ', 'hidden.pdf'],
    ['CON', 'Parley CON.pdf'],
    ['nul.txt', 'Parley nul.txt.pdf'],
    ['tab\there\u0000null', 'tab here null.pdf'],
    ['', 'Parley.pdf'],
  ])('make %j a safe file name', (base, expected) =>
    expect(safeFileName(base, 'pdf')).toBe(expected),
  );

  it('keep file names to 150 characters', () => {
    const name = safeFileName('x'.repeat(400), 'pdf');
    expect(name.length).toBe(150);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
