import { expect, test } from './fixtures';
import { recordFirstSlice } from './slice';

test('a new user records a negotiation, a round and a position, and finds them after a reload', async ({
  page,
}) => {
  await recordFirstSlice(page, async () => {
    await page.reload();
    return page;
  });
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
  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Round title').fill('First');
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Talks' })
    .click();
  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Add round' });
  await dialog.getByLabel('Sequence').fill('1');
  await dialog.getByLabel('Round title').fill('Second');
  await dialog.getByLabel('Start date').fill('14 Feb 2026');
  await dialog.getByLabel('End date').fill('2025');
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(dialog.getByLabel('End date')).toHaveAccessibleDescription(
    'End date is before the start date.',
  );
  await dialog.getByLabel('End date').fill('15 Feb 2026');
  await dialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(dialog.getByLabel('Sequence')).toHaveAccessibleDescription(
    'Round 1 already exists in this negotiation.',
  );
  await dialog.getByLabel('Start date').fill('31 Feb 2026');
  await expect(dialog.getByLabel('Start date')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('list', { name: 'Rounds' }).getByRole('listitem')).toHaveCount(1);
});
