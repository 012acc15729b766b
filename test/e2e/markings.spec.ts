// Markings that hold: what leaves Parley is marked at least as high as anything it carries,
// read back from the exported PDFs with poppler; and text removed for good leaves no trace.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { decryptedBytes } from '../support/decrypt';
import { pdfPages } from './pdf';

// Printing a brief through Chromium takes seconds on a busy machine: room for two exports.
test.describe.configure({ timeout: 90_000 });

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });
const notice = (page: Page) => page.getByRole('status', { name: 'Notifications' });
const allSaved = (page: Page) =>
  expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
}

async function exportPdf(page: Page) {
  const dialog = page.getByRole('dialog', { name: /brief|overview/i });
  await expect(dialog.getByTitle('Preview of the brief')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export PDF' }).click();
  const download = await downloading;
  await expect(notice(page)).toContainText('Exported');
  return { path: (await download.path())!, name: download.suggestedFilename() };
}

/** `pdfinfo`'s fields, e.g. { Title: …, Author: …, Subject: …, Keywords: … }. */
function pdfInfo(path: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Object.fromEntries(
    out.split('\n').flatMap((line) => {
      const m = /^([A-Za-z ]+):\s+(.*)$/.exec(line);
      return m ? [[m[1]!.trim(), m[2]!.trim()]] : [];
    }),
  );
}

function expectMarkedEveryPage(path: string, marking: string) {
  const pages = pdfPages(path);
  pages.forEach((text, i) => {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines[0], `top of page ${i + 1}`).toBe(marking);
    expect(lines.at(-1), `bottom of page ${i + 1}`).toMatch(
      new RegExp(`${marking}\\s+Page ${i + 1} of ${pages.length}$`),
    );
  });
  return pages;
}

/**
 * The marking at the top and bottom of each page: at least 10 pt and at least 6 mm from the
 * paper's edge, read from the positions poppler gives each word (in points; 6 mm = 17 pt).
 * A word's box is its font's height: Noto Sans's is 1.36 times the size.
 */
function bannerGeometry(path: string, marking: string) {
  const xml = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  const first = marking.split(' ')[0]!;
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(
    ([, , height, body]) => {
      const words = [
        ...body!.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g),
      ].filter((w) => w[3] === first);
      const top = words[0]!;
      const bottom = words.at(-1)!;
      return {
        fromTop: Number(top[1]),
        fromBottom: Number(height) - Number(bottom[2]),
        size: (Number(top[2]) - Number(top[1])) / 1.362,
      };
    },
  );
}

test('an overview brief carries the marking of a source its red line cites, with who prepared it', async ({
  page,
}) => {
  // Your name, once, in Settings: it is recorded in history and printed on the brief.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Your name', { exact: true }).fill('Dana Whitfield');
  await page.getByLabel('Organisation').fill('Iran desk');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(notice(page)).toContainText('Settings saved.');
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Negotiations' })
    .click();
  await openSample(page);

  // A TOP SECRET cable, cited by a red line.
  await section(page, 'Sources').click();
  const form = page.getByRole('form', { name: 'Add source' });
  await form.getByLabel('Kind of source').selectOption({ label: 'Leak' });
  await form.getByLabel('Outlet or document').fill('Reuters & AP');
  await form.getByLabel('Quote').fill('The envoy conceded a three-year pause in private.');
  await form.getByRole('button', { name: 'Add source' }).click();
  const card = page.getByRole('article', { name: 'Source: Reuters & AP' });
  await card.getByRole('button', { name: 'Edit' }).click();
  await card.getByLabel('Marking', { exact: true }).selectOption({ label: 'TOP SECRET' });
  await card.getByRole('button', { name: 'Done' }).click();
  await allSaved(page);
  await section(page, 'Red lines').click();
  await page
    .getByRole('button', { name: /^Edit red line: Israel on Scope of the programme\./ })
    .click();
  await page
    .getByRole('button', { name: 'Cite a source for red line: Israel on Scope of the programme' })
    .click();
  const cite = page.getByRole('dialog', { name: 'Cite a source' });
  await cite.getByRole('radio', { name: /Reuters & AP/ }).check();
  await cite.getByRole('button', { name: 'Cite', exact: true }).click();
  await expect(cite).toBeHidden();

  // The history says who did it.
  await page
    .getByRole('button', { name: 'History of red line: Israel on Scope of the programme' })
    .click();
  const history = page.getByRole('dialog', { name: /^History: / });
  await expect(history.getByRole('listitem').first()).toContainText('Dana Whitfield');
  await history.getByRole('button', { name: 'Close' }).click();

  await section(page, 'Overview').click();
  await page.getByRole('button', { name: 'Overview brief' }).click();
  const dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
  await expect(dialog.getByLabel('Handling marking').locator('option:checked')).toHaveText(
    'TOP SECRET (the highest inside)',
  );
  await expect(dialog.getByText(/here TOP SECRET, for source “Reuters & AP”/)).toBeVisible();
  await expect(dialog.getByLabel('Author')).toHaveValue('Dana Whitfield, Iran desk');
  const { path, name } = await exportPdf(page);
  expect(name).toMatch(/^TOP SECRET - Negotiation overview - US–Iran nuclear talks - /);
  const pages = expectMarkedEveryPage(path, 'TOP SECRET');
  const all = pages.join('\n').replace(/\s+/g, ' ');
  expect(all).toContain('Reuters & AP');
  expect(all).not.toContain('&amp;');
  expect(all).toContain('Prepared by Dana Whitfield, Iran desk');

  const info = pdfInfo(path);
  expect(info.Title).toBe('Negotiation overview: US–Iran nuclear talks');
  expect(info.Author).toBe('Dana Whitfield, Iran desk');
  expect(info.Subject).toBe('TOP SECRET');
  expect(info.Keywords).toBe('TOP SECRET, Negotiation overview, US–Iran nuclear talks, Parley');
  execFileSync('qpdf', ['--check', path]);
  for (const banner of bannerGeometry(path, 'TOP SECRET')) {
    expect(banner.size).toBeGreaterThanOrEqual(10);
    expect(banner.fromTop).toBeGreaterThanOrEqual(17);
    expect(banner.fromBottom).toBeGreaterThanOrEqual(17);
  }
});

test('a SECRET position removed since the last brief keeps the next brief SECRET, and “&” prints once', async ({
  page,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  const position = page.getByRole('article', { name: 'Iran on Ballistic missiles' });
  await position.getByRole('button', { name: 'Edit position: Iran on Ballistic missiles' }).click();
  await position.getByLabel('Marking', { exact: true }).selectOption({ label: 'SECRET' });
  await position.getByRole('button', { name: 'Done' }).click();
  await allSaved(page);
  await page.getByRole('button', { name: 'Brief this round' }).click();
  expect((await exportPdf(page)).name).toMatch(/^SECRET - Round brief/);

  // The SECRET position goes; a source from “Reuters & AP” is cited by the round.
  await position.getByRole('button', { name: 'Edit position: Iran on Ballistic missiles' }).click();
  await page.getByRole('button', { name: 'Delete position: Iran on Ballistic missiles' }).click();
  await expect(position).toHaveCount(0);
  await page.getByRole('button', { name: 'Show details' }).click();
  await page.getByRole('button', { name: 'Cite a source for round 2' }).click();
  const cite = page.getByRole('dialog', { name: 'Cite a source' });
  await cite.getByRole('button', { name: 'New source…' }).click();
  const source = cite.getByRole('form', { name: 'New source' });
  await source.getByLabel('Kind of source').selectOption({ label: 'Press report' });
  await source.getByLabel('Outlet or document').fill('Reuters & AP');
  await source.getByLabel('Quote').fill('Talks will go on “within weeks”.');
  await cite.getByRole('button', { name: 'Create and cite' }).click();
  await expect(cite).toBeHidden();
  await allSaved(page);

  await page.getByRole('button', { name: 'Brief this round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Round brief' });
  await expect(
    dialog.getByRole('checkbox', { name: 'Include changes since the last brief' }),
  ).toBeChecked();
  await expect(dialog.getByLabel('Handling marking').locator('option:checked')).toHaveText(
    'SECRET (the highest inside)',
  );
  await expect(dialog.getByText(/here SECRET, for a removed item/)).toBeVisible();
  const { path, name } = await exportPdf(page);
  expect(name).toMatch(/^SECRET - Round brief - /);
  const all = expectMarkedEveryPage(path, 'SECRET').join('\n').replace(/\s+/g, ' ');
  const start = all.indexOf('Against the previous brief of this kind');
  const changes = all.slice(start, all.indexOf('The round', start));
  expect(changes).toContain('Removed');
  expect(changes).toContain("Iran's missile capabilities are not open to negotiation.");
  expect(changes).toContain('Reuters & AP');
  expect(all).not.toContain('&amp;');
});

test('Remove permanently erases an item, its history and the backups chosen, byte for byte', async ({
  page,
  parley,
}) => {
  const marker = 'Quetzalcoatlmarker';
  await openSample(page);
  await section(page, 'Red lines').click();
  const form = page.getByRole('form', { name: 'Add red line' });
  await form.getByLabel('Party').selectOption({ label: 'Oman' });
  await form.getByLabel('Issue').selectOption({ label: 'Enrichment' });
  await form.getByLabel('Red line text').fill(`${marker}: entered in the wrong library.`);
  await form.getByRole('button', { name: 'Add red line' }).click();
  await expect(page.getByRole('article', { name: 'Red line: Oman on Enrichment' })).toBeVisible();

  // A backup taken while it was there.
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(notice(page)).toContainText('Backed up');
  await page.goBack();
  await page.goBack();

  // The library is encrypted: its files are read decrypted, page by page (freed space too).
  const dir = dirname(parley.dbPath);
  const holding = () =>
    (function walk(folder: string): string[] {
      return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
        const path = join(folder, e.name);
        if (e.isDirectory()) return walk(path);
        const raw = readFileSync(path);
        const plain =
          /\.sqlite(-wal)?$/.test(e.name) && raw.length > 0
            ? decryptedBytes(path, parley.key!)
            : raw;
        return plain.includes(marker) || raw.includes(marker) ? [path.slice(dir.length + 1)] : [];
      });
    })(dir);
  expect(holding().length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'History of red line: Oman on Enrichment' }).click();
  await page.getByRole('button', { name: 'Remove permanently…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove permanently?' });
  await expect(dialog).toContainText(`Red line “${marker}: entered in the wrong library.”`);
  await expect(dialog).toContainText('Undo cannot bring it back.');
  await expect(dialog).toContainText('1 backup still holds it');
  await dialog.getByRole('button', { name: 'Remove permanently' }).click();

  const backups = page.getByRole('dialog', { name: 'Removed. Delete the backups that hold it?' });
  await expect(backups.getByRole('checkbox', { name: /Backup of / })).toBeChecked();
  await backups.getByRole('button', { name: 'Delete chosen backups' }).click();
  await expect(notice(page)).toContainText('was removed permanently, and 1 backup deleted.');
  await expect(page.getByRole('article', { name: 'Red line: Oman on Enrichment' })).toHaveCount(0);
  expect(holding()).toEqual([]);
});
