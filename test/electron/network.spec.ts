import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { root, whyElectronCannotRun } from './shell';
import { setUpLibrary } from '../e2e/security';

// Parley never touches the network — not for fonts, updates, or spell-checking dictionaries
// (which Chromium fetches from a Google server unless told otherwise). Chromium's own network
// log, kept for the whole run, is read back: no request may leave for any origin but the app's.
const reason = whyElectronCannotRun();
if (reason) console.log(`Electron network test skipped: ${reason}.`);

test('no request leaves for any origin but the app’s own, spell-checking included', async () => {
  test.skip(reason !== null, reason ?? '');
  const userData = mkdtempSync(join(tmpdir(), 'parley-electron-'));
  const netLog = join(userData, 'net-log.json');
  const app = await electron.launch({
    args: [root, `--log-net-log=${netLog}`, '--net-log-capture-mode=Everything'],
    env: { ...process.env, PARLEY_USER_DATA: userData },
  });
  try {
    const page = await app.firstWindow();
    await setUpLibrary(page);
    // Typing misspelt words is what makes Chromium want a dictionary.
    await page.getByRole('link', { name: /create your first negotiation/i }).click();
    await page
      .getByLabel('Summary')
      .fill('Negotiashuns on enrichmant, sanctoins and verifikation.');
    await page.getByLabel('Summary').click({ button: 'right' });
    await page.keyboard.press('Escape');
    await page.waitForTimeout(3000);
  } finally {
    await app.close();
  }
  const log = readFileSync(netLog, 'utf8');
  const urls = [...log.matchAll(/"url":"([a-z-]+:\/\/[^"]+)"/g)].map((m) => m[1]!);
  const foreign = urls.filter(
    (url) => !/^(app:\/\/parley\/|devtools:|chrome:|data:|blob:)/.test(url),
  );
  expect(foreign).toEqual([]);
  rmSync(userData, { recursive: true, force: true });
});
