import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pdfPageSize, pdfPages } from './pdf';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
}

/** Exports the brief open in the dialog and returns the downloaded file's path and name. */
async function exportPdf(page: Page) {
  const dialog = page.getByRole('dialog', { name: /brief|overview/i });
  await expect(dialog.getByTitle('Preview of the brief')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export PDF' }).click();
  const download = await downloading;
  const path = await download.path();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Exported');
  return { path, name: download.suggestedFilename() };
}

test('round brief: marking on every page, page numbers, sections, Persian quote, annex', async ({
  page,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  await page.getByRole('button', { name: 'Brief this round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Round brief' });
  await dialog
    .getByLabel('Bottom line up front')
    .fill('Both sides kept talking; the gap on enrichment is unchanged.');
  await dialog.getByLabel('Handling marking').selectOption({ label: 'CONFIDENTIAL' });
  await dialog.getByRole('button', { name: 'Update preview' }).click();
  const preview = dialog.frameLocator('iframe[title="Preview of the brief"]');
  await expect(preview.getByRole('heading', { name: 'Bottom line up front' })).toBeVisible();
  await expect(preview.getByText('the gap on enrichment is unchanged')).toBeVisible();

  const { path, name } = await exportPdf(page);
  expect(name).toMatch(
    /^CONFIDENTIAL - Round brief - Round 2 - Talks reopen in Oman - US–Iran nuclear talks - \d{4}-\d\d-\d\d\.pdf$/,
  );
  const pages = pdfPages(path);
  expect(pages.length).toBeGreaterThanOrEqual(4);
  pages.forEach((text, i) => {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines[0], `top of page ${i + 1}`).toBe('CONFIDENTIAL');
    expect(lines.at(-1), `bottom of page ${i + 1}`).toMatch(
      new RegExp(`CONFIDENTIAL\\s+Page ${i + 1} of ${pages.length}$`),
    );
  });
  // No section heading is the last thing on a page.
  pages.forEach((text, i) => {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines.at(-2), `end of page ${i + 1}`).not.toMatch(/^\d+ [A-Z][a-z]+( [a-z]+)*$/);
  });
  const all = pages.join('\n');
  for (const heading of [
    'Contents',
    'Bottom line up front',
    'The round',
    'Participants',
    'Positions by issue',
    'Red lines and open conflicts',
    'Key quotes',
    'Next steps',
    'Source annex',
  ]) {
    expect(all).toContain(heading);
  }
  expect(all).toContain('Steve Witkoff');
  // The table of contents (and the citation marks) are working links inside the PDF.
  const links = readFileSync(path, 'latin1').match(/\/Subtype\s*\/Link/g) ?? [];
  expect(links.length).toBeGreaterThanOrEqual(9);
  expect(all.replace(/\s+/g, ' ')).toContain('توان موشکی ایران قابل مذاکره نیست');

  // Every number cited in the body has an annex entry, and the annex has nothing uncited.
  const annexAt = all.lastIndexOf('Source annex');
  const body = all.slice(0, annexAt);
  const annex = all.slice(annexAt);
  const cited = new Set(
    [...body.matchAll(/\[(\d+(?:, \d+)*)\]/g)].flatMap((m) => m[1]!.split(', ')),
  );
  const listed = new Set([...annex.matchAll(/^\s*\[(\d+)\]/gm)].map((m) => m[1]!));
  expect(cited.size).toBeGreaterThan(0);
  expect([...listed].sort()).toEqual([...cited].sort());
});

test('the default marking is the highest of what the brief contains, and can only be raised', async ({
  page,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  const position = page.getByRole('article', { name: 'Iran on Ballistic missiles' });
  await position.getByRole('button', { name: 'Edit position: Iran on Ballistic missiles' }).click();
  await position.getByLabel('Marking', { exact: true }).selectOption({ label: 'SECRET' });
  await position.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Brief this round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Round brief' });
  const marking = dialog.getByLabel('Handling marking');
  await expect(marking.locator('option:checked')).toHaveText('SECRET (the highest inside)');
  await expect(marking.getByRole('option')).toHaveText([
    'SECRET (the highest inside)',
    'TOP SECRET',
  ]);
  await expect(
    dialog.getByText(/here SECRET, for the position of Iran on “Ballistic missiles”/),
  ).toBeVisible();
  const { name, path } = await exportPdf(page);
  expect(name.startsWith('SECRET - ')).toBe(true);
  expect(pdfPages(path).every((text) => text.trim().startsWith('SECRET'))).toBe(true);
});

test('comparison brief on US Letter, only what changed, with word changes and counts', async ({
  page,
}) => {
  await openSample(page);
  await section(page, 'Compare rounds').click();
  await page.getByRole('switch', { name: 'Changes only' }).check();
  await page.getByRole('button', { name: 'Brief this comparison' }).click();
  const dialog = page.getByRole('dialog', { name: 'Comparison brief' });
  await expect(dialog.getByRole('checkbox', { name: 'Only what changed' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'US Letter' }).check();
  await dialog.getByRole('button', { name: 'Update preview' }).click();
  const preview = dialog.frameLocator('iframe[title="Preview of the brief"]');
  await expect(preview.getByRole('heading', { name: 'Positions side by side' })).toBeVisible();
  await expect(preview.getByRole('insertion').first()).toBeVisible();
  await expect(preview.getByRole('deletion').first()).toBeVisible();
  const { path } = await exportPdf(page);
  expect(pdfPageSize(path)).toBe('612 x 792');
  const all = pdfPages(path).join('\n');
  expect(all).toContain('What changed');
  expect(all).toContain('8 new · 0 dropped · 2 reworded · 0 unchanged');
  expect(all).toContain('Only what changed is shown.');
});

test('changes since the last brief list exactly what changed between two exports', async ({
  page,
}) => {
  // Two whole overview briefs are rendered and exported; it took 30 s on the CI machine.
  test.setTimeout(60_000);
  await openSample(page);
  await page.getByRole('button', { name: 'Overview brief' }).click();
  let dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
  await expect(
    dialog.getByRole('checkbox', { name: 'Include changes since the last brief' }),
  ).toBeDisabled();
  await exportPdf(page);

  // One new red line, one changed position, one red line removed.
  await section(page, 'Red lines').click();
  await page.getByLabel('Party', { exact: true }).selectOption({ label: 'Oman' });
  await page.getByLabel('Red line text').fill('No military strikes while talks continue.');
  await page.getByRole('button', { name: 'Add red line' }).click();
  await page
    .getByRole('button', { name: 'Delete red line: Israel on Scope of the programme' })
    .click();
  await section(page, 'Overview').click();
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  const iran = page.getByRole('article', { name: 'Iran on Ballistic missiles' });
  await iran.getByRole('button', { name: 'Edit position: Iran on Ballistic missiles' }).click();
  await iran
    .getByLabel('Position text')
    .fill("Iran's missile capabilities are not open to negotiation at all.");
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'US–Iran nuclear talks' })
    .click();

  await page.getByRole('button', { name: 'Overview brief' }).click();
  dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
  await expect(
    dialog.getByRole('checkbox', { name: 'Include changes since the last brief' }),
  ).toBeChecked();
  await expect(dialog.getByText('Changes since last')).toBeVisible();
  await expect(dialog.getByRole('definition').filter({ hasText: /^3$/ })).toBeVisible();
  const { path } = await exportPdf(page);
  const all = pdfPages(path).join('\n').replace(/\s+/g, ' ');
  const start = all.indexOf('Changes since the last brief', all.indexOf('Contents') + 30);
  const changes = all.slice(start, all.indexOf('The negotiation', start));
  const part = (from: string, to?: string) =>
    changes.slice(
      changes.indexOf(` ${from} SECTION`),
      to ? changes.indexOf(` ${to} SECTION`) : undefined,
    );
  const added = part('New', 'Changed');
  const changed = part('Changed', 'Removed');
  const removed = part('Removed');
  // Exactly one item in each: the Oman red line, the Iran position, the Israel red line.
  expect(added).toContain('Red lines Oman on Enrichment No military strikes while talks continue.');
  expect(changed).toContain('Positions Iran on Ballistic missiles');
  expect(changed).toContain('not open to negotiation at all.');
  expect(removed).toContain('Israel on Scope of the');
  expect(removed).toContain('A deal limited to the nuclear');
  for (const list of [added, changed, removed]) {
    expect(list.match(/ (Red lines|Positions|Timeline) /g)).toHaveLength(1);
  }
});
