import type { Page } from '@playwright/test';
import { createNegotiation, expect, test } from './fixtures';

const PERSIAN_QUOTE = 'توان موشکی ایران قابل مذاکره نیست.';

async function openTalks(page: Page) {
  await createNegotiation(page, {
    title: 'US–Iran nuclear talks',
    parties: [
      { name: 'United States', code: 'US', role: 'Principal' },
      { name: 'Iran', code: 'IR', role: 'Principal' },
    ],
    issues: ['Enrichment', 'Ballistic missiles'],
  });
}

const section = (page: Page, name: 'Overview' | 'Red lines' | 'Sources') =>
  page
    .getByRole('navigation', { name: 'Negotiation sections' })
    .getByRole('link', { name })
    .click();

const allSaved = (page: Page) =>
  expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

const toastUndo = (page: Page) =>
  page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' });

async function addRedLine(page: Page, party: string, issue: string, text: string) {
  const form = page.getByRole('form', { name: 'Add red line' });
  await form.getByLabel('Party').selectOption({ label: party });
  await form.getByLabel('Issue').selectOption({ label: issue });
  await form.getByLabel('Red line text').fill(text);
  await form.getByRole('button', { name: 'Add red line' }).click();
  await expect(page.getByRole('article', { name: `Red line: ${party} on ${issue}` })).toBeVisible();
}

async function addSource(
  page: Page,
  source: { kind: string; speaker: string; outlet: string; date?: string; quote: string },
) {
  const form = page.getByRole('form', { name: 'Add source' });
  await form.getByLabel('Kind of source').selectOption({ label: source.kind });
  await form.getByLabel('Speaker').fill(source.speaker);
  await form.getByLabel('Outlet or document').fill(source.outlet);
  if (source.date) await form.getByLabel('Date said').fill(source.date);
  await form.getByLabel('Quote').fill(source.quote);
  await form.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByRole('article', { name: `Source: ${source.outlet}` })).toBeVisible();
}

test('a red line is recorded, edited, kept across a reload, traced in history and restored after delete', async ({
  page,
}) => {
  await openTalks(page);
  await section(page, 'Red lines');

  const form = page.getByRole('form', { name: 'Add red line' });
  await form.getByLabel('Party').selectOption({ label: 'Iran' });
  await form.getByLabel('Issue').selectOption({ label: 'Ballistic missiles' });
  await form.getByLabel('Red line text').fill('The missile programme is not on the table.');
  await form.getByLabel('Declared', { exact: true }).fill('early 2026');
  await form
    .getByLabel('Declared by', { exact: true })
    .selectOption({ label: 'Not a listed person' });
  await form.getByLabel('Declared by (in words)').fill('Foreign ministry spokesman');
  await form.getByRole('button', { name: 'Add red line' }).click();

  const card = page.getByRole('article', { name: 'Red line: Iran on Ballistic missiles' });
  // Read first: the wording as text, its fields opened by a click on it.
  const reading = card.getByRole('button', {
    name: /^Edit red line: Iran on Ballistic missiles\./,
  });
  await expect(reading).toContainText('The missile programme is not on the table.');
  await expect(card.getByRole('textbox')).toHaveCount(0);
  await reading.click();
  await expect(card.getByLabel('Red line', { exact: true })).toHaveValue(
    'The missile programme is not on the table.',
  );
  await expect(card).toContainText('Declared early 2026 by Foreign ministry spokesman');
  await expect(card.getByLabel('Declared by (in words)')).toHaveValue('Foreign ministry spokesman');
  await expect(card.getByLabel('Status')).toHaveValue('active');
  await expect(form.getByLabel('Red line text')).toHaveValue('');
  await expect(page.getByRole('region', { name: 'Red lines of United States' })).toContainText(
    'No red lines recorded for United States.',
  );

  // Edits save themselves.
  await card
    .getByLabel('Red line', { exact: true })
    .fill('Missile range and numbers are not negotiable.');
  await card.getByLabel('Status').selectOption({ label: 'Softened' });
  await allSaved(page);

  await page.reload();
  await expect(reading).toContainText('Missile range and numbers are not negotiable.');
  await reading.click();
  await expect(card.getByLabel('Red line', { exact: true })).toHaveValue(
    'Missile range and numbers are not negotiable.',
  );
  await expect(card.getByLabel('Status')).toHaveValue('softened');

  await card
    .getByRole('button', { name: 'History of red line: Iran on Ballistic missiles' })
    .click();
  const history = page.getByRole('dialog', { name: 'History: Iran on Ballistic missiles' });
  const changes = history.getByRole('list', { name: 'Changes, newest first' });
  await expect(changes).toContainText('The missile programme is not on the table.');
  await expect(changes).toContainText('Missile range and numbers are not negotiable.');
  await expect(changes).toContainText('Softened');
  await history.getByRole('button', { name: 'Close' }).click();
  await expect(history).toBeHidden();

  await card.getByRole('button', { name: 'Delete red line: Iran on Ballistic missiles' }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Red line deleted.',
  );
  await toastUndo(page).click();
  await expect(reading).toContainText('Missile range and numbers are not negotiable.');
});

test('a source keeps a Persian quote, is found by filtering, edited, and restored after delete', async ({
  page,
}) => {
  await openTalks(page);
  await section(page, 'Sources');
  await expect(page.getByText('No sources yet.')).toBeVisible();

  await addSource(page, {
    kind: 'Interview',
    speaker: 'Abbas Araghchi',
    outlet: 'IRNA',
    date: '12 Feb 2026',
    quote: PERSIAN_QUOTE,
  });
  await addSource(page, {
    kind: 'Press report',
    speaker: 'Unnamed US official',
    outlet: 'Reuters',
    quote: 'Washington wants missiles on the agenda.',
  });

  const irna = page.getByRole('article', { name: 'Source: IRNA' });
  const reuters = page.getByRole('article', { name: 'Source: Reuters' });
  await expect(irna).toContainText('Interview');
  await expect(irna).toContainText('12 February 2026');
  await expect(irna.getByText(PERSIAN_QUOTE)).toHaveAttribute('dir', 'auto');

  const filter = page.getByRole('searchbox', { name: 'Filter sources' });
  await filter.fill('موشکی');
  await expect(irna).toBeVisible();
  await expect(reuters).toHaveCount(0);
  await filter.fill('washington');
  await expect(reuters).toBeVisible();
  await expect(irna).toHaveCount(0);
  await filter.fill('nothing like this');
  await expect(page.getByText('No source matches “nothing like this”.')).toBeVisible();
  await filter.fill('');
  await expect(irna).toBeVisible();
  await expect(reuters).toBeVisible();

  const edit = irna.getByRole('button', { name: 'Edit', exact: true });
  await expect(edit).toHaveAttribute('aria-expanded', 'false');
  await edit.click();
  const done = irna.getByRole('button', { name: 'Done', exact: true });
  await expect(done).toHaveAttribute('aria-expanded', 'true');
  await expect(irna.getByLabel('Quote')).toHaveValue(PERSIAN_QUOTE);
  await expect(irna.getByLabel('URL or reference')).toHaveAccessibleDescription(
    'Kept as text; Parley never opens links.',
  );
  await irna.getByLabel('Reliability').selectOption({ label: 'B — usually reliable' });
  await irna.getByLabel('Confidence').selectOption({ label: 'Medium' });
  await allSaved(page);
  await done.click();
  await expect(irna).toContainText('B · medium confidence');

  await page.reload();
  await expect(irna).toContainText('B · medium confidence');
  await irna.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(irna.getByLabel('Reliability')).toHaveValue('B');
  await expect(irna.getByLabel('Quote')).toHaveValue(PERSIAN_QUOTE);

  await irna.getByRole('button', { name: 'Delete source: IRNA' }).click();
  await expect(irna).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Source deleted.',
  );
  await toastUndo(page).click();
  await expect(irna).toContainText(PERSIAN_QUOTE);
  await expect(irna).toContainText('B · medium confidence');
});

test('a red line cites a listed source or a new one through the Cite dialog', async ({ page }) => {
  await openTalks(page);
  await section(page, 'Sources');
  await addSource(page, {
    kind: 'Official statement',
    speaker: 'Ali Khamenei',
    outlet: 'Tasnim',
    date: 'spring 2025',
    quote: PERSIAN_QUOTE,
  });
  await section(page, 'Red lines');
  await addRedLine(page, 'Iran', 'Ballistic missiles', 'No limits on missiles.');

  const card = page.getByRole('article', { name: 'Red line: Iran on Ballistic missiles' });
  await card.getByRole('button', { name: /^Edit red line:/ }).click();
  const opener = card.getByRole('button', {
    name: 'Cite a source for red line: Iran on Ballistic missiles',
  });
  const dialog = page.getByRole('dialog', { name: 'Cite a source' });

  // Esc closes the dialog and gives focus back.
  await opener.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  await opener.click();
  await dialog.getByRole('button', { name: 'Cite', exact: true }).click();
  await expect(dialog.getByRole('radiogroup', { name: 'Source' })).toHaveAccessibleDescription(
    'Choose a source to cite, or add a new one.',
  );
  await dialog.getByLabel('Find a source').fill('tasnim');
  await dialog.getByRole('radio', { name: /Ali Khamenei, Tasnim/ }).check();
  await dialog.getByLabel('Pinpoint (page, paragraph, minute)').fill('para 4');
  await dialog.getByRole('button', { name: 'Cite', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  const cited = card.getByRole('list', { name: 'Sources' });
  await expect(cited.getByRole('listitem')).toHaveCount(1);
  await expect(cited).toContainText('Ali Khamenei, Tasnim');
  await expect(cited).toContainText('para 4');
  await expect(cited).toContainText('spring 2025');

  await cited.getByRole('button', { name: 'Remove citation of Ali Khamenei, Tasnim' }).click();
  await expect(cited).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Citation removed.',
  );
  await toastUndo(page).click();
  await expect(cited.getByRole('listitem')).toHaveCount(1);
  await expect(cited).toContainText('para 4');

  // A source not yet recorded is created and cited in one go.
  await opener.click();
  await expect(dialog.getByRole('radio')).toHaveCount(0);
  const newSource = dialog.getByRole('form', { name: 'New source' });
  await expect(newSource).toBeVisible();
  await expect(newSource.getByLabel('Kind of source')).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'New source…' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await dialog.getByRole('button', { name: 'Create and cite' }).click();
  await expect(newSource.getByLabel('Outlet or document')).toHaveAccessibleDescription(
    'Give at least a speaker, an outlet or document, a reference or a quote.',
  );
  await newSource.getByLabel('Kind of source').selectOption({ label: 'Press report' });
  await newSource.getByLabel('Speaker').fill('Senior Iranian diplomat');
  await newSource.getByLabel('Outlet or document').fill('Al-Monitor');
  await newSource.getByLabel('Date said').fill('Feb 2026');
  await newSource.getByLabel('Quote').fill('Range is the one thing we will not discuss.');
  await dialog.getByLabel('Pinpoint (page, paragraph, minute)').fill('last paragraph');
  await dialog.getByRole('button', { name: 'Create and cite' }).click();
  await expect(dialog).toBeHidden();
  await expect(cited.getByRole('listitem')).toHaveCount(2);
  await expect(cited).toContainText('Senior Iranian diplomat, Al-Monitor');
  await expect(cited).toContainText('last paragraph');

  await section(page, 'Sources');
  await expect(page.getByRole('article', { name: 'Source: Al-Monitor' })).toContainText(
    'Cited by 1 item',
  );
  await expect(page.getByRole('article', { name: 'Source: Tasnim' })).toContainText(
    'Cited by 1 item',
  );
});

test('invalid red line and source forms say what is wrong next to the field', async ({ page }) => {
  await openTalks(page);
  await section(page, 'Red lines');

  const form = page.getByRole('form', { name: 'Add red line' });
  await form.getByRole('button', { name: 'Add red line' }).click();
  const text = form.getByLabel('Red line text');
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await expect(text).toHaveAccessibleDescription('Red line is required.');
  await expect(text).toBeFocused();

  await form.getByLabel('Declared', { exact: true }).fill('someday');
  await expect(form.getByLabel('Declared', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await text.fill('Zero enrichment is unacceptable.');
  await text.press('Control+Enter');
  await expect(page.getByRole('article')).toHaveCount(0);
  await form.getByLabel('Declared', { exact: true }).fill('2025');
  await text.press('Control+Enter');
  await expect(
    page.getByRole('article', { name: 'Red line: United States on Enrichment' }),
  ).toContainText('Declared 2025');

  await section(page, 'Sources');
  const sourceForm = page.getByRole('form', { name: 'Add source' });
  await sourceForm.getByRole('button', { name: 'Add source' }).click();
  await expect(sourceForm.getByLabel('Outlet or document')).toHaveAccessibleDescription(
    'Give at least a speaker, an outlet or document, a reference or a quote.',
  );
  await expect(page.getByRole('article')).toHaveCount(0);
});
