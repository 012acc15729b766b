// Linkages and packages: added by keyboard on a round page, shown as a badge on the positions
// involved, compared between two rounds, flagged on the Conflicts board against a refusal; and
// every one of those views clean under axe in the light and the dark theme.
import AxeBuilder from '@axe-core/playwright';
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

async function openRound(page: Page, name: RegExp) {
  await section(page, 'Overview').click();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeAttached();
}

/** From a round page back up to its negotiation. */
async function up(page: Page) {
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'US–Iran nuclear talks' })
    .click();
}

const linkagesPanel = (page: Page) => page.getByRole('region', { name: 'Linkages and packages' });

/** Screenshots for a person to look at, when asked for (SHOTS=folder). */
async function shot(page: Page, name: string) {
  if (process.env.SHOTS)
    await page.screenshot({ path: `${process.env.SHOTS}/${name}.png`, fullPage: true });
}

async function axe(page: Page, view: string): Promise<string[]> {
  await page.waitForTimeout(250);
  const { violations } = await new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .setLegacyMode(true)
    .analyze();
  return violations.map(
    (v) =>
      `${view}: ${v.id} ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`,
  );
}

async function useTheme(page: Page, theme: 'Light' | 'Dark') {
  const button = page.getByRole('button', { name: /^Theme: / });
  for (let i = 0; i < 3; i++) {
    if ((await button.textContent())?.trim() === theme) break;
    await button.click();
  }
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

test('a linkage added by keyboard on a round page shows as a badge on its position', async ({
  page,
}) => {
  await openSample(page);
  await openRound(page, /^Round 1:/);
  const panel = linkagesPanel(page);
  // The sample's round 1 holds Iran's refusal of zero enrichment, badged on its position.
  await expect(panel.getByRole('article')).toHaveCount(1);
  await expect(
    page.getByRole('button', {
      name: /^Linked: refusal — No deal on the basis of zero enrichment/,
    }),
  ).toBeVisible();

  await panel.getByRole('button', { name: 'Add linkage' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Add linkage' });
  await expect(form).toBeVisible();
  await form.getByLabel('Party').focus();
  await page.keyboard.type('United');
  await form.getByLabel('Kind of linkage').focus();
  await page.keyboard.type('Exchange');
  await form.getByLabel('Linkage statement').focus();
  await page.keyboard.type('Talks on the stockpile only in return for zero enrichment.');
  await form.getByRole('checkbox', { name: 'Enrichment', exact: true }).focus();
  await page.keyboard.press('Space');
  // Fewer issues than an exchange ties is refused by name, and nothing is added.
  await page.keyboard.press('Control+Enter');
  await expect(form.getByRole('alert')).toContainText('at least two issues');
  await form.getByRole('checkbox', { name: 'Enriched-uranium stockpile' }).focus();
  await page.keyboard.press('Space');
  await form.getByRole('checkbox', { name: /^US on Enrichment:/ }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Add linkage' })).toBeFocused();

  const card = panel.getByRole('article', { name: 'United States, Exchange linkage' });
  await expect(card).toContainText('Talks on the stockpile only in return for zero enrichment.');
  await expect(card).toContainText('Ties Enrichment, Enriched-uranium stockpile');
  const badge = page
    .getByRole('article', { name: 'United States on Enrichment' })
    .getByRole('button', { name: /^Linked: exchange — Talks on the stockpile/ });
  await expect(badge).toBeVisible();
  // The badge takes the officer to the linkage.
  await badge.press('Enter');
  await expect(card).toBeFocused();

  // After a reload it is still there (saved, not only shown).
  await page.reload();
  await expect(
    linkagesPanel(page).getByRole('article', { name: 'United States, Exchange linkage' }),
  ).toBeVisible();
});

test('compare shows the linkages added and changed between two rounds', async ({ page }) => {
  await openSample(page);
  await section(page, 'Compare').click();
  const changes = page.getByRole('region', { name: 'Linkages' });
  await expect(changes).toContainText('4 added, dropped or changed');
  const rows = changes.getByRole('row');
  // Iran's refusal on enrichment was carried and reworded; the others are new in round 2.
  await expect(rows.filter({ hasText: 'Enrichment is not up for surrender' })).toContainText(
    'Changed',
  );
  await expect(rows.filter({ hasText: 'Enrichment is not up for surrender' })).toContainText(
    'wording',
  );
  await expect(rows.filter({ hasText: 'Missile capabilities are non-negotiable.' })).toContainText(
    'Added',
  );
  await expect(rows.filter({ hasText: 'any agreement must include missiles' })).toContainText(
    'Added',
  );
});

test('the Conflicts board flags the deal that must include missiles against the missile refusal', async ({
  page,
}) => {
  await openSample(page);
  await section(page, 'Conflicts').click();
  const list = page.getByRole('list', { name: 'Linkages against refusals and red lines' });
  const flag = list.getByRole('listitem', {
    name: 'United States conditional linkage against Iran refusal on Ballistic missiles',
  });
  await expect(flag).toBeVisible();
  await expect(flag).toContainText('Missile capabilities are non-negotiable.');
  await expect(
    list.getByRole('listitem', {
      name: 'United States conditional linkage against Iran red line on Ballistic missiles',
    }),
  ).toBeVisible();
  // Withdrawn, the US linkage is no longer flagged.
  await openRound(page, /^Round 2:/);
  const card = linkagesPanel(page).getByRole('article', {
    name: 'United States, Conditional linkage',
  });
  await card.getByRole('button', { name: /^Edit linkage:/ }).click();
  await card.getByLabel('Status').selectOption({ label: 'Withdrawn' });
  await expect(card.getByLabel('Status')).toHaveValue('withdrawn');
  await up(page);
  await section(page, 'Conflicts').click();
  await expect(page.getByRole('heading', { name: /^Ballistic missiles/ }).first()).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Linkages against refusals and red lines' })
      .getByRole('listitem', { name: /^United States/ }),
  ).toHaveCount(0);
});

for (const theme of ['Light', 'Dark'] as const) {
  const t = theme.toLowerCase();
  test(`linkage views pass axe in the ${t} theme`, async ({ page }) => {
    // Five scans of full pages: as long as the accessibility spec's own.
    test.setTimeout(120_000);
    await openSample(page);
    await useTheme(page, theme);
    const found: string[] = [];
    await openRound(page, /^Round 2:/);
    await linkagesPanel(page).scrollIntoViewIfNeeded();
    found.push(...(await axe(page, 'round page with linkages')));
    await shot(page, `linkages-round-${t}`);
    await linkagesPanel(page).getByRole('button', { name: 'Add package' }).click();
    found.push(...(await axe(page, 'adding a package')));
    await shot(page, `linkages-add-package-${t}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await linkagesPanel(page)
      .getByRole('article', { name: 'Iran, Refusal linkage' })
      .first()
      .getByRole('button', { name: /^Edit linkage:/ })
      .click();
    found.push(...(await axe(page, 'editing a linkage')));
    await shot(page, `linkages-edit-${t}`);
    await up(page);
    await section(page, 'Compare').click();
    await expect(page.getByRole('region', { name: 'Linkages' })).toBeVisible();
    found.push(...(await axe(page, 'compare with linkages')));
    await shot(page, `linkages-compare-${t}`);
    await section(page, 'Conflicts').click();
    await expect(
      page.getByRole('list', { name: 'Linkages against refusals and red lines' }),
    ).toBeVisible();
    found.push(...(await axe(page, 'conflicts with linkages')));
    await shot(page, `linkages-conflicts-${t}`);
    expect(found.join('\n')).toBe('');
  });
}
