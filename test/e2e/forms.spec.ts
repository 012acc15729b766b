// The defects met entering a real negotiation: the Dates setting, Enter in the new-negotiation
// rows, suggested short codes, and "Declared by" on a new red line.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const home = (page: Page) => page.getByRole('link', { name: 'Parley: all negotiations' }).click();

test('the Dates setting decides how 04/05/2026 reads in every date field, and is kept', async ({
  page,
}) => {
  // Two visits to Settings, a reload and the sample built: longer than one view's work.
  test.setTimeout(60_000);
  await page.getByRole('link', { name: 'Settings' }).click();
  const dates = page.getByRole('group', { name: 'Dates in numbers' });
  await expect(dates.getByRole('radio', { name: /^As this computer does/ })).toBeChecked();
  await dates.getByRole('radio', { name: 'Month first (09/25/2017)' }).check();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Dates setting saved.',
  );
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Dates in numbers' }).getByRole('radio', {
      name: 'Month first (09/25/2017)',
    }),
  ).toBeChecked();

  await home(page);
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Negotiation sections' })
    .getByRole('link', { name: 'Red lines' })
    .click();
  const declared = page
    .getByRole('form', { name: 'Add red line' })
    .getByLabel('Declared', { exact: true });
  await declared.fill('04/05/2026');
  await expect(declared).toHaveAccessibleDescription('5 April 2026');

  // Day first, and the same field reads it the other way.
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Day first (25/09/2017)' }).check();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Dates setting saved.',
  );
  await page.goBack();
  await page.goBack();
  const again = page
    .getByRole('form', { name: 'Add red line' })
    .getByLabel('Declared', { exact: true });
  await again.fill('04/05/2026');
  await expect(again).toHaveAccessibleDescription('4 May 2026');

  // A date that cannot be says why.
  await again.fill('31/02/2026');
  await expect(again).toHaveAccessibleDescription(/is not a date: .*February/);
});

test('Enter in a party or issue row goes to the next row, and short codes follow the name', async ({
  page,
}) => {
  await page
    .getByRole('link', { name: /new negotiation|create your first negotiation/i })
    .first()
    .click();
  await page.getByLabel('Title').fill('Talks');
  await page.getByLabel('Party 1 name').fill('United States');
  await expect(page.getByLabel('Party 1 short code')).toHaveValue('US');
  await page.getByLabel('Party 1 name').press('Enter');
  await expect(page.getByLabel('Party 2 name')).toBeFocused();
  await page.keyboard.type('Iran');
  await expect(page.getByLabel('Party 2 short code')).toHaveValue('IR');
  await page.keyboard.press('Enter');
  // After the last row, Enter adds a row rather than creating the negotiation.
  await expect(page.getByLabel('Party 3 name')).toBeFocused();
  await page.keyboard.type('Iraq');
  await expect(page.getByLabel('Party 3 short code')).toHaveValue('IA');
  // A code the officer writes stays theirs.
  await page.getByLabel('Party 3 short code').fill('IQ');
  await page.getByLabel('Party 3 name').fill('Republic of Iraq');
  await expect(page.getByLabel('Party 3 short code')).toHaveValue('IQ');

  await page.getByLabel('Issue 1', { exact: true }).fill('Enrichment');
  await page.getByLabel('Issue 1', { exact: true }).press('Enter');
  await expect(page.getByLabel('Issue 2', { exact: true })).toBeFocused();
  await page.keyboard.type('Sanctions');
  await expect(page.getByRole('heading', { level: 1, name: 'New negotiation' })).toBeVisible();

  await page.getByRole('button', { name: 'Create negotiation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Talks' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Edit party: Republic of Iraq\./ })).toContainText(
    'IQ Republic of Iraq',
  );
  await expect(page.getByRole('button', { name: /^Edit party: United States\./ })).toContainText(
    'US United States',
  );
});

test('a new red line starts with no declarer rather than the previous one', async ({ page }) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Negotiation sections' })
    .getByRole('link', { name: 'Red lines' })
    .click();
  const form = page.getByRole('form', { name: 'Add red line' });
  await form.getByLabel('Party').selectOption({ label: 'Iran' });
  await form.getByLabel('Declared by', { exact: true }).selectOption({ label: 'Ali Khamenei' });
  await form.getByLabel('Red line text').fill('No talks under threat.');
  await form.getByRole('button', { name: 'Add red line' }).click();
  await expect(
    page
      .getByRole('article', { name: /^Red line: Iran on/ })
      .filter({ hasText: 'No talks under threat.' }),
  ).toContainText('Declared by Ali Khamenei');
  await expect(form.getByLabel('Red line text')).toHaveValue('');
  // "Not a listed person", with its words empty: nobody is credited unless chosen again.
  await expect(form.getByLabel('Declared by', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('Declared by (in words)')).toHaveValue('');
});

test('starting the next round keeps the sources its carried positions cite, unless unticked', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await page.getByRole('link', { name: /^Round 2:/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Round 2:/ })).toBeAttached();
  const cited = page.getByRole('article').filter({ hasText: /\d+ src/ });
  const before = await cited.count();
  expect(before).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Start next round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add round' });
  await expect(dialog.getByRole('checkbox', { name: /Keep sources cited/ })).toBeChecked();
  await dialog.getByLabel('Round title').fill('Three');
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Round 3: Three' })).toBeAttached();
  await expect(cited).toHaveCount(before);

  await page.getByRole('button', { name: 'Start next round' }).click();
  await dialog.getByRole('checkbox', { name: /Keep sources cited/ }).uncheck();
  await dialog.getByLabel('Round title').fill('Four');
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Round 4: Four' })).toBeAttached();
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect(cited).toHaveCount(0);
});

test('layout: the conflict note grows, the trajectory takes the full width, participants and the marking menu fit', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  const tabs = page.getByRole('navigation', { name: 'Negotiation sections' });

  await tabs.getByRole('link', { name: 'Trajectory' }).click();
  const grid = page.getByRole('table', { name: /^Trajectory of positions/ });
  await expect(grid).toBeVisible();
  const [gridBox, tabsBox] = [await grid.boundingBox(), await tabs.boundingBox()];
  const rounds = grid.getByRole('columnheader', { name: /^Round \d/ });
  const lastRound = (await rounds.last().boundingBox())!;
  // The last round's column ends at the grid's right edge: no empty band beside it.
  expect(lastRound.x + lastRound.width).toBeGreaterThan(gridBox!.x + gridBox!.width - 24);
  expect(gridBox!.width).toBeGreaterThan(tabsBox!.width - 4);

  await tabs.getByRole('link', { name: /^Conflicts/ }).click();
  const pair = page.getByRole('listitem', { name: /demand against .* red line on/ }).first();
  await pair.getByRole('button', { name: 'Conflicts' }).click();
  const note = pair.getByRole('textbox', { name: /^Note on/ });
  const short = (await note.boundingBox())!.height;
  await note.fill('First reason.\nSecond reason.\nThird reason.\nFourth reason.\nFifth reason.');
  await expect.poll(async () => (await note.boundingBox())!.height).toBeGreaterThan(short + 30);

  await tabs.getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('link', { name: /^Round 2:/ }).click();
  await page.getByRole('button', { name: 'Show details' }).click();
  // Each participant's name and title on one line.
  const person = page.getByRole('checkbox', { name: /Jared Kushner/ });
  const line = (await person.locator('xpath=..').boundingBox())!.height;
  expect(line).toBeLessThan(26);

  // In a narrow window each menu of an opened position stays inside its cell.
  await page.setViewportSize({ width: 900, height: 800 });
  await page
    .getByRole('button', { name: /^Edit position:/ })
    .first()
    .click();
  const card = page
    .getByRole('article')
    .filter({ has: page.getByLabel('Marking', { exact: true }) });
  const marking = (await card.getByLabel('Marking', { exact: true }).boundingBox())!;
  const cell = (await card.locator('xpath=ancestor::td[1]').boundingBox())!;
  expect(marking.x + marking.width).toBeLessThanOrEqual(cell.x + cell.width);
});

test('the cite picker tells alike sources apart and warns before creating a duplicate', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Negotiation sections' })
    .getByRole('link', { name: 'Red lines' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Cite a source' });
  async function createSource(card: number) {
    await page
      .getByRole('button', { name: /^Edit red line:/ })
      .nth(card)
      .click();
    await page.getByRole('button', { name: /^Cite a source for red line:/ }).click();
    const toggle = dialog.getByRole('button', { name: /new source/i });
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    const form = dialog.getByRole('form', { name: 'New source' });
    await form.getByLabel('Speaker').fill('Tester');
    await form.getByLabel('Outlet or document').fill('Test outlet');
    await form.getByLabel('Date said').fill('3 March 2026');
    await form.getByLabel('Quote').fill('Exactly these words.');
    await dialog.getByRole('button', { name: 'Create and cite' }).click();
  }
  await createSource(0);
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Escape');

  await createSource(1);
  const warning = dialog.getByRole('alert');
  await expect(warning).toContainText(/repeats source #\d+ \(Test outlet\)/);
  await dialog.getByRole('button', { name: 'Create and cite' }).click();
  await expect(dialog).toBeHidden();

  // Two entries alike in words, told apart by their numbers in the picker.
  await page.keyboard.press('Escape');
  await page
    .getByRole('button', { name: /^Edit red line:/ })
    .nth(2)
    .click();
  await page.getByRole('button', { name: /^Cite a source for red line:/ }).click();
  await dialog.getByLabel('Find a source').fill('Test outlet');
  const alike = dialog.getByRole('radio', { name: /Tester, Test outlet/ });
  await expect(alike).toHaveCount(2);
  const names = await alike.evaluateAll((els) =>
    els.map((e) => e.closest('label')?.textContent?.match(/#\d+/)?.[0]),
  );
  expect(new Set(names).size).toBe(2);
});
