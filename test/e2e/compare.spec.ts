import type { Page } from '@playwright/test';
import { Store } from '../../main/db/store';
import { carryForward } from '../../main/services/rounds';
import { roundCarryForwardInput } from '../../shared/schemas';
import { generate } from '../bench/generate';
import { createNegotiation, expect, startServer, test } from './fixtures';

// Each test here builds two rounds through the UI before comparing them: 15–25 s on a quiet
// machine, and past the default 30 s under CI's load once (a timeout, every step on its way).
test.describe.configure({ timeout: 60_000 });

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name });

const saved = (page: Page) =>
  expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

async function addPosition(page: Page, context: string, text: string) {
  await page.getByRole('button', { name: `Add position for ${context}` }).click();
  const form = page.getByRole('form', { name: `New position for ${context}` });
  await form.getByLabel('Position text').fill(text);
  await form.getByRole('button', { name: 'Save position' }).click();
  await expect(
    page.getByRole('article', { name: context }).filter({ hasText: text }),
  ).toBeVisible();
}

/** Two rounds built through the UI: one reworded, one unchanged, one dropped, one new position. */
async function twoRounds(page: Page) {
  await createNegotiation(page, {
    title: 'Talks',
    parties: [
      { name: 'United States', code: 'US', role: 'Principal' },
      { name: 'Iran', code: 'IR', role: 'Principal' },
    ],
    issues: ['Enrichment', 'Missiles', 'Scope'],
  });
  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Round title').fill('Spring');
  await dialog.getByRole('button', { name: 'Add round' }).click();
  await addPosition(page, 'United States on Enrichment', 'No enrichment on Iranian soil.');
  await addPosition(page, 'Iran on Enrichment', 'Enrichment continues.');
  await addPosition(page, 'United States on Missiles', 'Cap missile production.');

  await page.getByRole('button', { name: 'Start next round' }).click();
  dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Round title').fill('Muscat');
  await dialog.getByRole('button', { name: 'Add round' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Round 2: Muscat' })).toBeAttached();
  const us = page.getByRole('article', { name: 'United States on Enrichment' });
  await us.getByRole('button', { name: 'Edit position: United States on Enrichment' }).click();
  await us.getByLabel('Position text').fill('No enrichment on Iranian soil, ever.');
  await us.getByLabel('Movement', { exact: true }).selectOption({ label: 'Hardened' });
  await us.getByRole('button', { name: 'Done' }).click();
  const missiles = page.getByRole('article', { name: 'United States on Missiles' });
  await missiles.getByRole('button', { name: 'Edit position: United States on Missiles' }).click();
  await page.getByRole('button', { name: 'Delete position: United States on Missiles' }).click();
  await addPosition(page, 'Iran on Scope', 'Any limits must be temporary.');
  await saved(page);
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Talks' })
    .click();
}

test('round against round: lineage matching, word changes, counts and filters', async ({
  page,
}) => {
  await twoRounds(page);
  await tab(page, 'Compare rounds').click();
  await expect(page.getByLabel('Compare round')).toHaveValue(/\d+/);
  const counts = page.getByRole('group', { name: 'Kinds of change' });
  for (const [kind, n] of [
    ['New', 1],
    ['Dropped', 1],
    ['Reworded', 1],
    ['Unchanged', 1],
  ] as const) {
    await expect(counts.getByRole('button', { name: new RegExp(`^${n} ${kind}$`) })).toBeVisible();
  }
  const table = page.getByRole('table', { name: 'Round 1 against round 2' });
  const reworded = table.getByRole('row').filter({ hasText: 'Reworded' });
  await expect(reworded).toContainText('United States');
  await expect(reworded.getByRole('insertion')).toHaveText(', ever');
  await expect(reworded).toContainText('Hardened');
  await expect(table.getByRole('row').filter({ hasText: 'Dropped' })).toContainText(
    'Cap missile production.',
  );
  await expect(table.getByRole('row').filter({ hasText: 'Not raised' })).toContainText(
    'Any limits must be temporary.',
  );
  await expect(table.getByRole('rowheader', { name: /Missiles/ })).toBeVisible();

  await page.getByLabel('Party').selectOption({ label: 'Iran' });
  await expect(page.getByText('2 of 4 rows')).toBeVisible();
  await page.getByRole('switch', { name: 'Changes only' }).check();
  await expect(page.getByText('1 of 4 rows')).toBeVisible();
  await page.getByLabel('Party').selectOption({ label: 'All parties' });
  await counts.getByRole('button', { name: /Dropped/ }).click();
  await expect(counts.getByRole('button', { name: /Dropped/ })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByText('2 of 4 rows')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Dropped' })).toHaveCount(0);

  // The choice of rounds lives in the address, so a reload keeps it.
  await page.getByLabel('with round').selectOption({ label: 'Round 1: Spring' });
  await expect(page.getByRole('alert')).toHaveText('Choose two different rounds.');
  await page.getByLabel('with round').selectOption({ label: 'Round 2: Muscat' });
  await page.reload();
  await expect(page.getByRole('table', { name: 'Round 1 against round 2' })).toBeVisible();
});

test('trajectory grid and a position’s lineage', async ({ page }) => {
  await twoRounds(page);
  await tab(page, 'Trajectory').click();
  const grid = page.getByRole('table', { name: /Trajectory of positions/ });
  await expect(grid.getByRole('columnheader', { name: 'Round 2' })).toBeVisible();
  await expect(grid.getByLabel('Dropped in round 2')).toBeVisible();
  await expect(grid.getByLabel('Not raised in round 1').first()).toBeVisible();
  await grid
    .getByRole('button', { name: 'United States on Enrichment, round 2: hardened. Open lineage' })
    .click();
  const lineage = page.getByRole('dialog', { name: 'Lineage: United States on Enrichment' });
  const versions = lineage
    .getByRole('list', { name: 'Versions, oldest first' })
    .getByRole('listitem');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('Round 1: Spring');
  await expect(versions.nth(1).getByRole('insertion')).toHaveText(', ever');
  await page.keyboard.press('Escape');
  await expect(lineage).toBeHidden();

  await page.getByLabel('Party').selectOption({ label: 'Iran' });
  await expect(grid.getByRole('button', { name: /^United States on/ })).toHaveCount(0);
  await expect(
    grid.getByRole('button', { name: 'Iran on Scope, round 2: new. Open lineage' }),
  ).toBeVisible();
  await expect(
    grid.getByRole('button', { name: 'Iran on Enrichment, round 2: unchanged. Open lineage' }),
  ).toBeVisible();
});

test('a long trajectory reads the rounds in view, and earlier ones as the officer scrolls back', async ({
  page,
  parley,
}) => {
  // Twenty-six rounds, more than a screen shows: written straight into the library.
  await page.goto('about:blank');
  await parley.stop();
  const store = Store.open(parley.dbPath, { key: parley.key!, actor: 'test' });
  const g = generate(store, 'small');
  let from = g.roundIds.at(-1)!;
  for (let sequence = 7; sequence <= 26; sequence++) {
    const input = { negotiationId: g.negotiationId, fromRoundId: from, sequence };
    from = carryForward(
      store,
      roundCarryForwardInput.parse({ ...input, title: `Session ${sequence}` }),
    ).id;
  }
  store.close();
  const server = await startServer(parley.dbPath, { key: parley.key! });
  const asked: { first?: number; count?: number; latest?: number }[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/invoke')) return;
    const body = JSON.parse(request.postData() ?? '{}') as {
      channel: string;
      input: { window?: { first?: number; count?: number; latest?: number } };
    };
    if (body.channel === 'compare:trajectory') asked.push(body.input.window ?? {});
  });
  try {
    await page.goto(`${server.url}#/n/${g.negotiationId}/trajectory`);
    const grid = page.getByRole('table', { name: /Trajectory of positions/ });
    // It opens on the latest rounds, having read only those.
    await expect(grid.getByRole('columnheader', { name: 'Round 26' })).toBeVisible();
    await expect(
      grid.getByRole('button', { name: /, round 26: unchanged\. Open lineage/ }).first(),
    ).toBeVisible();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.latest).toBeLessThan(26);
    // Scrolled back to the start, the first rounds are read and shown.
    const rows = grid.getByRole('rowgroup').last();
    await rows.evaluate((el) => (el.scrollLeft = 0));
    await expect(grid.getByRole('columnheader', { name: 'Round 1', exact: true })).toBeVisible();
    await expect(
      grid.getByRole('button', { name: /, round 1: new\. Open lineage/ }).first(),
    ).toBeVisible();
    await expect(grid.getByLabel(/being read/)).toHaveCount(0);
    if (process.env.SHOTS)
      await page.screenshot({ path: `${process.env.SHOTS}/trajectory-start.png` });
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.at(-1)!.first).toBe(0);
  } finally {
    await page.goto('about:blank');
    await server.stop();
  }
});

test('party against party: demands against red lines, judged and counted', async ({ page }) => {
  await twoRounds(page);
  await tab(page, 'Red lines').click();
  await page.getByLabel('Party', { exact: true }).selectOption({ label: 'Iran' });
  await page.getByLabel('Issue', { exact: true }).selectOption({ label: 'Enrichment' });
  await page.getByLabel('Red line text').fill('Enrichment is not up for surrender.');
  await page.getByRole('button', { name: 'Add red line' }).click();
  await expect(page.getByRole('article', { name: 'Red line: Iran on Enrichment' })).toBeVisible();

  await tab(page, 'Overview').click();
  await expect(page.getByRole('link', { name: '1 open conflict' })).toBeVisible();
  await tab(page, 'Conflicts').click();
  const counts = page.getByRole('group', { name: 'Conflict counts' });
  await expect(counts).toContainText('1 open');
  const pair = page.getByRole('listitem', {
    name: 'United States demand against Iran red line on Enrichment',
  });
  await expect(pair).toContainText('No enrichment on Iranian soil, ever.');
  await expect(pair).toContainText('Enrichment is not up for surrender.');
  // Iran's own demand does not conflict with its own red line.
  await expect(page.getByRole('listitem', { name: /^Iran demand against Iran/ })).toHaveCount(0);

  await pair.getByRole('button', { name: 'Conflicts' }).click();
  await expect(counts).toContainText('1 confirmed');
  await expect(pair.getByRole('button', { name: 'Conflicts' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await pair.getByLabel(/^Note on/).fill('Head-on: zero versus a right.');
  await pair.getByLabel(/^Note on/).blur();
  await pair.getByRole('button', { name: 'Compatible' }).click();
  await expect(counts).toContainText('1 cleared');
  await page.reload();
  await expect(page.getByRole('group', { name: 'Conflict counts' })).toContainText('0 open');
  await expect(pair.getByLabel(/^Note on/)).toHaveValue('Head-on: zero versus a right.');
  await page.getByRole('switch', { name: 'Only issues with conflicts' }).check();
  await expect(page.getByRole('heading', { name: 'Missiles' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Enrichment' })).toBeVisible();
});

test('red-line drift: each wording and status, marked against the last', async ({ page }) => {
  await twoRounds(page);
  await tab(page, 'Red lines').click();
  await page.getByLabel('Party', { exact: true }).selectOption({ label: 'Iran' });
  await page.getByLabel('Red line text').fill('No limits on enrichment.');
  await page.getByRole('button', { name: 'Add red line' }).click();
  const card = page.getByRole('article', { name: 'Red line: Iran on Enrichment' });
  await card.getByRole('button', { name: /^Edit red line:/ }).click();
  await card
    .getByLabel('Red line', { exact: true })
    .fill('No limits on enrichment below 20 percent.');
  await saved(page);
  await card.getByLabel('Status').selectOption({ label: 'Softened' });
  await saved(page);
  await page.getByRole('button', { name: 'Drift of red line: Iran on Enrichment' }).click();
  const drift = page.getByRole('dialog', { name: 'Drift: Iran on Enrichment' });
  const versions = drift.getByRole('listitem');
  // Created, reworded, softened: three versions, each against the one before.
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toContainText('Active');
  await expect(versions.nth(1)).toContainText('Active');
  await expect(versions.nth(1).getByRole('insertion')).toHaveText('below 20 percent');
  await expect(versions.nth(2)).toContainText('Softened');
  await expect(versions.nth(2)).toContainText('was active');
});
