import { PDFDocument } from 'pdf-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../main/services/files';
import type { Deliver } from '../../main/services/files';
import { tempApp, call } from './helpers';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** What every offered file name must be, whatever the title it came from. */
function expectSafe(name: string, extension: string): void {
  expect(name.endsWith(`.${extension}`), name).toBe(true);
  const stem = name.slice(0, -extension.length - 1);
  expect(stem.length, name).toBeGreaterThan(0);
  expect(FORBIDDEN.test(name), name).toBe(false);
  expect(RESERVED.test(stem) || RESERVED.test(name), name).toBe(false);
  expect(LONE_SURROGATE.test(name), name).toBe(false);
  expect(name.startsWith('.') || /[.\s]$/.test(stem), name).toBe(false);
  expect(name.length, name).toBeLessThanOrEqual(150);
  expect(bytes(name), name).toBeLessThanOrEqual(200);
  expect(name, name).toBe(name.normalize('NFC'));
}

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'etc passwd.pdf'],
    ['C:\\Windows\\System32', 'C Windows System32.pdf'],
    ['COM¹', 'Parley COM¹.pdf'],
    ['conout$.txt', 'Parley conout$.txt.pdf'],
    ['Brief\u202efdp.exe', 'Brief fdp.exe.pdf'],
    ['\u0085Next line', 'Next line.pdf'],
    ['Half \ud83d emoji', 'Half emoji.pdf'],
    ['...', 'Parley.pdf'],
  ])('makes %j safe', (base, expected) => expect(safeFileName(base, 'pdf')).toBe(expected));

  it('keeps long non-Latin names within 200 bytes, cut between whole characters', () => {
    const persian = safeFileName('مذاکرات هسته‌ای '.repeat(30), 'pdf');
    expectSafe(persian, 'pdf');
    expect(bytes(persian)).toBeGreaterThan(180);
    const emoji = safeFileName('👩🏽‍💻'.repeat(60), 'pdf');
    expectSafe(emoji, 'pdf');
    // Each of these is one character of 15 bytes: only whole ones are kept.
    expect(emoji.slice(0, -4)).toBe('👩🏽‍💻'.repeat(13));
  });

  it('makes every string a safe name (property)', () => {
    const hostilePart = fc.constantFrom(
      '/',
      '\\',
      '..',
      ':',
      'CON',
      'nul',
      'LPT1',
      ' ',
      '.',
      '\u0000',
      '\u202e',
      '\ud800',
      '👩🏽‍💻',
      'هسته‌ای',
      '<script>',
    );
    const title = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc
        .array(fc.oneof(hostilePart, fc.string({ maxLength: 8 })), { maxLength: 60 })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(title, fc.constantFrom('pdf', 'json', 'csv'), (base, extension) =>
        expectSafe(safeFileName(base, extension), extension),
      ),
      { seed: 20261125, numRuns: 3000 },
    );
  });
});

describe('exported files are offered under safe names', () => {
  it('for a negotiation with a hostile title, in every export kind', async () => {
    const offered: string[] = [];
    const deliver: Deliver = async (fileName) => {
      offered.push(fileName);
      return { kind: 'saved' as const, path: `/tmp/${fileName}` };
    };
    const blank = await PDFDocument.create();
    blank.addPage();
    const pdf = await blank.save();
    const printer = { print: async () => pdf };
    const { dispatch } = tempApp({ deliver, printer });
    const title = '../../CON: <script>alert(1)</script> \u202egpj.exe ' + 'مذاکره '.repeat(40);
    const created = await call(dispatch, 'negotiations:create', {
      title: title.slice(0, 300),
      parties: [{ name: 'A', shortCode: 'A', role: 'principal' }],
      issues: [{ title: 'E' }],
    });
    for (const kind of ['negotiation', 'positions-csv', 'trajectory-csv'] as const) {
      await call(dispatch, 'transfer:export', { negotiationId: created.id, kind });
    }
    const preview = await call(dispatch, 'briefing:preview', {
      kind: 'overview',
      negotiationId: created.id,
    });
    await call(dispatch, 'briefing:export', { jobId: preview.jobId });
    expect(offered).toHaveLength(4);
    for (const name of offered) expectSafe(name, /\.(\w+)$/.exec(name)![1]!);
    expect(offered[0]).toMatch(/^[^/\\]*CON - script alert\(1\) script gpj\.exe مذاکره/);
  });
});
