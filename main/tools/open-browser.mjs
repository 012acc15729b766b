// Opens an address in the user's default browser, where there is a desktop to show it on. Used
// by `npm start` when Parley runs in the browser instead of its own window.
import { spawn } from 'node:child_process';

/**
 * The command that opens an address here, or null without a desktop (a Linux machine with no
 * X or Wayland display, such as a server reached over SSH): there the address is only printed.
 */
export function browserOpener(platform = process.platform, env = process.env) {
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return ['xdg-open'];
  return null;
}

/** Asks the desktop to open `url`; returns whether it tried. Never throws: the address is printed anyway. */
export function openInBrowser(url, platform = process.platform, env = process.env) {
  const opener = browserOpener(platform, env);
  if (!opener) return false;
  const [command, ...args] = opener;
  try {
    const child = spawn(command, [...args, url], {
      env,
      stdio: 'ignore',
      detached: true,
      // `start` needs its empty title argument passed through as written.
      windowsVerbatimArguments: platform === 'win32',
    });
    // A missing opener (no xdg-utils) only means the user opens the printed address themselves.
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
