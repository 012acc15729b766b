import type { WebPreferences } from 'electron';

/**
 * The renderer's sandbox, from Electron's security checklist. Kept in its own module (types only
 * from electron) so a unit test under plain Node can check none of it is ever weakened.
 */
/**
 * Spell-checking only where the system checks spelling itself (macOS): on Windows and Linux
 * Chromium would download Hunspell dictionaries from a Google server, and Parley never touches
 * the network.
 */
export const spellCheckHere = (platform: NodeJS.Platform = process.platform) =>
  platform === 'darwin';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: spellCheckHere(),
  };
}

/**
 * The hidden window that prints briefs to PDF: the same sandbox, no preload (it needs no
 * bridge) and no JavaScript at all — it only lays out a document of ours.
 */
export function printWebPreferences(): WebPreferences {
  const { preload: _none, spellcheck: _off, ...sandbox } = secureWebPreferences('');
  return { ...sandbox, javascript: false, spellcheck: false };
}

/** The app's own origin: pages are served from `app://parley/`, never from file: or http:. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Whether a URL belongs to the app itself (anything else is refused or opened nowhere). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
