// The encrypted library as an officer meets it in the browser (the web binding has no keychain:
// it always asks for the passphrase): setup and the recovery key, the unlock screen, a changed
// passphrase, and the idle lock.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startServer, test, type ParleyServer } from './fixtures';
import { PASSPHRASE, SCRYPT_WAIT, setUpLibrary, unlockLibrary } from './security';

// Each test restarts the web binding, and one waits out the shortest idle lock (a minute).
// Checking a passphrase costs scrypt 128 MiB and half a second on purpose (several seconds on a
// busy machine): the steps that check one wait for it.
test.describe.configure({ timeout: 150_000 });
test.use({ locked: true });

/** Restarts the web binding on the same library, still without its key. */
async function restart(page: Page, server: ParleyServer): Promise<ParleyServer> {
  await page.goto('about:blank');
  await server.stop();
  const again = await startServer(server.dbPath, { locked: true });
  await page.goto(again.url);
  return again;
}

test('a new library is set up with a passphrase and a recovery key, and opens with either', async ({
  page,
  parley,
}) => {
  let server: ParleyServer = parley;
  try {
    await expect(page.getByRole('heading', { name: 'Set up your library' })).toBeVisible();
    // A short passphrase, and two that differ, are refused next to the field.
    const form = page.getByRole('form', { name: 'Set up your library' });
    await form.getByLabel('Passphrase', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Set up' }).click();
    await expect(form.getByLabel('Passphrase', { exact: true })).toHaveAccessibleDescription(
      /at least 10 characters/,
    );
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Passphrase again').fill('something else entirely');
    await form.getByRole('button', { name: 'Set up' }).click();
    await expect(form.getByLabel('Passphrase again')).toHaveAccessibleDescription(
      'The two passphrases differ.',
    );

    const recoveryKey = await setUpLibrary(page);
    const saving = page.waitForEvent('download');
    // (Already opened: the sheet is offered again from Settings.)
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Show the recovery key…' }).click();
    await expect(page.getByRole('textbox', { name: 'Recovery key' })).toHaveValue(recoveryKey);
    await page.getByRole('button', { name: 'Save as a file…' }).click();
    const saved = await saving;
    expect(saved.suggestedFilename()).toBe('Parley recovery key.txt');
    expect(readFileSync((await saved.path())!, 'utf8')).toContain(recoveryKey);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
    await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');
    const negotiationAddress = new URL(page.url()).hash;
    await page.goto('about:blank');
    await server.stop();

    // The files hold nothing of it in the clear.
    const dir = dirname(parley.dbPath);
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, file);
      if (file.includes('.') && !file.endsWith('/'))
        expect(readFileSync(path).includes('US–Iran'), file).toBe(false);
    }

    // Restarted: locked. A wrong passphrase is refused; the right one opens it, at the
    // negotiation the page's address names (asked for as the page started, and refused then).
    server = await startServer(parley.dbPath, { locked: true });
    await page.goto(server.url + negotiationAddress);
    await expect(page.getByRole('heading', { name: 'Parley is locked' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByLabel('Passphrase', { exact: true })).toHaveAccessibleDescription(
      'That passphrase does not unlock this library.',
      { timeout: SCRYPT_WAIT },
    );
    await unlockLibrary(page);
    await expect(page.getByLabel('Negotiation title')).toHaveValue('US–Iran nuclear talks');

    // And the recovery key opens it when the passphrase is lost.
    server = await restart(page, server);
    await page.getByRole('button', { name: 'Use the recovery key instead' }).click();
    await page.getByRole('textbox', { name: 'Recovery key' }).fill(recoveryKey.toLowerCase());
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('link', { name: 'US–Iran nuclear talks' })).toBeVisible();
  } finally {
    await page.goto('about:blank');
    await server.stop();
  }
});

test('the passphrase is changed in Settings, and the library locks itself when left alone', async ({
  page,
  parley,
}) => {
  let server: ParleyServer = parley;
  try {
    await setUpLibrary(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    const security = page.getByRole('region', { name: 'Security' });
    await security.getByLabel('Passphrase now').fill('wrong old passphrase');
    await security.getByLabel('New passphrase', { exact: true }).fill('a brand new passphrase');
    await security.getByLabel('New passphrase again').fill('a brand new passphrase');
    await security.getByRole('button', { name: 'Change passphrase' }).click();
    await expect(security.getByLabel('Passphrase now')).toHaveAccessibleDescription(
      'That is not your passphrase as it is now.',
      { timeout: SCRYPT_WAIT },
    );
    await security.getByLabel('Passphrase now').fill(PASSPHRASE);
    await security.getByRole('button', { name: 'Change passphrase' }).click();
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      'Passphrase changed.',
      { timeout: SCRYPT_WAIT },
    );

    // Lock now: the unlock screen; the old passphrase no longer opens it, the new one does.
    await security.getByRole('button', { name: 'Lock now' }).click();
    await expect(page.getByRole('heading', { name: 'Parley is locked' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByLabel('Passphrase', { exact: true })).toHaveAccessibleDescription(
      'That passphrase does not unlock this library.',
      { timeout: SCRYPT_WAIT },
    );
    await unlockLibrary(page, 'a brand new passphrase');

    // Left alone for the shortest idle time, it locks itself and says why. (Unlocked, the page
    // is where it was: Settings.)
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const minutes = page.getByLabel('Lock after minutes without use (0: never)');
    await minutes.fill('1');
    await minutes.press('Tab');
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      'Security settings saved.',
    );
    await expect(page.getByRole('heading', { name: 'Parley is locked' })).toBeVisible({
      timeout: 75_000,
    });
    await expect(page.getByText('Parley locked itself after a while without use.')).toBeVisible();
    await unlockLibrary(page, 'a brand new passphrase');

    // The new passphrase holds after a restart.
    server = await restart(page, server);
    await unlockLibrary(page, 'a brand new passphrase');
  } finally {
    // Off the page first: a call still in flight would otherwise fail as the server stops.
    await page.goto('about:blank');
    await server.stop();
  }
});
