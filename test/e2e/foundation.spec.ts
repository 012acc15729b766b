import { createNegotiation, expect, test } from './fixtures';

test('a new user records a negotiation, a round and a position, and finds them after a reload', async ({
  page,
}) => {
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
  await expect(parties.getByRole('listitem')).toHaveCount(2);
  await expect(parties).toContainText('United States');
  await expect(parties).toContainText('Iran');
  await expect(page.getByRole('list', { name: 'Issues' }).getByRole('listitem')).toHaveText([
    'Enrichment',
    'Ballistic missiles',
  ]);

  await page.getByRole('button', { name: 'Add round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add round' });
  await expect(dialog.getByLabel('Sequence')).toHaveValue('1');
  await dialog.getByLabel('Round title').fill('Talks reopen in Muscat');
  await dialog.getByLabel('Start date').fill('early 2026');
  await dialog.getByLabel('Location').fill('Muscat, Oman');
  await dialog.getByLabel('Format').selectOption({ label: 'Indirect' });
  await dialog.getByRole('button', { name: 'Add round' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Round 1: Talks reopen in Muscat' }),
  ).toBeVisible();
  await expect(page.getByText('≈ early 2026')).toBeVisible();

  await page.getByRole('button', { name: 'Add position for Iran on Enrichment' }).click();
  const form = page.getByRole('form', { name: 'New position for Iran on Enrichment' });
  await form.getByLabel('Position text').fill('Keeps an enrichment capability on its own soil.');
  await form.getByLabel('Kind').selectOption({ label: 'Demand' });
  await form.getByLabel('Status').selectOption({ label: 'On the table' });
  await form.getByRole('button', { name: 'Save position' }).click();
  const position = page.getByRole('article', { name: 'Iran on Enrichment' });
  await expect(position).toContainText('Keeps an enrichment capability on its own soil.');
  await expect(position).toContainText('Demand');

  await page.reload();
  await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
    'Keeps an enrichment capability on its own soil.',
  );
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await crumbs.getByRole('link', { name: 'US–Iran nuclear talks' }).click();
  await expect(page.getByRole('link', { name: 'Round 1: Talks reopen in Muscat' })).toBeVisible();
  await crumbs.getByRole('link', { name: 'Negotiations' }).click();
  await expect(page.getByRole('link', { name: 'US–Iran nuclear talks' })).toBeVisible();
  await expect(page.getByText('2 parties · 2 issues · 1 round')).toBeVisible();
});

test('an invalid form shows a specific error next to the field and saves nothing', async ({
  page,
}) => {
  await page.getByRole('link', { name: 'Create your first negotiation' }).click();
  await page.getByLabel('Party 1 name').fill('Iran');
  await page.getByLabel('Party 1 short code').fill('IR');
  await page.getByLabel('Party 2 name').fill('iran');
  await page.getByLabel('Party 2 short code').fill('IR2');
  await page.getByRole('button', { name: 'Create negotiation' }).click();

  const title = page.getByLabel('Title');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(title).toHaveAccessibleDescription('Title is required.');
  await expect(title).toBeFocused();
  await expect(page.getByLabel('Party 2 name')).toHaveAccessibleDescription(
    'Party name "iran" is used twice.',
  );

  await title.fill('Talks');
  await page.getByLabel('Party 2 name').fill('Oman');
  await page.getByRole('button', { name: 'Create negotiation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Talks' })).toBeVisible();

  // Rules only main can check come back next to the field too.
  await page.getByRole('button', { name: 'Add round' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Round title').fill('First');
  await dialog.getByRole('button', { name: 'Add round' }).click();
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Talks' })
    .click();
  await page.getByRole('button', { name: 'Add round' }).click();
  dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Sequence').fill('1');
  await dialog.getByLabel('Round title').fill('Second');
  await dialog.getByLabel('Start date').fill('14 Feb 2026');
  await dialog.getByLabel('End date').fill('2025');
  await dialog.getByRole('button', { name: 'Add round' }).click();
  await expect(dialog.getByLabel('End date')).toHaveAccessibleDescription(
    'End date is before the start date.',
  );
  await dialog.getByLabel('End date').fill('15 Feb 2026');
  await dialog.getByRole('button', { name: 'Add round' }).click();
  await expect(dialog.getByLabel('Sequence')).toHaveAccessibleDescription(
    'Round 1 already exists in this negotiation.',
  );
  await dialog.getByLabel('Start date').fill('31 Feb 2026');
  await expect(dialog.getByLabel('Start date')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('listitem')).toHaveCount(1);
});
