import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The text of every page of a PDF, read back with poppler's pdftotext (logical order). */
export function pdfPages(path: string): string[] {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', path, '-'], {
      encoding: 'utf8',
    })
      // Bidi embedding marks poppler adds around right-to-left runs.
      .replace(/[\u200e\u200f\u202a-\u202e]/g, ''),
  );
}

/** Page size in points, e.g. "595.276 x 841.89" (A4) or "612 x 792" (Letter). */
export function pdfPageSize(path: string): string {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return /^Page size:\s+([\d.]+ x [\d.]+)/m.exec(info)?.[1] ?? '';
}

/**
 * A Word file laid out by LibreOffice (headless) as a PDF, to read its pages back. Each call
 * gets its own LibreOffice profile, so parallel conversions do not wait on one another's lock.
 */
export function wordToPdf(docxPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-soffice-'));
  const input = join(dir, 'brief.docx');
  copyFileSync(docxPath, input);
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return join(dir, 'brief.pdf');
}
