// Issue 19 in the browser: two officers, two libraries (two web bindings). A shares a
// negotiation, B receives it, both change the same position, they exchange updates, B settles
// the conflict, and A receives B's choice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { createNegotiation, expect, startServer, test } from './fixtures';

/** Shares the open negotiation (whole or for a colleague) and returns the downloaded file. */
async function share(page: Page, name: string, forWhom: string | null = null) {
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share negotiation' });
  await dialog.getByLabel('Your name as colleagues see it').fill(name);
  if (forWhom) await dialog.getByRole('radio', { name: `Only what ${forWhom} lacks` }).check();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Write update file' }).click();
  const download = await downloading;
  const dir = mkdtempSync(join(tmpdir(), 'parley-update-'));
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  await expect(dialog).toBeHidden();
  return { path, name: download.suggestedFilename(), dir };
}

async function receive(page: Page, file: { path: string }, button = 'Receive update…') {
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await choosing).setFiles(file.path);
}

/** Axe (WCAG 2.1 A and AA) on the page in both themes, with a screenshot of each to look at. */
async function checkBothThemes(page: Page, view: string, testInfo: TestInfo) {
  // The theme follows the system's (the default), so a modal dialog can stay open meanwhile.
  for (const theme of ['Light', 'Dark']) {
    await page.emulateMedia({ colorScheme: theme === 'Light' ? 'light' : 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    await page.waitForTimeout(250);
    const { violations } = await new AxeBuilder({ page })
      .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .setLegacyMode(true)
      .analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `${view} (${theme})`,
    ).toEqual([]);
    await page.screenshot({
      path: testInfo.outputPath(`${view}-${theme.toLowerCase()}.png`),
      fullPage: true,
    });
  }
}

async function editText(page: Page, text: string) {
  const position = page.getByRole('article', { name: 'Iran on Enrichment' });
  await position.getByRole('button', { name: 'Edit position: Iran on Enrichment' }).click();
  await position.getByLabel('Position text').fill(text);
  await position.getByRole('button', { name: 'Done' }).click();
  await expect(position).toContainText(text);
}

/** A negotiation "Nuclear talks": the United States and Iran, on Enrichment. */
async function nuclearTalks(page: Page): Promise<void> {
  await createNegotiation(page, {
    title: 'Nuclear talks',
    parties: [
      { name: 'United States', code: 'US' },
      { name: 'Iran', code: 'IR' },
    ],
    issues: ['Enrichment'],
  });
}

/**
 * A negotiation "Nuclear talks" with a round and one position of Iran's on Enrichment; returns
 * the round page's address, and leaves the negotiation's page open.
 */
async function negotiationWithPosition(page: Page, text: string): Promise<string> {
  await nuclearTalks(page);
  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  const addRound = page.getByRole('dialog', { name: 'Add round' });
  await addRound.getByLabel('Round title').fill('Muscat');
  await addRound.getByRole('button', { name: 'Add round', exact: true }).click();
  await page.getByRole('button', { name: 'Add position for Iran on Enrichment' }).click();
  const form = page.getByRole('form', { name: 'New position for Iran on Enrichment' });
  await form.getByLabel('Position text').fill(text);
  await form.getByRole('button', { name: 'Save position' }).click();
  await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toBeVisible();
  const roundUrl = page.url();
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Nuclear talks' })
    .click();
  return roundUrl;
}

test('two officers share a negotiation, meet a conflict and settle it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const dirs: string[] = [];
  // Officer A: a negotiation with a round and a position.
  const roundUrlA = await negotiationWithPosition(page, 'Keeps enrichment on its own soil.');

  const first = await share(page, 'Dana');
  dirs.push(first.dir);

  // Officer B: their own library, in their own web binding.
  const bDir = mkdtempSync(join(tmpdir(), 'parley-e2e-b-'));
  dirs.push(bDir);
  const serverB = await startServer(join(bDir, 'parley.sqlite'));
  const pageB = await browser.newPage();
  try {
    await pageB.goto(serverB.url);
    await receive(pageB, first, 'Receive shared negotiation…');
    const trust = pageB.getByRole('dialog', { name: 'Trust Dana?' });
    await expect(trust).toContainText(/[0-9A-F]{4}( [0-9A-F]{4}){7}/);
    await checkBothThemes(pageB, 'trust', testInfo);
    await trust.getByRole('button', { name: 'Trust Dana and receive' }).click();
    await expect(pageB.getByRole('heading', { level: 1, name: 'Nuclear talks' })).toBeVisible();
    await pageB.getByRole('link', { name: /Round 1: Muscat/ }).click();
    await expect(pageB.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
      'Keeps enrichment on its own soil.',
    );

    // Both change the same position's wording.
    await editText(pageB, 'Enrichment capped at 3.67%.');
    await page.goto(roundUrlA);
    await editText(page, 'Enrichment paused for two years.');

    // B's update reaches A (A trusts B), and A's reaches B: only what B lacks.
    await pageB
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Nuclear talks' })
      .click();
    const fromB = await share(pageB, 'Sam');
    dirs.push(fromB.dir);
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Nuclear talks' })
      .click();
    await receive(page, fromB);
    await page
      .getByRole('dialog', { name: 'Trust Sam?' })
      .getByRole('button', { name: 'Trust Sam and receive' })
      .click();
    await expect(
      page.getByRole('heading', { name: /Conflicting edits to settle \(1\)/ }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Share…' }).click();
    await checkBothThemes(page, 'share-dialog', testInfo);
    await page.keyboard.press('Escape');
    const fromA = await share(page, 'Dana', 'Sam');
    dirs.push(fromA.dir);
    expect(JSON.parse(JSON.parse(readFileSync(fromA.path, 'utf8')).header).full).toBe(false);
    await receive(pageB, fromA);

    // B sees the conflict: both wordings, who wrote each; the round marks the position.
    const conflicts = pageB.getByRole('region', { name: /Conflicting edits to settle/ });
    await expect(conflicts).toContainText('Enrichment capped at 3.67%.');
    await expect(conflicts).toContainText('Enrichment paused for two years.');
    await expect(conflicts).toContainText('Dana');
    await expect(conflicts).toContainText('Sam');
    await checkBothThemes(pageB, 'conflicts', testInfo);
    await pageB.getByRole('link', { name: /Round 1: Muscat/ }).click();
    await expect(pageB.getByRole('article', { name: 'Iran on Enrichment' })).toContainText(
      'Conflicting edits: Text',
    );
    await checkBothThemes(pageB, 'round-marked', testInfo);
    await pageB
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Nuclear talks' })
      .click();

    // B keeps Dana's wording and shares the choice; A receives it and the conflict is gone.
    await conflicts
      .getByRole('button', { name: /^Keep “Enrichment paused for two years\.” \(Dana\)/ })
      .click();
    await expect(conflicts).toBeHidden();
    const settled = await share(pageB, 'Sam', 'Dana');
    dirs.push(settled.dir);
    await receive(page, settled);
    await expect(page.getByRole('heading', { name: /Conflicting edits to settle/ })).toBeHidden();
    await page.goto(roundUrlA);
    const position = page.getByRole('article', { name: 'Iran on Enrichment' });
    await expect(position).toContainText('Enrichment paused for two years.');
    await expect(position).not.toContainText('Conflicting edits');
    await page.goto(new URL('#/settings', page.url()).toString());
    await expect(page.getByRole('heading', { name: 'Sharing' })).toBeVisible();
    await expect(page.getByRole('row', { name: /Sam/ })).toBeVisible();
    await checkBothThemes(page, 'settings-sharing', testInfo);
    await page.getByRole('button', { name: 'Remove Sam from trusted colleagues' }).click();
    await expect(page.getByRole('row', { name: /Sam/ })).toBeHidden();
  } finally {
    await pageB.close();
    await serverB.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('removing something permanently from a shared negotiation says first that it stops sharing', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const roundUrl = await negotiationWithPosition(page, 'Misfiled: the name of the source.');
  const shared = await share(page, 'Dana');
  rmSync(shared.dir, { recursive: true, force: true });

  await page.goto(roundUrl);
  const position = page.getByRole('article', { name: 'Iran on Enrichment' });
  await position.getByRole('button', { name: 'Edit position: Iran on Enrichment' }).click();
  await position.getByRole('button', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Remove permanently…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove permanently?' });
  await expect(dialog).toContainText(
    'the negotiation’s sharing record, which holds every value shared in it (the negotiation stays, no longer shared in your library; colleagues keep what they received)',
  );
  await checkBothThemes(page, 'removal-shared', testInfo);
  await dialog.getByRole('button', { name: 'Remove permanently' }).click();
  await expect(page.getByRole('article', { name: 'Iran on Enrichment' })).toHaveCount(0);
});

test('a name typed in the Share dialog stays when the library answers late', async ({ page }) => {
  await nuclearTalks(page);
  // The real answer, held back a moment (as under load): the officer types before it comes.
  let held = 0;
  await page.route('**/api/invoke', async (route) => {
    if (/"channel"\s*:\s*"share:status"/.test(route.request().postData() ?? '')) {
      held++;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue();
  });
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share negotiation' });
  await dialog.getByLabel('Your name as colleagues see it').fill('Dana');
  await expect.poll(() => held).toBeGreaterThan(0);
  await page.waitForTimeout(2500);
  await expect(dialog.getByLabel('Your name as colleagues see it')).toHaveValue('Dana');
});
