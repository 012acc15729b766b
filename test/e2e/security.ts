import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const PASSPHRASE = 'correct horse battery staple';

/** How long a step that checks a passphrase may take (scrypt is slow on purpose). */
export const SCRYPT_WAIT = 30_000;

/**
 * First start on a library: a passphrase chosen (where the keychain is offered, "ask at every
 * start"), the recovery key kept, the library opened. Returns the recovery key shown.
 */
export async function setUpLibrary(page: Page, passphrase = PASSPHRASE): Promise<string> {
  const form = page.getByRole('form', { name: /Set up your library|Encrypt your library/ });
  await expect(form).toBeVisible();
  const ask = form.getByRole('radio', { name: 'Ask me for a passphrase at every start' });
  if (await ask.count()) await ask.check();
  await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await form.getByLabel('Passphrase again').fill(passphrase);
  await form.getByRole('button', { name: /^(Set up|Encrypt and continue)$/ }).click();
  const key = page.getByRole('textbox', { name: 'Recovery key' });
  await expect(key).toHaveValue(/^([0-9A-F]{4}-){15}[0-9A-F]{4}$/, { timeout: SCRYPT_WAIT });
  const recoveryKey = await key.inputValue();
  await page.getByRole('checkbox', { name: /I have printed or saved the recovery key/ }).check();
  await page.getByRole('button', { name: 'Open the library' }).click();
  return recoveryKey;
}

/** The unlock screen, answered with the passphrase. */
export async function unlockLibrary(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Parley is locked' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Parley is locked' })).toBeHidden({
    timeout: SCRYPT_WAIT,
  });
}
