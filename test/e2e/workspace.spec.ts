import type { Locator, Page } from '@playwright/test';
import { createNegotiation, expect, openCard, startServer, test } from './fixtures';

const saved = (page: Page) =>
  expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

const toastUndo = (page: Page) =>
  page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' });

async function talks(page: Page) {
  await createNegotiation(page, {
    title: 'Talks',
    parties: [
      { name: 'United States', code: 'US', role: 'Principal' },
      { name: 'Iran', code: 'IR', role: 'Principal' },
    ],
    issues: ['Enrichment', 'Missiles'],
  });
}

async function addRound(
  page: Page,
  title: string,
  options: { from?: string; start?: string } = {},
) {
  await page.getByRole('button', { name: 'Add round', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Round title').fill(title);
  if (options.start) await dialog.getByLabel('Start date').fill(options.start);
  const from = dialog.getByLabel('Carry forward open positions from');
  if (options.from && (await from.count())) await from.selectOption({ label: options.from });
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`: ${title}$`) }),
  ).toBeAttached();
}

async function addPosition(page: Page, context: string, text: string, status?: string) {
  await page.getByRole('button', { name: `Add position for ${context}` }).click();
  const form = page.getByRole('form', { name: `New position for ${context}` });
  await form.getByLabel('Position text').fill(text);
  if (status) await form.getByLabel('Status').selectOption({ label: status });
  await form.getByRole('button', { name: 'Save position' }).click();
  await expect(
    page.getByRole('article', { name: context }).filter({ hasText: text }),
  ).toBeVisible();
}

/** Back from a round's page to its negotiation, through the breadcrumb. */
const overview = (page: Page) =>
  page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').nth(1);

test.describe('negotiation overview', () => {
  test('edits the negotiation, its parties, people, issues and rounds, and keeps it all', async ({
    page,
  }) => {
    // The longest walk of the suite: every part of the overview, two rounds, a reload.
    test.setTimeout(60_000);
    await talks(page);
    await page.getByLabel('Negotiation title').fill('US–Iran talks');
    // The summary reads as text until clicked.
    await page.getByRole('button', { name: /^Edit summary\./ }).click();
    await page.getByLabel('Negotiation summary').fill('Nuclear file, mediated by Oman.');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: /^Edit summary\./ })).toBeFocused();
    await page.getByLabel('Default marking').selectOption({ label: 'CONFIDENTIAL' });
    await expect(page.getByRole('note', { name: 'Handling marking' })).toHaveText('CONFIDENTIAL');

    // Parties and people
    await page.getByLabel('New party').fill('Oman');
    await page.getByLabel('Short code', { exact: true }).fill('OM');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Mediator' });
    await page.getByRole('button', { name: 'Add party' }).click();
    const parties = page.getByRole('list', { name: 'Parties' });
    await expect(parties.getByRole('listitem', { name: 'Oman' })).toBeVisible();
    // A party just added opens for editing; the others open on demand.
    await page.getByLabel('Role of Oman').selectOption({ label: 'Observer' });
    await openCard(page, 'party: Iran');
    const addPerson = page.getByRole('form', { name: 'Add a person to Iran' });
    await addPerson.getByLabel('Name of new person for Iran').fill('Abbas Araghchi');
    await addPerson.getByLabel('Title of new person for Iran').fill('Foreign Minister');
    await addPerson.getByRole('button', { name: 'Add person' }).click();
    await expect(page.getByLabel('Name of Abbas Araghchi')).toHaveValue('Abbas Araghchi');
    await page.getByRole('button', { name: 'Move Oman up' }).click();
    await expect(
      parties.getByRole('listitem', { name: /^(United States|Iran|Oman)$/ }),
    ).toHaveCount(3);
    await expect(
      parties.getByRole('listitem', { name: /^(United States|Iran|Oman)$/ }).nth(1),
    ).toHaveAccessibleName('Oman');

    // Issues, reordered from the keyboard (Alt+↓ in the row)
    await page.getByLabel('New issue').fill('Sanctions');
    await page.getByRole('button', { name: 'Add issue' }).click();
    await expect(page.getByLabel('Title of issue 3')).toHaveValue('Sanctions');
    await page.getByRole('button', { name: /^Edit issue 1:/ }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByRole('button', { name: /^Edit issue 1:/ })).toContainText('Missiles');
    await expect(page.getByRole('button', { name: /^Edit issue 2:/ })).toBeFocused();
    await page.getByLabel('Title of issue 3').fill('Sanctions relief');

    // Rounds, reordered
    await addRound(page, 'First');
    await overview(page).click();
    await addRound(page, 'Second', { from: 'Nothing: start an empty round' });
    await overview(page).click();
    await page.getByRole('button', { name: 'Move round 2 up' }).click();
    await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('link')).toHaveText([
      'Round 1: Second',
      'Round 2: First',
    ]);
    await saved(page);

    await page.reload();
    await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran talks');
    await expect(page.getByRole('button', { name: /^Edit summary\./ })).toContainText(
      'Nuclear file, mediated by Oman.',
    );
    await expect(page.getByRole('button', { name: /^Edit party: Oman\./ })).toContainText(
      'Observer',
    );
    await expect(page.getByRole('button', { name: /^Edit party: Iran\./ })).toContainText(
      'Abbas Araghchi, Foreign Minister',
    );
    await expect(
      page.getByRole('list', { name: 'Issues' }).getByRole('button', { name: /^Edit issue/ }),
    ).toHaveText([/Missiles\s*$/, /Enrichment\s*$/, /Sanctions relief\s*$/]);
    await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('link')).toHaveText([
      'Round 1: Second',
      'Round 2: First',
    ]);
  });

  test('deletes without asking, and Undo brings everything back', async ({ page }) => {
    await talks(page);
    await addRound(page, 'First');
    await addPosition(page, 'Iran on Enrichment', 'Keeps enrichment.');
    await overview(page).click();

    await page.getByRole('button', { name: 'Delete Iran' }).click();
    await expect(
      page.getByRole('list', { name: 'Parties' }).getByRole('listitem', { name: 'Iran' }),
    ).toHaveCount(0);
    await toastUndo(page).click();
    await expect(
      page.getByRole('list', { name: 'Parties' }).getByRole('listitem', { name: 'Iran' }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Round 1: First' }).click();
    await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
      'Keeps enrichment.',
    );

    // Deleting the whole negotiation goes back to the library, and is undone from there.
    await overview(page).click();
    await page.getByRole('button', { name: 'Delete negotiation' }).click();
    await expect(page.getByRole('heading', { name: 'No negotiations yet' })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(page.getByRole('link', { name: 'Talks' })).toBeVisible();
  });

  test('shows each item’s history with old and new values', async ({ page }) => {
    await talks(page);
    await openCard(page, 'issue 1');
    await page.getByLabel('Title of issue 1').fill('Uranium enrichment');
    await saved(page);
    await page.getByRole('button', { name: 'History of Uranium enrichment' }).click();
    const panel = page.getByRole('dialog', { name: 'History: Uranium enrichment' });
    const latest = panel.getByRole('listitem').first();
    await expect(latest).toContainText('Edit issue');
    await expect(latest.getByRole('deletion')).toHaveText('Enrichment');
    await expect(latest.getByRole('insertion')).toHaveText('Uranium enrichment');
    await expect(panel.getByRole('listitem').last()).toContainText('Create negotiation “Talks”');
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(page.getByRole('button', { name: 'History of Uranium enrichment' })).toBeFocused();
  });

  test('refuses invalid edits next to the field, in the page and again in main', async ({
    page,
  }) => {
    await talks(page);
    // Checked in the page: a duplicate in the add form, an over-long name.
    await page.getByLabel('New party').fill('iran');
    await page.getByLabel('Short code', { exact: true }).fill('I2');
    await page.getByRole('button', { name: 'Add party' }).click();
    await expect(page.getByLabel('New party')).toHaveAccessibleDescription(
      'Another party is already called “iran”.',
    );
    await openCard(page, 'party: Iran');
    await page.getByLabel('Name of Iran').fill('x'.repeat(201));
    await expect(page.getByLabel('Name of Iran')).toHaveAccessibleDescription(
      'Party name must be at most 200 characters.',
    );
    await page.getByLabel('Name of Iran').fill('Iran');
    // Checked by main only: a duplicate issue title typed into an autosaving field.
    await openCard(page, 'issue 2');
    await page.getByLabel('Title of issue 2').fill('enrichment');
    await expect(page.getByLabel('Title of issue 2')).toHaveAccessibleDescription(
      'Another issue is already called “enrichment”.',
    );
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Not saved');
    await page.getByLabel('Title of issue 2').fill('Missiles');
    await expect(page.getByLabel('Title of issue 2')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('status', { name: 'Save status' })).not.toHaveText('Not saved');
    await page.reload();
    await expect(page.getByRole('button', { name: /^Edit issue 2: Missiles\./ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Edit party: Iran\./ })).toBeVisible();
  });
});

test.describe('round page', () => {
  test('records the round’s details and edits positions inline', async ({ page }) => {
    await talks(page);
    await openCard(page, 'party: United States');
    const addPerson = page.getByRole('form', { name: 'Add a person to United States' });
    await addPerson.getByLabel('Name of new person for United States').fill('Steve Witkoff');
    await addPerson.getByRole('button', { name: 'Add person' }).click();
    await expect(page.getByLabel('Name of Steve Witkoff')).toBeVisible();
    await addRound(page, 'Muscat');

    await page.getByRole('button', { name: 'Show details' }).click();
    await page.getByLabel('Start date').fill('early 2026');
    await page.getByLabel('End date').fill('2025');
    await expect(page.getByLabel('End date')).toHaveAccessibleDescription(
      'End date is before the start date.',
    );
    await page.getByLabel('End date').fill('');
    await page.getByLabel('Date note').fill('The source gives no exact day.');
    await page.getByLabel('Location').fill('Muscat, Oman');
    await page.getByLabel('Format').selectOption({ label: 'Indirect' });
    await page.getByLabel('Channel or mediator').fill('Omani foreign ministry');
    await page.getByRole('checkbox', { name: /Steve Witkoff/ }).check();
    await page.getByLabel('Summary', { exact: true }).fill('A first contact.');
    await page.getByLabel('Outcome').fill('Both sides agreed to meet again.');
    await page.getByLabel('Next steps').fill('Second round in Rome.');

    await addPosition(page, 'United States on Enrichment', 'Zero enrichment.');
    const position = page.getByRole('article', { name: 'United States on Enrichment' });
    await position
      .getByRole('button', { name: 'Edit position: United States on Enrichment' })
      .click();
    await position.getByLabel('Position text').fill('Zero enrichment, verified.');
    await position.getByLabel('Kind', { exact: true }).selectOption({ label: 'Demand' });
    await position.getByLabel('Status', { exact: true }).selectOption({ label: 'Countered' });
    await position.getByLabel('Movement', { exact: true }).selectOption({ label: 'Hardened' });
    await position.getByLabel('Marking', { exact: true }).selectOption({ label: 'SECRET' });
    await position.getByRole('button', { name: 'Done' }).click();
    await expect(position).toContainText('Hardened');
    await addPosition(page, 'Iran on Missiles', 'Not negotiable.');
    await page
      .getByRole('article', { name: 'Iran on Missiles' })
      .getByRole('button')
      .first()
      .click();
    await page.getByRole('button', { name: 'Delete position: Iran on Missiles' }).click();
    await expect(page.getByRole('article', { name: 'Iran on Missiles' })).toHaveCount(0);
    await saved(page);

    await page.reload();
    await page.getByRole('button', { name: 'Show details' }).click();
    await expect(page.getByLabel('Start date')).toHaveValue('early 2026');
    await expect(page.getByText(/^≈ early 2026/)).toBeVisible();
    await expect(page.getByLabel('Date note')).toHaveValue('The source gives no exact day.');
    await expect(page.getByLabel('Format')).toHaveValue('indirect');
    await expect(page.getByRole('checkbox', { name: /Steve Witkoff/ })).toBeChecked();
    await expect(page.getByLabel('Next steps')).toHaveValue('Second round in Rome.');
    await expect(position).toContainText('Zero enrichment, verified.');
    await expect(position).toContainText('Countered');
    await expect(position).toContainText('SECRET');
  });

  test('saves an edit with at most two round trips: the save and the round it changed', async ({
    page,
  }) => {
    await talks(page);
    await addRound(page, 'Muscat');
    await addPosition(page, 'United States on Enrichment', 'Zero enrichment.');
    const position = page.getByRole('article', { name: 'United States on Enrichment' });
    await position
      .getByRole('button', { name: 'Edit position: United States on Enrichment' })
      .click();
    await expect(position.getByLabel('Position text')).toBeVisible();
    await page.waitForTimeout(1000);
    const calls: string[] = [];
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/invoke')) return;
      calls.push((JSON.parse(request.postData() ?? '{}') as { channel: string }).channel);
    });
    await position.getByLabel('Position text').fill('Zero enrichment, verified.');
    await saved(page);
    // Anything the save sets off arrives within moments; give it ample time to show up.
    await page.waitForTimeout(1500);
    // Drafts are sent as the officer types (the promise that no keystroke is lost); everything
    // else is what one saved edit costs. Undo's label came with the change event.
    const perSave = calls.filter((c) => c !== 'drafts:put');
    expect(perSave).toEqual(['drafts:commit', 'rounds:get']);
    await expect(page.getByRole('button', { name: 'Undo Edit position in round 1' })).toBeEnabled();
  });

  test('a range typed into the start date fills the start and the end, in one undoable save', async ({
    page,
  }) => {
    await talks(page);
    // In the Add round dialog: the end date is filled as the range is typed.
    await page.getByRole('button', { name: 'Add round', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add round' });
    await dialog.getByLabel('Round title').fill('Geneva');
    await dialog.getByLabel('Start date').fill('28 Sept – 2 Oct 2017');
    await expect(dialog.getByLabel('Start date')).toHaveAccessibleDescription(
      '28 September – 2 October 2017: the start and end dates',
    );
    await expect(dialog.getByLabel('End date')).toHaveValue('2 October 2017');
    await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Round 1: Geneva' })).toBeAttached();
    await expect(page.getByText('28 September – 2 October 2017', { exact: true })).toBeVisible();

    // On the round's page, over dates already recorded.
    await page.getByRole('button', { name: 'Show details' }).click();
    const start = page.getByLabel('Start date');
    const end = page.getByLabel('End date');
    await start.fill('17-20 July 2017');
    await expect(start).toHaveAccessibleDescription('17–20 July 2017: the start and end dates');
    await start.blur();
    await saved(page);
    await expect(start).toHaveValue('17 July 2017');
    await expect(end).toHaveValue('20 July 2017');
    await expect(page.getByText('17–20 July 2017', { exact: true })).toBeVisible();

    await page.reload();
    await page.getByRole('button', { name: 'Show details' }).click();
    await expect(start).toHaveValue('17 July 2017');
    await expect(end).toHaveValue('20 July 2017');
    await expect(page.getByText('17–20 July 2017', { exact: true })).toBeVisible();

    // Both dates were one save, so one undo takes both back.
    await page.getByRole('button', { name: 'Undo Edit round 1' }).click();
    await expect(start).toHaveValue('28 September 2017');
    await expect(end).toHaveValue('2 October 2017');

    // A range has no place in the end date, and the reason says so.
    await end.fill('17-20 July 2017');
    await expect(end).toHaveAccessibleDescription(
      /^End date: “17–20 July 2017” is a range; this field takes one date\./,
    );
    await start.fill('31/02/2026');
    await expect(start).toHaveAccessibleDescription(
      /^Start date: “31\/02\/2026” is not a date: February 2026 has 28 days\./,
    );
  });

  test('carries open positions into the next round with their lineage, and links by hand', async ({
    page,
  }) => {
    await talks(page);
    await addRound(page, 'One');
    await addPosition(page, 'United States on Enrichment', 'No enrichment.');
    await addPosition(page, 'Iran on Enrichment', 'Enrichment stays.', 'Countered');
    await addPosition(page, 'Iran on Missiles', 'Settled.', 'Agreed');

    await page.getByRole('button', { name: 'Start next round' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add round' });
    await expect(dialog.getByLabel('Sequence')).toHaveValue('2');
    await expect(dialog.getByLabel('Carry forward open positions from')).toHaveValue(/\d+/);
    await dialog.getByLabel('Round title').fill('Two');
    await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Round 2: Two' })).toBeAttached();

    // The agreed position stays behind; the open ones come along, linked.
    const us = page.getByRole('article', { name: 'United States on Enrichment' });
    await expect(us).toContainText('No enrichment.');
    await expect(us).toContainText('follows round 1: “No enrichment.”');
    await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
      'follows round 1',
    );
    await expect(page.getByRole('article', { name: 'Iran on Missiles' })).toHaveCount(0);

    // Unlink by hand, then link again.
    await us.getByRole('button').first().click();
    await us
      .getByLabel('Follows (same demand in an earlier round)')
      .selectOption({ label: 'Not linked: new in this round' });
    await us.getByRole('button', { name: 'Done' }).click();
    await expect(us).not.toContainText('follows round 1');
    await us.getByRole('button').first().click();
    await us
      .getByLabel('Follows (same demand in an earlier round)')
      .selectOption({ label: 'Round 1: No enrichment.' });
    await us.getByRole('button', { name: 'Done' }).click();
    await expect(us).toContainText('follows round 1');

    // Undo three times: relink, unlink, then the whole carry-forward.
    await page.getByRole('button', { name: 'Undo Link position to an earlier one' }).click();
    await page.getByRole('button', { name: 'Undo Unlink position' }).click();
    await page.getByRole('button', { name: 'Undo Start round 2 from round 1' }).click();
    // The round is gone, so the page returns to the negotiation.
    await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('link')).toHaveText([
      'Round 1: One',
    ]);
    await page.getByRole('button', { name: 'Redo Start round 2 from round 1' }).click();
    await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('link')).toHaveText([
      'Round 1: One',
      'Round 2: Two',
    ]);
  });
});

test.describe('undo, autosave and the keyboard', () => {
  test('Ctrl+Z and Ctrl+Shift+Z undo and redo outside text fields; inside one they undo typing', async ({
    page,
  }) => {
    await talks(page);
    await openCard(page, 'issue 1');
    const issue = page.getByLabel('Title of issue 1');
    await issue.fill('Uranium');
    await saved(page);
    await page.getByRole('heading', { name: 'Issues' }).click();
    await page.keyboard.press('Control+z');
    await expect(issue).toHaveValue('Enrichment');
    await page.keyboard.press('Control+Shift+z');
    await expect(issue).toHaveValue('Uranium');
    await expect(page.getByRole('button', { name: 'Undo Edit issue' })).toBeEnabled();
  });

  test('undo survives a restart of the app', async ({ page, parley }) => {
    await talks(page);
    await openCard(page, 'issue 2');
    await page.getByLabel('Title of issue 2').fill('Ballistic missiles');
    await saved(page);
    const hash = new URL(page.url()).hash;
    // Off the page first: its event stream would otherwise retry (and log) while no server runs.
    await page.goto('about:blank');
    expect(await parley.stop()).toBe(0);
    const again = await startServer(parley.dbPath, { key: parley.key! });
    try {
      await page.goto(again.url + hash);
      await expect(page.getByRole('button', { name: 'Undo Edit issue' })).toBeEnabled();
      await page.getByRole('button', { name: 'Undo Edit issue' }).click();
      await expect(page.getByRole('button', { name: /^Edit issue 2:/ })).toContainText('Missiles');
    } finally {
      await page.goto('about:blank');
      await again.stop();
    }
  });

  test('never loses typing: a reload mid-edit keeps what was typed', async ({ page }) => {
    await talks(page);
    await page.getByRole('button', { name: /^Edit summary\./ }).click();
    const summary = page.getByLabel('Negotiation summary');
    await summary.pressSequentially('Typed just before the reload');
    // No pause, no blur: reload at once, before the autosave delay has passed.
    await page.reload();
    await expect(page.getByRole('button', { name: /^Edit summary\./ })).toContainText(
      'Typed just before the reload',
    );
    await page.reload();
    await expect(page.getByRole('button', { name: /^Edit summary\./ })).toContainText(
      'Typed just before the reload',
    );
  });

  test('typing an earlier Parley left in the browser’s storage is moved into the library, then erased there', async ({
    page,
  }) => {
    await talks(page);
    const hash = new URL(page.url()).hash;
    const id = Number(/#\/n\/(\d+)/.exec(hash)![1]);
    // As an earlier Parley left it: the unsaved edit, in the clear, in localStorage.
    await page.evaluate((negotiationId) => {
      localStorage.setItem(
        `parley.draft.negotiation.${negotiationId}.summary`,
        JSON.stringify({
          channel: 'negotiations:update',
          input: { id: negotiationId, summary: 'Left in the browser by an earlier Parley' },
        }),
      );
      localStorage.setItem('parley.theme', 'dark');
    }, id);
    await page.reload();
    await expect(page.getByRole('button', { name: /^Edit summary\./ })).toContainText(
      'Left in the browser by an earlier Parley',
    );
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');
    // Nothing of the negotiation is left in the browser's storage (the theme may stay).
    const left = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('parley.draft.')),
    );
    expect(left).toEqual([]);
  });

  test('adds a position with the keyboard alone', async ({ page }) => {
    await talks(page);
    await addRound(page, 'One');
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Talks' })
      .focus();
    const target = 'Add position for Iran on Enrichment';
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (
        (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === target
      )
        break;
    }
    const button = page.getByRole('button', { name: target });
    await expect(button).toBeFocused();
    // The focus ring is visible.
    const outline = await button.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Enrichment is a right.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
      'Enrichment is a right.',
    );
    await expect(button).toBeFocused();
    // Enter opens it for editing, Esc closes it again.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('article', { name: 'Iran on Enrichment' }).getByLabel('Position text'),
    ).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(
      page.getByRole('button', { name: 'Edit position: Iran on Enrichment' }),
    ).toBeFocused();
  });

  test('? shows the shortcuts; Ctrl+K jumps to any round or issue', async ({ page }) => {
    await talks(page);
    await addRound(page, 'Muscat');
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Negotiations' })
      .click();
    await page.keyboard.press('?');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(shortcuts).toContainText('Jump to any negotiation, round or issue');
    await page.keyboard.press('Escape');
    await expect(shortcuts).toBeHidden();

    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Go to a negotiation, round or issue' });
    await expect(input).toBeFocused();
    await input.fill('missiles');
    await expect(page.getByRole('option')).toHaveCount(1);
    await expect(page.getByRole('option', { selected: true })).toContainText('Missiles');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Round 1: Muscat' })).toBeAttached();
    await expect(page.getByRole('rowheader', { name: 'Missiles' })).toBeFocused();

    await page.keyboard.press('Control+k');
    await input.fill('talks');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('option', { selected: true })).toContainText('Red lines');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('link', { name: 'Red lines' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
});

test('the sample negotiation opens from the empty library', async ({ page }) => {
  await page.getByRole('button', { name: 'Open sample negotiation' }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  const parties = page.getByRole('list', { name: 'Parties' });
  for (const name of ['United States', 'Iran', 'Oman', 'Israel']) {
    await expect(parties.getByRole('listitem', { name })).toBeVisible();
  }
  await expect(
    page.getByRole('list', { name: 'Issues' }).getByRole('button', { name: /^Edit issue \d:/ }),
  ).toHaveCount(6);
  await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('link', { name: 'Round 2: Talks reopen in Oman' }).click();
  const us: Locator = page.getByRole('article', { name: 'United States on Enrichment' });
  await expect(us).toContainText('follows round 1');
  await expect(us).toContainText('Hardened');
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'US–Iran nuclear talks' })
    .click();
  await page.getByRole('link', { name: 'Red lines' }).click();
  await expect(page.getByRole('article', { name: /^Red line:/ })).toHaveCount(4);
  // One undo removes the whole sample.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Negotiations' })
    .click();
  await page.getByRole('button', { name: 'Undo Open sample negotiation' }).click();
  await expect(page.getByRole('heading', { name: 'No negotiations yet' })).toBeVisible();
});

test('a negotiation opened by its address is read as the page starts, beside the library’s state', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open sample negotiation' }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  // The library's state is answered late; the negotiation is asked for meanwhile, not after.
  const asked: string[] = [];
  await page.route('**/api/invoke', async (route) => {
    const channel = /"channel"\s*:\s*"([^"]+)"/.exec(route.request().postData() ?? '')?.[1] ?? '';
    asked.push(channel);
    if (channel === 'app:status') {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      asked.push('app:status answered');
      return route.fulfill({ response });
    }
    await route.continue();
  });
  await page.reload();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  const read = asked.indexOf('negotiations:get');
  expect(read, asked.join(', ')).toBeGreaterThanOrEqual(0);
  expect(read, asked.join(', ')).toBeLessThan(asked.indexOf('app:status answered'));
  expect(asked.filter((c) => c === 'negotiations:get')).toHaveLength(1);
});
