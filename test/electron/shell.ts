// What every Electron spec needs first: the app's folder, and why the real shell cannot run
// here (null when it can), so each spec skips with that reason instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronBindingPath } from '../../main/tools/native-paths.mjs';

export const root = process.cwd();
const electronDir = join(root, 'node_modules', 'electron');

export function whyElectronCannotRun(): string | null {
  let binary: string;
  try {
    binary = join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim());
  } catch {
    return 'the Electron binary is not installed (node_modules/electron/path.txt is missing)';
  }
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const binding = electronBindingPath(root, version, process.platform, process.arch);
  if (!existsSync(binding)) {
    return `better-sqlite3-multiple-ciphers has not been built for Electron (${binding})`;
  }
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'the app has not been built';
  return null;
}
