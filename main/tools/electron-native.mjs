// better-sqlite3 (its SQLCipher build, better-sqlite3-multiple-ciphers) is a native module:
// node_modules holds the build for Node (tests, the web binding), and the desktop app needs one
// for Electron's ABI. This builds that second copy
// apart, from a copy of the package, so neither runtime ever needs a manual rebuild:
// first a prebuilt binary (prebuild-install, as better-sqlite3's own install does), else a
// compile against Electron's headers (node-gyp). Both need the network once.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  copyFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { electronBindingPath, SQLITE_PACKAGE } from './native-paths.mjs';

function version(root, name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function run(command, args, cwd) {
  // **Important**: a `nodedir` in npm's config (set on machines that build against Node's own
  // headers) would make node-gyp compile against Node instead of Electron and produce a
  // binary Electron cannot load. Electron's headers must be used, so it is dropped here.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
  );
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status === 0) return null;
  // The most telling line: a network or compiler error rather than the tool's epilogue.
  const lines = (result.stderr || result.stdout || String(result.error ?? '')).trim().split('\n');
  return (
    lines.find((line) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network|error:/i.test(line)) ??
    lines.at(-1) ??
    'failed'
  ).trim();
}

/**
 * Checks a built addon is for Electron's ABI: Node must refuse to load it, naming Electron's
 * NODE_MODULE_VERSION. Guards against any toolchain setting that quietly builds for Node.
 */
function assertElectronAbi(root, file) {
  const abi = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("loaded"); } catch (e) { console.log(e.message); }',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (!probe.stdout.includes(`NODE_MODULE_VERSION ${abi}.`)) {
    throw new Error(
      `the build is not for Electron's ABI ${abi} (${probe.stdout.trim().slice(0, 160)})`,
    );
  }
}

/** npm's own node-gyp: named by npm when run from a script, else found beside npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((path) => path && existsSync(path));
}

/**
 * Returns the path of the Electron-ABI better_sqlite3.node, building it if it is missing.
 * Throws with a short reason when it cannot be built (typically: offline).
 * @param {string} root the project folder
 */
export function ensureElectronNative(root) {
  const electronVersion = version(root, 'electron');
  const target = electronBindingPath(root, electronVersion, process.platform, process.arch);
  if (existsSync(target)) return target;

  const cache = join(root, 'node_modules', '.cache', 'parley-native');
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'work-'));
  try {
    const pkg = join(work, SQLITE_PACKAGE);
    cpSync(join(root, 'node_modules', SQLITE_PACKAGE), pkg, {
      recursive: true,
      filter: (source) => !source.includes(`${join(SQLITE_PACKAGE, 'build')}`),
    });
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    const arch = process.arch;
    const prebuilt = run(
      process.execPath,
      [
        join(root, 'node_modules', 'prebuild-install', 'bin.js'),
        '--runtime',
        'electron',
        '--target',
        electronVersion,
        '--arch',
        arch,
        '--platform',
        process.platform,
      ],
      pkg,
    );
    if (prebuilt !== null) {
      const gyp = nodeGyp();
      if (!gyp) throw new Error(`no prebuilt binary (${prebuilt}) and node-gyp was not found`);
      const compiled = run(
        process.execPath,
        [
          gyp,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          `--arch=${arch}`,
          '--runtime=electron',
          '--dist-url=https://electronjs.org/headers',
        ],
        pkg,
      );
      if (compiled !== null)
        throw new Error(`no prebuilt binary (${prebuilt}); compiling failed (${compiled})`);
    }
    if (!existsSync(built)) throw new Error('the build produced no better_sqlite3.node');
    assertElectronAbi(root, built);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
