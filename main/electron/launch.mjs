// `npm start`: open Parley's window. Downloads Electron's binary on first use (as Electron's
// own package does), prepares better-sqlite3 for it, builds if needed, then runs the app.
// Where the window cannot open, says why in one line and runs Parley in the browser instead,
// through the same web binding as `npm run web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from '../tools/build-if-needed.mjs';
import { ensureElectronNative } from '../tools/electron-native.mjs';
import { openInBrowser } from '../tools/open-browser.mjs';
import { startWebBinding } from '../tools/web-binding.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Electron's binary, ready to run Parley, or why the window cannot open on this machine. */
function prepareElectron() {
  let binary = electronBinary();
  if (!binary && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    spawnSync(process.execPath, [join(electronDir, 'install.js')], {
      stdio: 'ignore',
      timeout: 5 * 60_000,
    });
    binary = electronBinary();
    if (!binary) return { why: "Electron's binary could not be downloaded on this machine" };
  }
  if (!binary) return { why: "Electron's binary is not installed on this machine" };
  // Checked before preparing the driver, which may compile for minutes for a window that
  // could never open.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'there is no display here for a window (neither DISPLAY nor WAYLAND_DISPLAY)' };
  }
  try {
    ensureElectronNative(root);
  } catch (error) {
    return { why: `better-sqlite3 could not be prepared for Electron (${error.message})` };
  }
  return { binary };
}

/** Runs exactly what `npm run web` runs (built if need be), and opens the address it prints where there is a desktop. */
function runInBrowser(why) {
  console.log(`Parley: ${why}, so Parley runs in your browser instead:`);
  buildIfNeeded(root);
  const web = startWebBinding(root, [], ['ignore', 'pipe', 'inherit']);
  let opened = false;
  createInterface({ input: web.stdout }).on('line', (line) => {
    console.log(line);
    const address = /^Parley web: (http:\/\/\S+)$/.exec(line)?.[1];
    if (address && !opened) {
      opened = true;
      openInBrowser(address);
    }
  });
  // `close`, not `exit`: the binding's last line ("database closed") must be printed first.
  web.on('close', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const electron = prepareElectron();
if (electron.why) {
  runInBrowser(electron.why);
} else {
  buildIfNeeded(root);
  const child = spawn(electron.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
