import { createNegotiation, expect, test } from './fixtures';
import { pdfPages } from './pdf';

// Text as officers paste it, typed through the UI: markup and script in every kind of field,
// Persian with the zero-width non-joiner, mixed-direction runs, emoji with joiners, control
// characters, and a 100 KB position. All of it shows as text — in the app and in the PDF — and
// none of it runs.

const TITLE = 'Talks <img src=x onerror=alert(1)> & "quotes"';
const PARTY = 'ایران';
const OTHER = '<b>US</b>';
const ISSUE = '<script>alert(2)</script>';
const ROUND = 'Geneva <i>“final”</i> 👩🏽‍💻';
const POSITION = 'ما می‌خواهیم enrichment at 3.67% — نه بیشتر 🇮🇷 <svg onload=alert(3)>';

test('odd and hostile text shows as typed in the app and the PDF, and never runs', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });

  await createNegotiation(page, {
    title: TITLE,
    parties: [
      { name: PARTY, code: 'IR' },
      { name: OTHER, code: 'US' },
    ],
    issues: [ISSUE],
  });

  await page.getByRole('button', { name: 'Add round', exact: true }).click();
  const roundDialog = page.getByRole('dialog', { name: 'Add round' });
  await roundDialog.getByLabel('Round title').fill(ROUND);
  await roundDialog.getByRole('button', { name: 'Add round', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Round 1: ${ROUND}` })).toBeVisible();

  // Persian and mixed-direction text with a bell character pasted in the middle.
  await page.getByRole('button', { name: `Add position for ${PARTY} on ${ISSUE}` }).click();
  let form = page.getByRole('form', { name: `New position for ${PARTY} on ${ISSUE}` });
  await form.getByLabel('Position text').fill(POSITION.replace('3.67%', '3.67%\u0007'));
  await form.getByRole('button', { name: 'Save position' }).click();
  const persian = page.getByRole('article', { name: `${PARTY} on ${ISSUE}` });
  await expect(persian).toContainText(POSITION);

  // A 100 KB position, kept whole.
  const long = `${'Enrichment is capped at 3.67 percent for fifteen years. '.repeat(1800)}End of text.`;
  expect(long.length).toBeGreaterThan(100_000);
  await page.getByRole('button', { name: `Add position for ${OTHER} on ${ISSUE}` }).click();
  form = page.getByRole('form', { name: `New position for ${OTHER} on ${ISSUE}` });
  await form.getByLabel('Position text').fill(long);
  await form.getByRole('button', { name: 'Save position' }).click();
  const longCard = page.getByRole('article', { name: `${OTHER} on ${ISSUE}` });
  await expect(longCard).toContainText('End of text.');
  // Shown as its opening lines until asked for all of it, so the grid stays usable.
  const showAll = longCard.getByRole('button', {
    name: `Show all of position: ${OTHER} on ${ISSUE}`,
  });
  await expect(showAll).toHaveText('Show all 16,203 words');
  expect((await longCard.boundingBox())!.height).toBeLessThan(400);
  await showAll.click();
  await expect(
    longCard.getByRole('button', { name: `Show less of position: ${OTHER} on ${ISSUE}` }),
  ).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(async () => (await longCard.boundingBox())!.height).toBeGreaterThan(5000);
  await longCard.getByRole('button', { name: /^Show less/ }).press('Enter');
  await expect.poll(async () => (await longCard.boundingBox())!.height).toBeLessThan(400);

  // After a reload everything comes back from the database exactly.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: `Round 1: ${ROUND}` })).toBeVisible();
  await expect(persian).toContainText(POSITION);
  const stored = await longCard.evaluate((el) => el.textContent ?? '');
  expect(stored).toContain(long);
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();

  // Nothing typed became markup: no element of the page came from the text.
  const injected = await page.evaluate(
    () => document.querySelectorAll('img[src="x"], svg[onload], b, i, script:not([src])').length,
  );
  expect(injected).toBe(0);

  // The brief prints it all as text.
  await page.getByRole('button', { name: 'Brief this round' }).click();
  const dialog = page.getByRole('dialog', { name: 'Round brief' });
  const preview = dialog.frameLocator('iframe[title="Preview of the brief"]');
  await expect(preview.getByText(ISSUE).first()).toBeVisible();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export PDF' }).click();
  const download = await downloading;
  const path = await download.path();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Exported');
  const all = pdfPages(path).join('\n').replace(/\s+/g, ' ');
  for (const literal of [TITLE, OTHER, ISSUE, 'Geneva <i>“final”</i>']) {
    expect(all, literal).toContain(literal);
  }
  expect(all).toContain('Enrichment is capped at 3.67 percent');
  expect(all).toContain('End of text.');
  // The mixed-direction cell wraps inside its table column, so its runs are checked apart.
  for (const run of ['نه بیشتر', 'enrichment at 3.67%', '<svg', 'onload=alert(3)']) {
    expect(all).toContain(run);
  }
  expect(all).not.toContain('\u0007');
  expect(alerts).toEqual([]);
});
