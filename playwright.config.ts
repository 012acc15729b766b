import { defineConfig } from '@playwright/test';
import { DEBIAN_CHROMIUM, findChromium } from './test/tools/chromium.mjs';

// Browser tests drive the Chromium the preflight (test/tools/preflight.mjs) checked for, never
// a downloaded one, against the built app served by the real web binding; Electron tests drive
// the real app where its binary exists.
export const CHROMIUM = findChromium()?.path ?? DEBIAN_CHROMIUM;
// The web bindings the tests start print their PDFs with the same browser.
process.env.PARLEY_CHROMIUM = CHROMIUM;

export default defineConfig({
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1360, height: 860 },
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    { name: 'electron', testDir: 'test/electron' },
  ],
});
