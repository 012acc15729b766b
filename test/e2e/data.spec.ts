import { damageMiddle } from '../support/damage';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startServer, test } from './fixtures';

async function openSample(page: Page) {
  await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
}

const search = (page: Page) => page.getByRole('dialog', { name: 'Search' });
const notice = (page: Page) => page.getByRole('status', { name: 'Notifications' });

/** Runs one of the negotiation's exports and returns the downloaded file. */
async function exportAs(page: Page, item: RegExp, options: { includeHistory?: boolean } = {}) {
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: item }).click();
  if (item.source.includes('Negotiation file')) {
    const dialog = page.getByRole('dialog', { name: 'Export negotiation file' });
    const history = dialog.getByRole('checkbox', { name: 'Include full history' });
    await expect(history).not.toBeChecked();
    if (options.includeHistory) await history.check();
    await dialog.getByRole('button', { name: 'Export' }).click();
  }
  const download = await downloading;
  await expect(notice(page)).toContainText('Exported');
  return {
    text: readFileSync((await download.path())!, 'utf8'),
    name: download.suggestedFilename(),
  };
}

/** Imports a file through the library's Import button (the system file chooser). */
async function importFile(page: Page, path: string) {
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import negotiation…' }).click();
  await (await choosing).setFiles(path);
}

const libraryTitles = (page: Page) =>
  page.getByRole('list', { name: 'Negotiations' }).getByRole('link');

test('search as you type: grouped results, words marked, filters, Enter opens the item', async ({
  page,
}) => {
  await openSample(page);
  await page.keyboard.press('Control+f');
  const dialog = search(page);
  await expect(dialog).toBeVisible();
  await page.keyboard.type('enrich');
  const results = dialog.getByRole('listbox', { name: 'Search results' });
  await expect(dialog.getByRole('group', { name: /Positions/ })).toBeVisible();
  await expect(dialog.getByRole('group', { name: /Red lines/ })).toBeVisible();
  await expect(dialog.getByRole('group', { name: /Rounds/ })).toBeVisible();
  // The prefix marks every word it starts, whole.
  const marked = await results.locator('mark').allTextContents();
  expect(marked.length).toBeGreaterThan(3);
  expect(marked.every((word) => /^enrich/i.test(word))).toBe(true);
  expect(marked).toContain('enrichment');

  // Filters: one party, one issue.
  await dialog.getByLabel('Party').selectOption({ label: 'United States' });
  const positions = dialog.getByRole('group', { name: /Positions/ }).getByRole('option');
  await expect(positions.first()).toContainText('US');
  await expect(dialog.getByRole('group', { name: /Rounds/ })).toHaveCount(0);
  for (const option of await positions.all()) await expect(option).toContainText('US');
  await dialog.getByLabel('Party').selectOption({ label: 'Any party' });

  // A phrase, then odd input that is not an error.
  await page.getByRole('combobox', { name: /Search positions/ }).fill('"zero enrichment"');
  await expect(dialog.getByRole('status')).toHaveText(/found/);
  await expect(results.locator('mark').first()).toHaveText(/zero/i);
  await page.getByRole('combobox', { name: /Search positions/ }).fill('NEAR( "AND ^*');
  await expect(dialog.getByRole('status')).toHaveText(/Nothing found|found/);
  await expect(dialog.getByRole('status')).not.toHaveText(/problem|error/i);

  // Enter opens the first result: the position, focused in its round's grid.
  await page.getByRole('combobox', { name: /Search positions/ }).fill('turned down zero');
  await expect(results.getByRole('option').first()).toContainText('Round 2');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Talks reopen in Oman');
  await expect(page.locator(':focus')).toHaveAccessibleName(
    /^Edit position: Iran on Enrichment\. /,
  );

  // A red line opens on the Red lines tab, brought into view.
  await page.keyboard.press('Control+f');
  await page
    .getByRole('combobox', { name: /Search positions/ })
    .fill('"capabilities are not negotiable"');
  await dialog
    .getByRole('group', { name: /Red lines/ })
    .getByRole('option')
    .filter({ hasText: 'Missile capabilities are not negotiable' })
    .click();
  await expect(page.locator(':focus')).toHaveAccessibleName('Red line: Iran on Ballistic missiles');
});

test('search finds parties, people and issues by name, and opens each on the overview', async ({
  page,
}) => {
  await openSample(page);
  const dialog = search(page);
  const box = page.getByRole('combobox', { name: /^Search positions/ });

  // A party, by its name: its card on the overview, focused.
  await page.keyboard.press('Control+f');
  await box.fill('Oman');
  const party = dialog.getByRole('group', { name: /^Parties/ }).getByRole('option');
  await expect(party).toHaveCount(1);
  await expect(party).toHaveAccessibleName(/OM .*Mediator.*Oman — OM/);
  await party.click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Edit party: Oman\./);

  // A person, by a word of their name: first in the results, opened with Enter.
  await page.keyboard.press('Control+f');
  await box.fill('Araghchi');
  const person = dialog.getByRole('group', { name: /^People/ }).getByRole('option');
  await expect(person).toHaveCount(1);
  await expect(person).toContainText('Abbas Araghchi — Foreign Minister');
  const first = dialog.getByRole('listbox', { name: 'Search results' }).getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(first).toContainText('Abbas Araghchi');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const iran = page.getByRole('button', { name: /^Edit party: Iran\./ });
  await expect(iran).toBeFocused();
  await expect(iran).toContainText('Abbas Araghchi, Foreign Minister');

  // An issue, by a word of its title, from another tab.
  await page.getByRole('link', { name: 'Red lines' }).click();
  await page.keyboard.press('Control+f');
  await box.fill('stockpile');
  const issue = dialog.getByRole('group', { name: /^Issues/ }).getByRole('option');
  await expect(issue).toHaveCount(1);
  await expect(issue).toContainText('Enriched-uranium stockpile');
  await issue.click();
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.locator(':focus')).toHaveAccessibleName(
    /^Edit issue 2: Enriched-uranium stockpile\./,
  );
  // Enter on the card opens it for editing.
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Title of issue 2')).toBeFocused();
});

test('a negotiation file round-trips through export and import, as a new negotiation', async ({
  page,
}, info) => {
  await openSample(page);
  const file = await exportAs(page, /Negotiation file/, { includeHistory: true });
  expect(file.name).toMatch(/^UNCLASSIFIED - US–Iran nuclear talks - \d{4}-\d{2}-\d{2}\.json$/);
  const original = JSON.parse(file.text) as {
    format: string;
    formatVersion: number;
    rounds: { positions: unknown[] }[];
    history: unknown[];
  };
  expect(original).toMatchObject({
    format: 'parley.negotiation',
    formatVersion: 2,
    marking: 'UNCLASSIFIED',
    historyIncluded: true,
  });
  const path = info.outputPath('talks.json');
  writeFileSync(path, file.text);

  await importFile(page, path);
  await expect(notice(page)).toContainText(
    `Imported “US–Iran nuclear talks”: ${original.rounds.length} rounds, ${original.rounds.flatMap((r) => r.positions).length} positions, ${original.history.length} change${original.history.length === 1 ? '' : 's'} of history. It was already in your library, so this is a separate copy: shared updates to the original do not reach it.`,
  );
  await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await expect(libraryTitles(page)).toHaveText(['US–Iran nuclear talks', 'US–Iran nuclear talks']);

  // The copy is whole: its own export matches the original's, ids and identities aside (a
  // copy's items have identities of their own).
  await libraryTitles(page).nth(1).click();
  const again = JSON.parse(
    (await exportAs(page, /Negotiation file/, { includeHistory: true })).text,
  ) as typeof original;
  const shape = (f: typeof original) =>
    JSON.stringify(f, (key, value: unknown) =>
      /(^id$|Id$|^exportedAt$|_id$|^identities$)/.test(key) ? undefined : value,
    );
  expect(shape(again)).toBe(shape(original));

  // And the import is one step of the library's undo.
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await page.getByRole('button', { name: 'Undo Import “US–Iran nuclear talks”' }).click();
  await expect(libraryTitles(page)).toHaveCount(1);
});

test('a bad file is refused with the place in it named, and nothing changes', async ({
  page,
}, info) => {
  await openSample(page);
  const good = JSON.parse((await exportAs(page, /Negotiation file/)).text) as {
    rounds: { positions: { partyId: number }[] }[];
  };
  const cases: [string, string, RegExp][] = [];
  const dangling = structuredClone(good);
  dangling.rounds[1]!.positions[2]!.partyId = 999;
  cases.push([
    'dangling.json',
    JSON.stringify(dangling),
    /rounds\[1\]\.positions\[2\]\.partyId: unknown party 999\./,
  ]);
  const text = JSON.stringify(good, null, 1);
  cases.push(['cut.json', text.slice(0, text.length / 2), /The file ends too soon \(line \d+/]);
  cases.push([
    'newer.json',
    JSON.stringify({ ...good, formatVersion: 7 }),
    /formatVersion: this file was written by a newer Parley/,
  ]);
  for (const [name, content, message] of cases) {
    const path = info.outputPath(name);
    writeFileSync(path, content);
    await importFile(page, path);
    const alert = page.getByRole('alert').filter({ hasText: `“${name}” was not imported` });
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('Nothing was changed.');
    await expect(libraryTitles(page)).toHaveCount(1);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  // Nothing was written: the library's last change is still the sample.
  await expect(page.getByRole('button', { name: 'Undo Open sample negotiation' })).toBeVisible();
});

test('positions export as a spreadsheet Excel reads, Persian and all', async ({ page }) => {
  await openSample(page);
  const csv = await exportAs(page, /Positions as a spreadsheet/);
  expect(csv.name).toMatch(/ - positions - .*\.csv$/);
  expect(
    csv.text.startsWith('\uFEFFUNCLASSIFIED\r\nRound,Round title,Dates,Party,Party code,Issue,'),
  ).toBe(true);
  expect(csv.text).toContain('\r\n');
  expect(csv.text).toContain('Iran signs a binding commitment never to enrich uranium again.');
  const grid = await exportAs(page, /Trajectory grid/);
  expect(grid.text.split('\r\n').slice(0, 2)).toEqual([
    '\uFEFFUNCLASSIFIED',
    'Issue,Party,Round 1: Spring 2025 talks,Round 2: Talks reopen in Oman',
  ]);
});

test('back up, restore from the Backups screen, and come back to the data as it was', async ({
  page,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  const table = page.getByRole('table', { name: 'Backups, newest first' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Made by hand');
  await expect(table).toContainText('1 negotiation');

  // Its settings are in Settings, where they are checked and kept.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Keep the last (backups)').fill('1');
  await page.getByLabel('Keep the last (backups)').press('Tab');
  await expect(page.getByText('Keep at least 2 backups.')).toBeVisible();
  await page.getByLabel('Keep the last (backups)').fill('5');
  await page.getByLabel('Keep the last (backups)').press('Tab');
  await expect(notice(page)).toContainText('Backup settings saved.');
  await page.getByRole('link', { name: 'See and restore backups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();

  // Work goes on: the sample is deleted.
  await page.getByRole('link', { name: 'Negotiations', exact: true }).click();
  await libraryTitles(page).first().click();
  await page.getByRole('button', { name: 'Delete negotiation' }).click();
  await expect(page.getByRole('heading', { name: 'No negotiations yet' })).toBeVisible();

  await page.getByRole('link', { name: 'Backups' }).first().click();
  await table.getByRole('button', { name: /^Restore the backup of/ }).click();
  const confirm = page.getByRole('dialog', { name: /Restore the backup of/ });
  await expect(confirm).toContainText('Your data as it is now is backed up first');
  await confirm.getByRole('button', { name: 'Restore' }).click();
  await expect(notice(page)).toContainText('Restored the backup of');
  await expect(libraryTitles(page)).toHaveText(['US–Iran nuclear talks']);
  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(table.getByRole('row', { name: /Before a restore/ })).toContainText(
    '0 negotiations',
  );
});

test('a damaged database is caught on start and recovered from a backup through the UI', async ({
  page,
  parley,
}) => {
  await openSample(page);
  await page.getByRole('link', { name: 'Parley: all negotiations' }).click();
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('table', { name: 'Backups, newest first' })).toContainText(
    'Made by hand',
  );
  // Off the page first: its event stream would otherwise retry (and log) while no server runs.
  await page.goto('about:blank');
  await parley.stop();

  // A failing disk: bytes overwritten in the middle of the file.
  const before = readFileSync(parley.dbPath);
  damageMiddle(parley.dbPath, parley.key!);
  const damaged = readFileSync(parley.dbPath);
  expect(damaged.equals(before)).toBe(false);

  const server = await startServer(parley.dbPath, { key: parley.key! });
  try {
    await page.goto(server.url);
    await expect(
      page.getByRole('heading', { name: 'Parley’s database needs your attention' }),
    ).toBeVisible();
    await expect(page.getByText(/damage.*malformed/)).toBeVisible();
    await expect(page.getByText('Newest good backup', { exact: true })).toBeVisible();
    await page
      .getByRole('button', { name: /^Restore the backup of .* \d\d:\d\d$/ })
      .first()
      .click();
    const confirm = page.getByRole('dialog', { name: /Restore the backup of/ });
    await expect(confirm).toContainText('The damaged database file is kept aside');
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect(notice(page)).toContainText('The damaged file is kept as');
    await expect(libraryTitles(page)).toHaveText(['US–Iran nuclear talks']);

    // The damaged file is kept, byte for byte.
    const aside = readdirSync(dirname(parley.dbPath)).filter((f) => f.includes('-damaged-'));
    expect(aside.filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
    const kept = readFileSync(
      join(
        dirname(parley.dbPath),
        aside.find((f) => f.endsWith('.sqlite'))!,
      ),
    );
    expect(kept.equals(damaged)).toBe(true);
    expect(existsSync(parley.dbPath)).toBe(true);
  } finally {
    // Off the page first: its event stream would otherwise retry (and log) once the server stops.
    await page.goto('about:blank');
    await server.stop();
  }
});
