import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Negotiation sections' }).getByRole('link', { name }).click();

for (const theme of ['light', 'dark'] as const) {
  test(`shots ${theme}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.evaluate((t) => localStorage.setItem('parley.theme', t), theme);
    await page.reload();
    const shot = (name: string) => page.screenshot({ path: `/tmp/ui14-shots/${theme}-${name}.png` });
    await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'US–Iran nuclear talks' })).toBeAttached();
    await shot('overview');
    await section(page, 'Red lines');
    await expect(page.getByRole('article').first()).toBeVisible();
    await page.mouse.wheel(0, 300);
    await shot('red-lines');
    await page.getByRole('button', { name: /^Edit red line:/ }).first().click();
    await shot('red-line-open');
    await section(page, 'Sources');
    await expect(page.getByRole('article').first()).toBeVisible();
    await shot('sources');
    await section(page, 'Trajectory');
    await page.waitForTimeout(800);
    await shot('trajectory');
    await section(page, 'Conflicts');
    await page.getByRole('button', { name: /Conflicts$/ }).first().click().catch(() => {});
    await page.waitForTimeout(300);
    await shot('conflicts');
    await section(page, 'Overview');
    await page.getByRole('link', { name: /^Round 2:/ }).click();
    await page.getByRole('button', { name: 'Show details' }).click();
    await shot('round-details');
    await page.getByRole('button', { name: 'Show details' }).or(page.getByRole('button', { name: 'Hide details' })).click();
    await page.getByRole('button', { name: /^Edit position:/ }).nth(1).click();
    await page.waitForTimeout(300);
    await shot('position-open');
    await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Dates' }).scrollIntoViewIfNeeded();
    await shot('settings');
  });
}
