// Reading before editing: the overview's summary, red lines and sources read as compact cards;
// a click, or Enter, opens the fields; Escape closes them; edits autosave and undo as ever.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const section = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Negotiation sections' })
    .getByRole('link', { name })
    .click();

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'US–Iran nuclear talks' }),
  ).toBeAttached();
}

/** Every card's height in reading view, by its accessible name. */
async function heights(cards: ReturnType<Page['getByRole']>) {
  const out: Record<string, number> = {};
  for (const card of await cards.all()) {
    const box = await card.boundingBox();
    out[(await card.getAttribute('aria-label')) ?? '?'] = Math.round(box?.height ?? 0);
  }
  return out;
}

test('red lines read as cards of at most 120 px, walked by arrows, edited by Enter, closed by Escape', async ({
  page,
}) => {
  await openSample(page);
  await section(page, 'Red lines');
  const cards = page.getByRole('article', { name: /^Red line:/ });
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(2);
  const tall = Object.entries(await heights(cards)).filter(([, h]) => h > 120);
  expect(tall, 'red line cards taller than 120 px').toEqual([]);
  // No field is open until asked for.
  await expect(page.getByRole('textbox', { name: 'Red line', exact: true })).toHaveCount(0);

  const faces = page.getByRole('button', { name: /^Edit red line:/ });
  await faces.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(faces.nth(1)).toBeFocused();
  const second = cards.nth(1);
  const name = (await second.getAttribute('aria-label'))!;
  await page.keyboard.press('Enter');
  const wording = second.getByRole('textbox', { name: 'Red line', exact: true });
  await expect(wording).toBeFocused();
  await wording.fill('Edited from the keyboard.');
  await page.keyboard.press('Escape');
  await expect(wording).toHaveCount(0);
  const face = page.getByRole('article', { name }).getByRole('button', { name: /^Edit red line:/ });
  await expect(face).toBeFocused();
  await expect(face).toContainText('Edited from the keyboard.');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

  // Undone like any edit, and the card reads the old wording again.
  await page.getByRole('button', { name: /^Undo/ }).first().click();
  await expect(face).not.toContainText('Edited from the keyboard.');
  await page.reload();
  await expect(page.getByRole('article', { name })).not.toContainText('Edited from the keyboard.');
});

test('sources read as cards of at most 120 px; Escape closes an opened one', async ({ page }) => {
  await openSample(page);
  await section(page, 'Sources');
  const cards = page.getByRole('article', { name: /^Source:/ });
  await expect(cards.first()).toBeVisible();
  const tall = Object.entries(await heights(cards)).filter(([, h]) => h > 120);
  expect(tall, 'source cards taller than 120 px').toEqual([]);

  const edit = cards.first().getByRole('button', { name: 'Edit', exact: true });
  await edit.focus();
  await page.keyboard.press('ArrowDown');
  await expect(cards.nth(1).getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(edit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cards.first().getByLabel('Quote')).toBeVisible();
  await cards.first().getByLabel('Quote').focus();
  await page.keyboard.press('Escape');
  await expect(cards.first().getByLabel('Quote')).toHaveCount(0);
  await expect(edit).toBeFocused();
});

test('the overview summary reads as text and opens by a click', async ({ page }) => {
  await openSample(page);
  const face = page.getByRole('button', { name: /^Edit summary\./ });
  await expect(face).toContainText('Talks between the United States and Iran');
  await expect(page.getByLabel('Negotiation summary')).toHaveCount(0);
  await face.click();
  await expect(page.getByLabel('Negotiation summary')).toBeFocused();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(face).toBeFocused();
});
