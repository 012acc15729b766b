import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { root, whyElectronCannotRun } from './shell';
import { setUpLibrary } from '../e2e/security';

// The desktop habits that only the real shell has: the menu's Print and Export Diagnostics,
// the window reopening where it was, a crashed page coming back with what was typed. Skips,
// saying why, where the Electron binary (or its build of the database driver) is missing.
const reason = whyElectronCannotRun();
if (reason) console.log(`Electron desktop-habit tests skipped: ${reason}.`);

test.describe('the desktop app’s habits', () => {
  test.skip(reason !== null, reason ?? '');

  let userData = '';
  test.beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'parley-electron-'));
  });
  test.afterEach(() => rmSync(userData, { recursive: true, force: true }));
  const launch = () =>
    electron.launch({ args: [root], env: { ...process.env, PARLEY_USER_DATA: userData } });

  test('File has Print… (Ctrl+P) and Settings…; Help has Export Diagnostics…', async () => {
    const app = await launch();
    try {
      const items = await app.evaluate(({ Menu }) => {
        const menu = Menu.getApplicationMenu()!;
        const all = menu.items.flatMap((top) =>
          (top.submenu?.items ?? []).map((i) => ({
            menu: top.label,
            label: i.label,
            accelerator: i.accelerator ?? null,
          })),
        );
        return all;
      });
      expect(items).toContainEqual({ menu: 'File', label: 'Print…', accelerator: 'CmdOrCtrl+P' });
      expect(items).toContainEqual({
        menu: 'File',
        label: 'Settings…',
        accelerator: 'CmdOrCtrl+,',
      });
      expect(items.some((i) => i.label === 'Export Diagnostics…')).toBe(true);
    } finally {
      await app.close();
    }
  });

  test('reopens where and as large as it was', async () => {
    let app = await launch();
    try {
      await app.firstWindow();
      await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]!.setBounds({ x: 40, y: 50, width: 1000, height: 700 }),
      );
      await app.close();
      app = await launch();
      await app.firstWindow();
      const bounds = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]!.getBounds(),
      );
      expect(bounds).toMatchObject({ width: 1000, height: 700 });
    } finally {
      await app.close();
    }
  });

  test('a crashed page is reloaded, says so, and keeps what was typed', async () => {
    const app = await launch();
    try {
      let page = await app.firstWindow();
      await setUpLibrary(page);
      await page.getByRole('button', { name: 'Open sample negotiation', exact: true }).click();
      await page.getByLabel('Negotiation summary').fill('Typed just before the crash');
      await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer(),
      );
      // The same window, its page loaded again; the library stays open in main meanwhile.
      page = await app.firstWindow();
      await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
        'stopped unexpectedly and was reopened',
      );
      await expect(page.getByLabel('Negotiation summary')).toHaveValue(
        'Typed just before the crash',
      );
    } finally {
      await app.close();
    }
  });
});
