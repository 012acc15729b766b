import type { Page } from '@playwright/test';
import { createNegotiation, expect } from './fixtures';

/**
 * The first slice of the product, as a new user does it: create a negotiation with two parties
 * and two issues, add a round and a position, reload, and find everything again. Run against
 * the web binding and against the Electron app. `reload` reopens the app on the same data and
 * returns the page to go on with.
 */
export async function recordFirstSlice(
  firstPage: Page,
  reload: () => Promise<Page>,
): Promise<void> {
  let page = firstPage;
  await expect(page.getByRole('heading', { name: 'No negotiations yet' })).toBeVisible();

  await createNegotiation(page, {
    title: 'US–Iran nuclear talks',
    summary: 'Talks on Iran’s nuclear programme, mediated by Oman.',
    parties: [
      { name: 'United States', code: 'US', role: 'Principal' },
      { name: 'Iran', code: 'IR', role: 'Principal' },
    ],
    issues: ['Enrichment', 'Ballistic missiles'],
  });
  const parties = page.getByRole('list', { name: 'Parties' });
  await expect(parties.getByRole('listitem', { name: /^(United States|Iran)$/ })).toHaveCount(2);
  // Parties and issues read as cards, opened for editing on demand.
  await expect(parties.getByRole('button', { name: /^Edit party: Iran\./ })).toContainText(
    'IR Iran Principal',
  );
  await expect(
    page.getByRole('list', { name: 'Issues' }).getByRole('button', { name: /^Edit issue \d:/ }),
  ).toHaveText([/Enrichment\s*$/, /Ballistic missiles\s*$/]);

  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add round' });
  await expect(dialog.getByLabel('Sequence')).toHaveValue('1');
  await dialog.getByLabel('Round title').fill('Talks reopen in Muscat');
  await dialog.getByLabel('Start date').fill('early 2026');
  await dialog.getByLabel('Location').fill('Muscat, Oman');
  await dialog.getByLabel('Format').selectOption({ label: 'Indirect' });
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Round 1: Talks reopen in Muscat' }),
  ).toBeVisible();
  await expect(page.getByText(/^≈ early 2026/)).toBeVisible();

  await page.getByRole('button', { name: 'Add position for Iran on Enrichment' }).click();
  const form = page.getByRole('form', { name: 'New position for Iran on Enrichment' });
  await form.getByLabel('Position text').fill('Keeps an enrichment capability on its own soil.');
  await form.getByLabel('Kind').selectOption({ label: 'Demand' });
  await form.getByLabel('Status').selectOption({ label: 'On the table' });
  await form.getByRole('button', { name: 'Save position' }).click();
  const position = page.getByRole('article', { name: 'Iran on Enrichment' });
  await expect(position).toContainText('Keeps an enrichment capability on its own soil.');
  await expect(position).toContainText('Demand');

  page = await reload();
  await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
    'Keeps an enrichment capability on its own soil.',
  );
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await crumbs.getByRole('link', { name: 'US–Iran nuclear talks' }).click();
  await expect(page.getByRole('link', { name: 'Round 1: Talks reopen in Muscat' })).toBeVisible();
  await crumbs.getByRole('link', { name: 'Negotiations' }).click();
  await expect(page.getByRole('link', { name: 'US–Iran nuclear talks' })).toBeVisible();
  await expect(page.getByText('2 parties · 2 issues · 1 round')).toBeVisible();
}
