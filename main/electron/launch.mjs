// `npm start`: open Parley's window. Downloads Electron's binary on first use (as Electron's
// own package does), prepares better-sqlite3 for it, builds if needed, then runs the app.
// Where the binary cannot be had, says so in one line and points to the browser binding.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from '../tools/build-if-needed.mjs';
import { ensureElectronNative } from '../tools/electron-native.mjs';

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

let binary = electronBinary();
if (!binary && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 5 * 60_000,
  });
  binary = electronBinary();
}
if (!binary) {
  console.error(
    'Parley: the Electron binary is not installed and cannot be downloaded on this machine — run `npm run web` to use Parley in your browser instead.',
  );
  process.exit(1);
}

try {
  ensureElectronNative(root);
} catch (error) {
  console.error(
    `Parley: better-sqlite3 could not be prepared for Electron (${error.message}) — run \`npm run web\` to use Parley in your browser instead.`,
  );
  process.exit(1);
}

buildIfNeeded(root);
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
