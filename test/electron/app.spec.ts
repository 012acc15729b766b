import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { root, whyElectronCannotRun } from './shell';
import { setUpLibrary, unlockLibrary } from '../e2e/security';
import { recordFirstSlice } from '../e2e/slice';

// The real desktop app, driven by Playwright. It needs Electron's binary (downloaded on first
// `npm start`) and better-sqlite3 built for Electron; where either is missing the spec says
// why and skips, and the same slice is covered through the web binding.
const reason = whyElectronCannotRun();
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
      // The library is encrypted from the first start; here with a passphrase, which opens it
      // whether or not the test machine has a keyring.
      await setUpLibrary(page);
      await recordFirstSlice(page, async () => {
        // A real restart: quit the app, start it again on the same data folder.
        const hash = new URL(page.url()).hash;
        await app.close();
        app = await launch();
        page = await app.firstWindow();
        await unlockLibrary(page);
        await page.evaluate((h) => (location.hash = h), hash);
        return page;
      });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('is locked down: no new windows, no foreign navigation, no Node, a frozen bridge, no sub-frame IPC', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'parley-electron-'));
    const app = await electron.launch({
      args: [root],
      env: { ...process.env, PARLEY_USER_DATA: userData },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const home = page.url();
      expect(home).toMatch(/^app:\/\/parley\//);

      // No Node in the page: the sandbox and context isolation hold.
      expect(
        await page.evaluate(() => {
          const w = window as unknown as Record<string, unknown>;
          return [typeof w.require, typeof w.process, typeof w.module, typeof w.Buffer];
        }),
      ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);

      // The preload's object is frozen: the page can neither replace nor add to it.
      expect(
        await page.evaluate(() => {
          const bridge = (window as unknown as { parley: Record<string, unknown> }).parley;
          const invoke = bridge.invoke;
          try {
            bridge.invoke = () => 'hijacked';
          } catch {
            // Strict-mode code throws on a frozen object; either way nothing changes.
          }
          try {
            bridge.extra = 1;
          } catch {
            // As above.
          }
          return {
            frozen: Object.isFrozen(bridge),
            same: bridge.invoke === invoke,
            extra: 'extra' in bridge,
          };
        }),
      ).toEqual({ frozen: true, same: true, extra: false });

      // window.open is denied: no window appears.
      const windows = app.windows().length;
      expect(await page.evaluate(() => window.open('https://example.org/') === null)).toBe(true);
      expect(await page.evaluate(() => window.open('app://parley/index.html') === null)).toBe(true);
      await page.waitForTimeout(500);
      expect(app.windows()).toHaveLength(windows);

      // Navigation away from the app is blocked, whatever the scheme.
      for (const target of ['https://example.org/', 'file:///etc/passwd', 'http://127.0.0.1:9/']) {
        await page.evaluate((url) => {
          location.href = url;
        }, target);
        await page.waitForTimeout(300);
        expect(page.url(), target).toBe(home);
      }
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

      // A sub-frame gets no bridge to call with…
      expect(
        await page.evaluate(async () => {
          const frame = document.createElement('iframe');
          frame.title = 'Test frame';
          document.body.append(frame);
          await new Promise((resolve) => setTimeout(resolve, 100));
          return typeof (frame.contentWindow as unknown as Record<string, unknown>).parley;
        }),
      ).toBe('undefined');
      // …and a call arriving from it is refused by main, checked with the real frame objects.
      const answer = await app.evaluate(async ({ ipcMain, webContents }) => {
        const contents = webContents
          .getAllWebContents()
          .find((c) => c.getURL().startsWith('app://parley/'));
        const sub = contents?.mainFrame.frames[0];
        // Electron keeps `ipcMain.handle` handlers here; calling one is what an invoke does.
        const handlers = (
          ipcMain as unknown as {
            _invokeHandlers?: Map<string, (event: unknown, input: unknown) => void>;
          }
        )._invokeHandlers;
        const handler = handlers?.get('negotiations:list');
        if (!contents || !sub || !handler) return 'test setup failed: no frame or handler';
        return new Promise((resolve) => {
          handler({ sender: contents, senderFrame: sub, _reply: resolve, _throw: resolve }, {});
        });
      });
      expect(JSON.parse(String(answer))).toMatchObject({
        ok: false,
        error: { message: 'Refused: the call did not come from Parley’s window.' },
      });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
