// Which Chromium the browser tests and the benchmarks drive. One module, so the preflight that
// checks for it and playwright.config.ts that launches it can never disagree.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Where Playwright keeps the Chromium it manages, whether or not one was ever installed there.
 * Only reads Playwright's registry: never downloads (a download fails on these machines).
 */
export function playwrightChromium() {
  try {
    // Loaded lazily: most machines have Debian's Chromium and never need playwright-core here.
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/**
 * `PARLEY_CHROMIUM` if set (even if nothing is there: the preflight then says so rather than
 * quietly using another browser), else Debian's, else one Playwright already has.
 */
export function findChromium({
  env = process.env,
  debianPath = DEBIAN_CHROMIUM,
  managedPath = playwrightChromium,
} = {}) {
  if (env.PARLEY_CHROMIUM) return { path: env.PARLEY_CHROMIUM, source: 'PARLEY_CHROMIUM' };
  if (existsSync(debianPath)) return { path: debianPath, source: 'Debian' };
  const managed = managedPath();
  if (managed && existsSync(managed)) return { path: managed, source: 'Playwright' };
  return null;
}
