import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBindingPath } from '../../main/tools/native-paths.mjs';
import { setUpLibrary } from '../e2e/security';

// Parley never touches the network — not for fonts, updates, or spell-checking dictionaries
// (which Chromium fetches from a Google server unless told otherwise). Chromium's own network
// log, kept for the whole run, is read back: no request may leave for any origin but the app's.
const root = process.cwd();
const electronDir = join(root, 'node_modules', 'electron');

function whyNot(): string | null {
  try {
    const binary = join(
      electronDir,
      'dist',
      readFileSync(join(electronDir, 'path.txt'), 'utf8').trim(),
    );
    if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  } catch {
    return 'the Electron binary is not installed (node_modules/electron/path.txt is missing)';
  }
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  if (!existsSync(electronBindingPath(root, version, process.platform, process.arch))) {
    return 'better-sqlite3-multiple-ciphers has not been built for Electron';
  }
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'the app has not been built';
  return null;
}

const reason = whyNot();
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
