// Source documents: attached through the file picker, found by a word inside, opened at the
// page the word is on, refused with a clear message when hostile; the viewer passes axe in the
// light and the dark theme.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { aPdf } from '../support/documents';
import { expect, test } from './fixtures';

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'US–Iran nuclear talks' }),
  ).toBeAttached();
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });

/** Screenshots for a person to look at, when asked for (SHOTS=folder). */
async function shot(page: Page, name: string) {
  if (process.env.SHOTS)
    await page.screenshot({ path: `${process.env.SHOTS}/${name}.png`, fullPage: true });
}

const SOURCE = 'Opinion column on the US–Iran talks';

/** Opens the first source card named after the sample's column, for editing. */
async function openColumn(page: Page) {
  await section(page, 'Sources').click();
  const card = page.getByRole('article', { name: `Source: ${SOURCE}` }).first();
  await card.getByRole('button', { name: 'Edit' }).click();
  return card;
}

async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .setLegacyMode(true)
    .analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('attach a PDF by the file picker, find a word on its second page, open it there', async ({
  page,
}) => {
  await openSample(page);
  const card = await openColumn(page);
  const pdf = await aPdf([
    'Readout of the plenary.\nOpening remarks by both delegations.',
    'Annex: the stockpile of enriched uranium is to be diluted offsite.',
  ]);
  await card
    .getByLabel(`Attach file to source: ${SOURCE}`)
    .setInputFiles({ name: 'readout.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  const documents = card.getByRole('group', { name: `Documents of source: ${SOURCE}` });
  await expect(documents.getByRole('listitem')).toContainText('readout.pdf');
  await expect(documents.getByRole('listitem')).toContainText('PDF');
  await expect(documents.getByRole('listitem')).toContainText('2 pages');
  await shot(page, 'documents-attached');

  await page.keyboard.press('Control+f');
  const search = page.getByRole('dialog', { name: 'Search' });
  await page.keyboard.type('offsite');
  const hits = search.getByRole('group', { name: /Inside documents/ }).getByRole('option');
  await expect(hits).toHaveCount(1);
  await expect(hits).toContainText('readout.pdf');
  await expect(hits).toContainText('page 2');
  await page.keyboard.press('Enter');

  const viewer = page.getByRole('dialog', { name: 'readout.pdf' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByText('Page 2 of 2')).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'Page 2' })).toContainText('diluted offsite');
  await shot(page, 'documents-viewer-page-2');
  // Keyboard: the previous page, then Esc closes.
  await page.keyboard.press('PageUp');
  await expect(viewer.getByText('Page 1 of 2')).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'Page 1' })).toContainText('Opening remarks');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Deleting it is undone from the toast.
  await documents.getByRole('button', { name: 'Delete document: readout.pdf' }).click();
  await expect(page.getByText('readout.pdf', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).first().click();
  await expect(documents.getByText('readout.pdf', { exact: true })).toBeVisible();
});

/** The share of a drawn page's pixels that are ink (not white paper), in the browser. */
async function ink(page: Page, name: RegExp): Promise<number> {
  const canvas = page.getByRole('img', { name }).locator('canvas');
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark / (data.length / 4);
  });
}

test('a PDF is shown as it looks: its pages drawn, stepped through by keyboard, nothing refused by the page policy', async ({
  page,
}) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    // A worker the policy refused would make pdf.js fall back to a "fake worker" on the page.
    if (/Content.Security.Policy|Refused to|fake worker/i.test(message.text()))
      refused.push(message.text());
  });
  await openSample(page);
  const card = await openColumn(page);
  const pdf = await aPdf([
    'Readout of the plenary.\nOpening remarks by both delegations.',
    'Annex: the stockpile of enriched uranium is to be diluted offsite.\n'.repeat(30),
  ]);
  await card
    .getByLabel(`Attach file to source: ${SOURCE}`)
    .setInputFiles({ name: 'readout.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await card.getByRole('button', { name: 'View document: readout.pdf' }).click();
  const viewer = page.getByRole('dialog', { name: 'readout.pdf' });
  await expect(viewer.getByRole('button', { name: 'As it looks' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(viewer.getByText('Page 1 of 2')).toBeVisible();
  const first = viewer.getByRole('img', { name: /^Page 1 of readout\.pdf, as drawn/ });
  await expect(first).toBeVisible();
  // Two lines of text on page 1 draw a little ink; thirty lines on page 2 draw far more.
  await expect.poll(() => ink(page, /^Page 1 of readout/)).toBeGreaterThan(0.0005);
  const one = await ink(page, /^Page 1 of readout/);
  await page.keyboard.press('PageDown');
  await expect(viewer.getByText('Page 2 of 2')).toBeVisible();
  await expect.poll(() => ink(page, /^Page 2 of readout/)).toBeGreaterThan(one * 5);
  await shot(page, 'documents-pdf-drawn');
  // The same page as text, and back.
  await viewer.getByRole('button', { name: 'Text by page' }).click();
  await expect(viewer.getByRole('region', { name: 'Page 2' })).toContainText('diluted offsite');
  await viewer.getByRole('button', { name: 'As it looks' }).click();
  await expect(viewer.getByRole('img', { name: /^Page 2 of readout\.pdf/ })).toBeVisible();
  await page.keyboard.press('Escape');

  // A scan (here a page with no text at all) has nothing to read, but is still drawn.
  await card.getByLabel(`Attach file to source: ${SOURCE}`).setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await aPdf([''])),
  });
  await card.getByRole('button', { name: 'View document: scan.pdf' }).click();
  const scan = page.getByRole('dialog', { name: 'scan.pdf' });
  await expect(scan.getByRole('img', { name: 'Page 1 of scan.pdf, as drawn' })).toBeVisible();
  await expect(scan.getByText('Page 1 of 1')).toBeVisible();
  await scan.getByRole('button', { name: 'Text by page' }).click();
  await expect(scan.getByText('No text on this page.')).toBeVisible();
  expect(refused).toEqual([]);
});

test('a file that is not what its name says, and an empty one, are refused with a clear message', async ({
  page,
}) => {
  await openSample(page);
  const card = await openColumn(page);
  const input = card.getByLabel(`Attach file to source: ${SOURCE}`);
  await input.setInputFiles({
    name: 'cable.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('MZ this is not a PDF'),
  });
  await expect(card.getByRole('alert')).toContainText(
    '“cable.pdf” is named as a PDF but its content',
  );
  await input.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(card.getByRole('alert')).toContainText('“empty.txt” is empty (0 bytes)');
  await expect(
    card.getByRole('group', { name: /Documents of source/ }).getByRole('listitem'),
  ).toHaveCount(0);
});

test('a web page with a script is shown in a sandbox where the script never runs', async ({
  page,
  problems,
}) => {
  await openSample(page);
  const card = await openColumn(page);
  await card.getByLabel(`Attach file to source: ${SOURCE}`).setInputFiles({
    name: 'statement.html',
    mimeType: 'text/html',
    buffer: Buffer.from(
      '<!doctype html><html><body><p>Joint statement of the parties.</p>' +
        '<script>parent.document.title = "PWNED"; document.body.append("RAN")</script>' +
        '<img src="x" onerror="parent.document.title = \'PWNED\'"></body></html>',
    ),
  });
  await card.getByRole('button', { name: 'View document: statement.html' }).click();
  const viewer = page.getByRole('dialog', { name: 'statement.html' });
  const frame = viewer.frameLocator('iframe[title="Document: statement.html"]');
  await expect(frame.getByText('Joint statement of the parties.')).toBeVisible();
  await expect(frame.getByText('RAN')).toHaveCount(0);
  expect(await page.title()).not.toBe('PWNED');
  await expect(viewer.locator('iframe')).toHaveAttribute('sandbox', '');
  // The frame's own policy refused the image the page tried to fetch (its onerror handler then
  // ran nothing either): expected here, and taken off the list of problems.
  const blocked = problems.filter((p) => /img-src data:/.test(p));
  expect(blocked.length).toBeGreaterThan(0);
  problems.splice(0, problems.length, ...problems.filter((p) => !blocked.includes(p)));
});

test('cite a page of a document from a red line, and open the document there', async ({ page }) => {
  await openSample(page);
  const card = await openColumn(page);
  await card.getByLabel(`Attach file to source: ${SOURCE}`).setInputFiles({
    name: 'readout.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await aPdf(['Cover page.', 'The scope must include missiles.'])),
  });
  await expect(card.getByText('2 pages')).toBeVisible();

  await section(page, 'Red lines').click();
  const line = page.getByRole('article', { name: 'Red line: Israel on Scope of the programme' });
  await line.getByRole('button', { name: /^Edit red line:/ }).click();
  await line
    .getByRole('button', { name: 'Cite a source for red line: Israel on Scope of the programme' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Cite a source' });
  await dialog.getByLabel('Find a source').fill('The President');
  await dialog.getByRole('radio', { name: /The President/ }).check();
  await dialog.getByLabel('Document of this source').selectOption({ label: 'readout.pdf' });
  await dialog.getByLabel('Page', { exact: true }).fill('2');
  await dialog.getByLabel('Quoted passage (optional)').fill('The scope must include missiles.');
  await shot(page, 'documents-cite-dialog');
  await dialog.getByRole('button', { name: 'Cite', exact: true }).click();
  await expect(dialog).toBeHidden();

  const cited = line.getByRole('list', { name: 'Sources' });
  await expect(cited).toContainText('“The scope must include missiles.”');
  await cited.getByRole('button', { name: 'Open readout.pdf, page 2' }).click();
  const viewer = page.getByRole('dialog', { name: 'readout.pdf' });
  await expect(viewer.getByText('Page 2 of 2')).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'Page 2' })).toContainText('include missiles');
  await shot(page, 'documents-cited-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});

test('the negotiation file leaves attached documents out unless asked to include them', async ({
  page,
}) => {
  await openSample(page);
  const sources = async (include: boolean) => {
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: /Negotiation file/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Export negotiation file' });
    const option = dialog.getByRole('checkbox', { name: 'Include attached documents' });
    await expect(option).not.toBeChecked();
    if (include) await option.check();
    await dialog.getByRole('button', { name: 'Export' }).click();
    const file = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')) as {
      sources: { documents: { fileName: string; content: string }[] }[];
    };
    return file.sources.flatMap((s) => s.documents);
  };
  expect(await sources(false)).toEqual([]);
  const included = await sources(true);
  expect(included.map((d) => d.fileName)).toEqual(['Desk notes on the column.html']);
  expect(Buffer.from(included[0]!.content, 'base64').toString('utf8')).toContain(
    'Desk notes on the opinion column',
  );
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`the documents of a source and the viewer pass axe in the ${theme.toLowerCase()} theme`, async ({
    page,
  }) => {
    const button = page.getByRole('button', { name: /^Theme: / });
    for (let i = 0; i < 3 && (await button.textContent())?.trim() !== theme; i++)
      await button.click();
    await expect(button).toHaveText(theme);
    await openSample(page);
    const card = await openColumn(page);
    await card.getByLabel(`Attach file to source: ${SOURCE}`).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('First paragraph of notes.\n\nSecond paragraph, on sanctions.'),
    });
    await expect(card.getByText('2 paragraphs')).toBeVisible();
    expect(await axe(page)).toEqual([]);
    await shot(page, `documents-source-${theme.toLowerCase()}`);
    await card.getByRole('button', { name: 'View document: notes.txt' }).click();
    const viewer = page.getByRole('dialog', { name: 'notes.txt' });
    await expect(viewer.getByText('Paragraph 1 of 2')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(viewer.getByText('Paragraph 2 of 2')).toBeVisible();
    expect(await axe(page)).toEqual([]);
    await shot(page, `documents-viewer-${theme.toLowerCase()}`);
    await page.keyboard.press('Escape');
    await card.getByLabel(`Attach file to source: ${SOURCE}`).setInputFiles({
      name: 'readout.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await aPdf(['Readout of the plenary.'])),
    });
    await card.getByRole('button', { name: 'View document: readout.pdf' }).click();
    const drawn = page.getByRole('dialog', { name: 'readout.pdf' });
    await expect(drawn.getByRole('img', { name: /^Page 1 of readout\.pdf/ })).toBeVisible();
    await expect.poll(() => ink(page, /^Page 1 of readout/)).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, `documents-pdf-${theme.toLowerCase()}`);
  });
}
