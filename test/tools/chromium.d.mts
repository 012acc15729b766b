export const DEBIAN_CHROMIUM: string;

/** Where Playwright's registry keeps its Chromium (the file may not exist), or null. */
export function playwrightChromium(): string | null;

export interface FoundChromium {
  path: string;
  source: 'PARLEY_CHROMIUM' | 'Debian' | 'Playwright';
}

/** The Chromium the tests use: `PARLEY_CHROMIUM`, else Debian's, else Playwright's; or null. */
export function findChromium(options?: {
  env?: NodeJS.ProcessEnv;
  debianPath?: string;
  managedPath?: () => string | null;
}): FoundChromium | null;
