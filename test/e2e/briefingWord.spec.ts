// Word export and printing, as the officer does them: through the briefing dialog. Each Word
// file is laid out by LibreOffice and read back, page by page, as a reader would see it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pdfPages, wordToPdf } from './pdf';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
}

/** Chooses Word with the keyboard (from the PDF choice) and exports; the download's path. */
async function exportWord(page: Page, dialogName: string) {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog.getByTitle('Preview of the brief')).toBeVisible();
  await dialog.getByRole('radio', { name: 'PDF' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Word (.docx)' })).toBeChecked();
  const exportButton = dialog.getByRole('button', { name: 'Export Word' });
  await expect(exportButton).toBeEnabled();
  const downloading = page.waitForEvent('download');
  await exportButton.click();
  const download = await downloading;
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Exported the Word document',
  );
  return { path: await download.path(), name: download.suggestedFilename() };
}

/** Every page: the marking first and last, and "Page i of n" in the footer. */
function expectMarkedPages(pages: string[], marking: string) {
  expect(pages.length).toBeGreaterThanOrEqual(2);
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
}

test.describe('Word export', () => {
  // LibreOffice takes a while to start and lay out a brief on a busy machine.
  test.slow();

  test('round brief as Word: marking on every page, page numbers, Persian in logical order', async ({
    page,
  }) => {
    await openSample(page);
    await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
    await page.getByRole('button', { name: 'Brief this round' }).click();
    const dialog = page.getByRole('dialog', { name: 'Round brief' });
    await dialog.getByLabel('Handling marking').selectOption({ label: 'CONFIDENTIAL' });
    await dialog.getByRole('button', { name: 'Update preview' }).click();
    await expect(dialog.getByText(/CONFIDENTIAL - Round brief - .*\.pdf$/)).toBeVisible();
    const { path, name } = await exportWord(page, 'Round brief');
    expect(name).toMatch(
      /^CONFIDENTIAL - Round brief - Round 2 - Talks reopen in Oman - US–Iran nuclear talks - \d{4}-\d\d-\d\d\.docx$/,
    );
    const pages = pdfPages(wordToPdf(path));
    expectMarkedPages(pages, 'CONFIDENTIAL');
    const all = pages.join('\n');
    for (const heading of ['Contents', 'The round', 'Key quotes', 'Source annex']) {
      expect(all).toContain(heading);
    }
    expect(all.replace(/\s+/g, ' ')).toContain('توان موشکی ایران قابل مذاکره نیست');
  });

  test('comparison brief as Word on US Letter', async ({ page }) => {
    await openSample(page);
    await section(page, 'Compare rounds').click();
    await page.getByRole('button', { name: 'Brief this comparison' }).click();
    const dialog = page.getByRole('dialog', { name: 'Comparison brief' });
    await dialog.getByRole('radio', { name: 'US Letter' }).check();
    await dialog.getByRole('button', { name: 'Update preview' }).click();
    const marking = await dialog.getByRole('definition').nth(1).textContent();
    const { path } = await exportWord(page, 'Comparison brief');
    const pdf = wordToPdf(path);
    const pages = pdfPages(pdf);
    expectMarkedPages(pages, marking!.trim());
    expect(pages.join('\n')).toContain('Positions side by side');
  });

  test('overview brief as Word', async ({ page }) => {
    await openSample(page);
    await page.getByRole('button', { name: 'Overview brief' }).click();
    const dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
    await expect(dialog.getByTitle('Preview of the brief')).toBeVisible();
    const marking = await dialog.getByRole('definition').nth(1).textContent();
    const { path } = await exportWord(page, 'Negotiation overview');
    const pages = pdfPages(wordToPdf(path));
    expectMarkedPages(pages, marking!.trim());
    expect(pages.join('\n')).toContain('Source annex');
  });
});

test.describe('Print', () => {
  test('Ctrl+P prints the brief’s preview, not the app', async ({ page }) => {
    await openSample(page);
    await page.getByRole('button', { name: 'Overview brief' }).click();
    const dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
    const frame = dialog.getByTitle('Preview of the brief');
    await expect(frame).toBeVisible();
    await expect(
      dialog.frameLocator('iframe[title="Preview of the brief"]').getByText('Source annex').first(),
    ).toBeAttached();
    // The browser's print dialog cannot be driven from a test: record which window is asked.
    await page.evaluate(() => {
      const w = window as unknown as { printed: string[] };
      w.printed = [];
      window.print = () => w.printed.push('app');
      const brief = document.querySelector<HTMLIFrameElement>(
        'iframe[title="Preview of the brief"]',
      )!.contentWindow!;
      brief.print = () => w.printed.push(brief.document.title);
    });
    await page.keyboard.press('Control+p');
    await dialog.getByRole('button', { name: 'Print…' }).click();
    const printed = await page.evaluate(() => (window as unknown as { printed: string[] }).printed);
    expect(printed).toHaveLength(2);
    for (const title of printed) expect(title).toMatch(/^Negotiation overview: /);
  });

  test('the printed brief carries its marking and page numbers on every page', async ({
    page,
    context,
  }, testInfo) => {
    await openSample(page);
    await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
    await page.getByRole('button', { name: 'Brief this round' }).click();
    const dialog = page.getByRole('dialog', { name: 'Round brief' });
    await dialog.getByLabel('Handling marking').selectOption({ label: 'SECRET' });
    await dialog.getByRole('button', { name: 'Update preview' }).click();
    await expect(dialog.getByText(/^SECRET - Round brief/)).toBeVisible();
    const src = await dialog.getByTitle('Preview of the brief').getAttribute('src');
    // What the print dialog prints: the preview document in print media, its own @page rules.
    const printing = await context.newPage();
    await printing.goto(new URL(src!, page.url()).href);
    const path = testInfo.outputPath('printed.pdf');
    await printing.pdf({ path, preferCSSPageSize: true });
    const pages = pdfPages(path);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((text, i) => {
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      expect(lines[0], `top of page ${i + 1}`).toBe('SECRET');
      expect(lines.at(-1), `bottom of page ${i + 1}`).toMatch(
        new RegExp(`SECRET\\s+Page ${i + 1} of ${pages.length}$`),
      );
    });
  });
});
