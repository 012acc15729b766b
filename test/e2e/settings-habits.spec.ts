// The Settings screen's desktop habits, through the web binding: paper size for briefs, the
// theme (moved from the browser's storage into settings), backups, where the library lives,
// spelling, and diagnostics for IT.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const notice = (page: Page) => page.getByRole('status', { name: 'Notifications' });

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

test('the paper size chosen in Settings is each brief’s default', async ({ page }) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await openSettings(page);
  const paper = page.getByRole('group', { name: 'Paper size for briefs' });
  await expect(paper.getByRole('radio', { name: 'A4' })).toBeChecked();
  await paper.getByRole('radio', { name: 'US Letter' }).check();
  await expect(notice(page)).toContainText('Paper size saved.');

  await page.getByRole('link', { name: 'Negotiations', exact: true }).click();
  await page.getByRole('link', { name: 'US–Iran nuclear talks' }).first().click();
  await page.getByRole('button', { name: 'Overview brief' }).click();
  const dialog = page.getByRole('dialog', { name: 'Negotiation overview' });
  await expect(dialog.getByRole('radio', { name: 'US Letter' })).toBeChecked();
});

test('the theme is a setting; an old choice in the browser moves into it', async ({ page }) => {
  // As an earlier Parley left it.
  await page.evaluate(() => localStorage.setItem('parley.theme', 'dark'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openSettings(page);
  const themes = page.getByRole('group', { name: 'Theme' });
  await expect(themes.getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await page.evaluate(() => localStorage.getItem('parley.theme'))).toBeNull();

  // Chosen with the keyboard: from Dark, the arrow key moves to the next choice.
  await themes.getByRole('radio', { name: 'Dark' }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(themes.getByRole('radio', { name: 'Light' })).toBeChecked();
  await expect(notice(page)).toContainText('Theme saved.');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: /^Theme: Light/ })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('parley.theme'))).toBeNull();
});

test('a theme chosen before the settings arrive is kept', async ({ page }) => {
  // The saved choice is Dark; on the next load its answer is held back (as under load).
  await page.getByRole('button', { name: /^Theme: / }).click(); // System → Light
  await page.getByRole('button', { name: /^Theme: / }).click(); // Light → Dark
  await expect(page.getByRole('button', { name: /^Theme: / })).toHaveText('Dark');
  // The answer is read at once and delivered late, so it says Dark whatever happens meanwhile.
  let held = 0;
  await page.route('**/api/invoke', async (route) => {
    if (!/"channel"\s*:\s*"settings:get"/.test(route.request().postData() ?? ''))
      return route.continue();
    const response = await route.fetch();
    held++;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fulfill({ response });
  });
  await page.reload();
  await expect.poll(() => held).toBeGreaterThan(0);
  const button = page.getByRole('button', { name: /^Theme: / });
  await button.click();
  await expect(button).toHaveText('Light');
  await page.waitForTimeout(2500);
  await expect(button).toHaveText('Light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('where the library lives, spelling, and the Backups screen’s link', async ({
  page,
  parley,
}) => {
  await openSettings(page);
  const library = page.getByRole('region', { name: 'Where the library lives' });
  await expect(library).toContainText(parley.dbPath.replace(/\/parley\.sqlite$/, ''));
  await expect(library).toContainText('named by --db when the web binding was started');
  // A browser can neither open folders nor choose another library for the web binding.
  await expect(library.getByRole('button', { name: 'Show in folder' })).toHaveCount(0);
  await expect(library.getByRole('textbox')).toHaveCount(0);

  const spelling = page.getByRole('checkbox', { name: 'Check spelling as you type' });
  await expect(spelling).toBeDisabled();
  await expect(page.getByText('In a browser, the browser checks spelling')).toBeVisible();

  await page.getByRole('link', { name: 'See and restore backups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Back up every (minutes of editing)')).toBeVisible();
});

test('diagnostics download: versions and the log, no negotiation data', async ({ page }) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await openSettings(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export diagnostics…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Parley diagnostics \d{4}-\d\d-\d\d\.txt$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).toContain('Running as: web binding (browser)');
  expect(text).toMatch(/^SQLite: 3\./m);
  expect(text).toMatch(/INFO {2}Parley \S+ starting \(web;/);
  expect(text).not.toContain('US–Iran');
  expect(text).not.toContain('Araghchi');
  await expect(notice(page)).toContainText('Exported diagnostics');
});

test('a page reloaded after a crash says so and keeps what was being typed', async ({ page }) => {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  // The summary reads as text until opened.
  await page.getByRole('button', { name: /^Edit summary\./ }).click();
  const summary = page.getByLabel('Negotiation summary');
  await expect(summary).toHaveValue(/./);
  await summary.fill('Typed just before the window went');
  // What the desktop app does when the page's process dies: load it again, flagged.
  const url = new URL(page.url());
  url.searchParams.set('recovered', 'crashed');
  await page.goto(url.href);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'Parley’s window stopped unexpectedly and was reopened. Nothing you typed was lost.',
  );
  await page.getByRole('button', { name: /^Edit summary\./ }).click();
  await expect(page.getByLabel('Negotiation summary')).toHaveValue(
    'Typed just before the window went',
  );
  // The flag is gone, so a later reload does not say it again; the access token stays.
  expect(new URL(page.url()).searchParams.has('recovered')).toBe(false);
  expect(new URL(page.url()).searchParams.has('token')).toBe(true);
});
