// Builds the app (electron-vite) when any source is newer than the last build, so
// `npm run web` and `npm start` always run what is in the tree.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
  'main',
  'renderer',
  'shared',
  'electron.vite.config.ts',
  'svelte.config.js',
  'package.json',
];

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const stampOf = (root) => join(root, 'out', '.build-stamp');

/** @param {string} root the project folder */
export function buildIfNeeded(root) {
  const stamp = stampOf(root);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(
    ...SOURCES.map((s) => join(root, s))
      .filter(existsSync)
      .map(newest),
  );
  if (built >= changed && existsSync(join(root, 'out', 'main', 'web.js'))) return;
  build(root);
}

/**
 * Builds now, whatever the stamp says, and stamps the result. `npm run build` comes here too, so
 * a build made for the tests is never rebuilt under them by a test that runs `npm start`.
 * @param {string} root the project folder
 */
export function build(root) {
  console.log('Parley: building…');
  // The stamp carries the time the build started: a source saved during the build is newer.
  const started = new Date();
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) {
    console.error('Parley: the build failed (see above).');
    process.exit(1);
  }
  writeFileSync(stampOf(root), started.toISOString());
  utimesSync(stampOf(root), started, started);
}
