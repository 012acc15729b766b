import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { electronBindingPath } from '../../main/tools/native-paths.mjs';
import { recordFirstSlice } from '../e2e/slice';

// The real desktop app, driven by Playwright. It needs Electron's binary (downloaded on first
// `npm start`) and better-sqlite3 built for Electron; where either is missing the spec says
// why and skips, and the same slice is covered through the web binding.
const root = process.cwd();
const electronDir = join(root, 'node_modules', 'electron');

function whyNot(): string | null {
  let binary: string;
  try {
    binary = join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim());
  } catch {
    return 'the Electron binary is not installed (node_modules/electron/path.txt is missing)';
  }
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const binding = electronBindingPath(root, version, process.platform, process.arch);
  if (!existsSync(binding)) return `better-sqlite3 has not been built for Electron (${binding})`;
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'the app has not been built';
  return null;
}

const reason = whyNot();
if (reason) console.log(`Electron end-to-end tests skipped: ${reason}.`);

test.describe('the Electron app', () => {
  test.skip(reason !== null, reason ?? '');

  test('opens its window and records a negotiation, a round and a position', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'parley-electron-'));
    const launch = () =>
      electron.launch({ args: [root], env: { ...process.env, PARLEY_USER_DATA: userData } });
    let app = await launch();
    let page = await app.firstWindow();
    try {
      await recordFirstSlice(page, async () => {
        // A real restart: quit the app, start it again on the same data folder.
        const hash = new URL(page.url()).hash;
        await app.close();
        app = await launch();
        page = await app.firstWindow();
        await page.evaluate((h) => (location.hash = h), hash);
        return page;
      });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
