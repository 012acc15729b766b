// The Timeline: rounds and developments by date, filtered, walked by keyboard, added to; and a
// round page's "since the previous round", which feeds the round brief.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'US–Iran nuclear talks' }),
  ).toBeAttached();
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });

const line = (page: Page) => page.getByRole('list', { name: 'Rounds and developments by date' });
const developments = (page: Page) => line(page).getByRole('article', { name: /^Development:/ });

/** The sample's Timeline with its Add development form open. */
async function addOnTimeline(page: Page) {
  await openSample(page);
  await section(page, 'Timeline').click();
  await page.getByRole('button', { name: 'Add development' }).click();
  return page.getByRole('form', { name: 'Add development' });
}

/** Screenshots for a person to look at, when asked for (SHOTS=folder). */
async function shot(page: Page, name: string) {
  if (process.env.SHOTS)
    await page.screenshot({ path: `${process.env.SHOTS}/${name}.png`, fullPage: true });
}

test('rounds and developments in date order, filtered by party, issue, kind and significance', async ({
  page,
}) => {
  await openSample(page);
  await section(page, 'Timeline').click();
  const entries = line(page).getByRole('listitem');
  // Round 1 (spring 2025), its end and the war (June 2025), round 2 (early 2026), then what
  // followed it.
  await expect(entries).toHaveCount(7);
  await expect(entries.nth(0)).toContainText('Round 1');
  await expect(entries.nth(1)).toContainText('The US President calls off the negotiations');
  await expect(entries.nth(2)).toContainText('twelve-day air war');
  await expect(entries.nth(3)).toContainText('Round 2');
  await expect(entries.nth(4)).toContainText('Netanyahu’s seventh meeting');
  await expect(
    page.getByRole('status').filter({ hasText: /developments?\s+(recorded|match)/ }),
  ).toHaveText('5 developments recorded');

  await page.getByLabel('Party', { exact: true }).selectOption({ label: 'Israel' });
  await expect(developments(page)).toHaveCount(2);
  await expect(developments(page).nth(0)).toContainText('air war');
  await expect(developments(page).nth(1)).toContainText('Netanyahu');
  // Rounds stay as the frame of the line.
  await expect(line(page).getByRole('link', { name: /Round \d/ })).toHaveCount(2);

  await page.getByLabel('Issue', { exact: true }).selectOption({ label: 'Regional proxies' });
  await expect(developments(page)).toHaveCount(1);
  await expect(developments(page)).toContainText('Netanyahu');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Military signal' });
  await expect(developments(page)).toHaveCount(2);
  await expect(line(page).getByRole('link', { name: /Round \d/ })).toHaveCount(0);
  await page.getByLabel('Significance', { exact: true }).selectOption({ label: 'Medium' });
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Rounds and all kinds' });
  await expect(developments(page)).toHaveCount(1);
  await expect(developments(page)).toContainText('Shamkhani');
  await expect(
    page.getByRole('status').filter({ hasText: /developments?\s+(recorded|match)/ }),
  ).toHaveText('1 development match');
});

test('the line is walked with the arrow keys; Enter opens a development or a round', async ({
  page,
}) => {
  await openSample(page);
  await section(page, 'Timeline').click();
  const round1 = line(page).getByRole('link', { name: /Round 1\W+Spring 2025 talks/ });
  await round1.focus();
  await page.keyboard.press('ArrowDown');
  const first = page.getByRole('button', {
    name: /^Edit development: The US President calls off the negotiations/,
  });
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(
    page.getByRole('button', { name: /^Edit development: Israel’s twelve-day/ }),
  ).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(first).toBeFocused();

  // Enter opens the development's fields; Escape closes them and gives focus back.
  await page.keyboard.press('Enter');
  const card = developments(page).filter({ hasText: 'calls off' });
  await expect(card.getByLabel('Development title')).toBeFocused();
  await expect(card.getByRole('group', { name: 'Parties involved' })).toBeVisible();
  await expect(card.getByRole('checkbox', { name: 'United States' })).toBeChecked();
  await expect(card.getByRole('checkbox', { name: 'Israel' })).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(first).toBeFocused();

  await page.keyboard.press('ArrowUp');
  await expect(round1).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Round 1: Spring 2025 talks' }),
  ).toBeAttached();
});

test('a development added on the Timeline is kept, edited in place and can be undone', async ({
  page,
}) => {
  const form = await addOnTimeline(page);
  // Nothing is added without a title; the message names the field.
  await form.getByRole('button', { name: 'Add development' }).click();
  await expect(form.getByLabel('Development title')).toBeFocused();
  await expect(form.getByText(/title is required/i)).toBeVisible();

  await form.getByLabel('Kind').selectOption({ label: 'Economic signal' });
  await form.getByLabel('Date', { exact: true }).fill('March 2026');
  await form.getByLabel('Significance').selectOption({ label: 'High' });
  await form.getByLabel('Development title').fill('New sanctions on oil shipments');
  await form.getByLabel('Summary').fill('Treasury names a dozen tankers.');
  await form.getByRole('checkbox', { name: 'United States' }).check();
  await form.getByRole('checkbox', { name: 'Enrichment' }).check();
  await form.getByRole('button', { name: 'Add development' }).click();

  const added = developments(page).filter({ hasText: 'New sanctions on oil shipments' });
  await expect(added).toBeVisible();
  await expect(added).toContainText('March 2026');
  await expect(added).toContainText('Economic signal');
  await expect(added).toContainText('High significance');
  await expect(added).toContainText('On Enrichment');
  // Last on the line: March 2026 comes after everything of early 2026.
  await expect(line(page).getByRole('listitem').last()).toContainText('New sanctions');
  await shot(page, `timeline-${await theme(page)}`);

  await page.reload();
  await expect(added).toBeVisible();
  await added.getByRole('button', { name: /^Edit development: New sanctions/ }).click();
  await added.getByRole('checkbox', { name: 'Iran' }).check();
  await expect(added.getByRole('checkbox', { name: 'Iran' })).toBeChecked();
  await added.getByRole('button', { name: 'Done' }).click();
  await expect(added).toContainText('United States, Iran');
  await added.getByRole('button', { name: /^History of development: New sanctions/ }).click();
  const history = page.getByRole('dialog', { name: /^History:/ });
  await expect(history).toContainText('Party involved');
  await expect(history).toContainText('Iran');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();

  await added.getByRole('button', { name: /^Delete development: New sanctions/ }).click();
  await expect(added).toHaveCount(0);
  await page
    .getByRole('status', { name: 'Notifications' })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(developments(page).filter({ hasText: 'New sanctions' })).toBeVisible();
});

async function theme(page: Page) {
  return (await page.locator('html').getAttribute('data-theme')) ?? 'light';
}

test('a round page lists what happened since the previous round, adds to it, and its brief tells of it', async ({
  page,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  const since = page.getByRole('region', { name: 'Since the previous round' });
  await expect(since.getByRole('article', { name: /^Development:/ })).toHaveCount(2);
  await expect(since).toContainText('twelve-day air war');
  // What came after round 2 is not "since the previous round" of round 2.
  await expect(since).not.toContainText('Netanyahu');

  await since.getByRole('button', { name: 'Add development' }).click();
  const form = since.getByRole('form', { name: 'Add development' });
  await expect(form).toContainText('dated from June 2025 (round 1) to before early 2026');
  await form.getByLabel('Kind').selectOption({ label: 'Call' });
  await form.getByLabel('Date', { exact: true }).fill('September 2025');
  await form.getByLabel('Development title').fill('Back-channel call through Muscat');
  await form.getByRole('checkbox', { name: 'Oman' }).check();
  await form.getByRole('button', { name: 'Add development' }).click();
  await expect(since.getByRole('article', { name: /^Development:/ })).toHaveCount(3);
  await expect(since).toContainText('Back-channel call through Muscat');
  await shot(page, `round-since-${await theme(page)}`);

  await page.getByRole('button', { name: 'Brief this round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Round brief' });
  await dialog.getByRole('button', { name: 'Update preview' }).click();
  const preview = dialog.frameLocator('iframe[title="Preview of the brief"]');
  await expect(
    preview.getByRole('heading', { name: 'Developments since the previous round' }),
  ).toBeVisible();
  await expect(preview.getByText('Back-channel call through Muscat')).toBeVisible();
  await expect(preview.getByText('Israel’s twelve-day air war against Iran')).toBeVisible();
});

test('search finds a development and opens the Timeline at it', async ({ page }) => {
  await openSample(page);
  await page.keyboard.press('Control+f');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await page.keyboard.type('carrier');
  const hits = dialog.getByRole('group', { name: /^Developments/ }).getByRole('option');
  await expect(hits).toHaveCount(1);
  await expect(hits).toContainText('Military signal · High significance');
  await hits.click();
  await expect(dialog).toBeHidden();
  await expect(section(page, 'Timeline')).toHaveAttribute('aria-current', 'page');
  await expect(
    page.getByRole('button', { name: /^Edit development: A second US aircraft carrier/ }),
  ).toBeFocused();
});

test('the overview brief leaves developments of low significance out unless asked', async ({
  page,
}) => {
  const form = await addOnTimeline(page);
  await form.getByLabel('Kind').selectOption({ label: 'Statement' });
  await form.getByLabel('Date', { exact: true }).fill('September 2025');
  await form.getByLabel('Significance').selectOption({ label: 'Low' });
  await form.getByLabel('Development title').fill('A spokesman repeats the line');
  await form.getByRole('button', { name: 'Add development' }).click();
  await expect(developments(page).filter({ hasText: 'A spokesman repeats' })).toBeVisible();

  await section(page, 'Overview').click();
  await page.getByRole('button', { name: 'Overview brief' }).click();
  const dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
  const low = dialog.getByRole('checkbox', {
    name: 'Include developments of low significance in the dated timeline',
  });
  await expect(low).not.toBeChecked();
  const brief = dialog.getByTitle('Preview of the brief').contentFrame();
  await expect(brief.getByRole('heading', { name: /Dated timeline/ })).toBeVisible();
  await expect(brief.getByText(/One development of low significance is left out\./)).toBeVisible();
  // The sample's developments are of medium and high significance: still there.
  await expect(brief.getByText('Netanyahu’s seventh meeting', { exact: false })).toBeVisible();
  await expect(brief.getByText('A spokesman repeats the line')).toHaveCount(0);
  await shot(page, `brief-low-developments-${await theme(page)}`);

  await low.check();
  await dialog.getByRole('button', { name: 'Update preview' }).click();
  await expect(brief.getByText('A spokesman repeats the line')).toBeVisible();
  await expect(brief.getByText(/of low significance/)).toHaveCount(0);
});
