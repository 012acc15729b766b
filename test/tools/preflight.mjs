// `node test/tools/preflight.mjs [PACKAGE…]`: runs before the tests (and the benchmarks) so a
// fresh machine gets the browser and tools they need instead of dozens of baffling failures.
// Where something is missing it installs it with apt-get when it may (root, or password-less
// sudo), and otherwise stops with one line saying what to run. Naming packages checks only those.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './chromium.mjs';

/**
 * What the tests need from the system, one Debian package a row. Each row also says how to see
 * it is there without asking dpkg, so a machine that has the tool some other way passes too:
 * `chromium` (see chromium.mjs), `commands` on the PATH, or font `families` fontconfig knows.
 */
export const REQUIREMENTS = [
  { debian: 'chromium', neededBy: 'the browser tests', chromium: true },
  // Persian, Arabic and Hebrew quotes in exported PDFs render right-to-left and shaped only
  // with these faces; without them Chromium falls back to boxes and the PDF tests fail.
  {
    debian: 'fonts-noto-core',
    neededBy: 'the PDF tests',
    families: ['Noto Sans Arabic', 'Noto Sans Hebrew'],
  },
  // The briefing tests read exported PDFs back as text and check their metadata.
  { debian: 'poppler-utils', neededBy: 'the PDF tests', commands: ['pdftotext', 'pdfinfo'] },
  { debian: 'qpdf', neededBy: 'the PDF tests', commands: ['qpdf'] },
  // The Word export tests convert what Parley writes with LibreOffice to prove it opens.
  { debian: 'libreoffice-writer-nogui', neededBy: 'the Word export tests', commands: ['soffice'] },
];

/** The executable called `command` on `env.PATH`, or null. */
export function onPath(command, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

function hasFamilies(families, env) {
  const fcList = onPath('fc-list', env);
  if (!fcList) return false;
  const result = spawnSync(fcList, [':', 'family'], { encoding: 'utf8', env });
  if (result.status !== 0) return false;
  // One line per face; a face with several names lists them separated by commas.
  const known = new Set(
    result.stdout.split('\n').flatMap((line) => line.split(',').map((f) => f.trim().toLowerCase())),
  );
  return families.every((family) => known.has(family.toLowerCase()));
}

function isPresent(requirement, { env, debianChromium, managedChromium }) {
  if (requirement.chromium) {
    // A PARLEY_CHROMIUM that points at nothing was refused before anything is checked.
    return findChromium({ env, debianPath: debianChromium, managedPath: managedChromium }) !== null;
  }
  if (requirement.families && !hasFamilies(requirement.families, env)) return false;
  return (requirement.commands ?? []).every((command) => onPath(command, env) !== null);
}

/** How this process may install packages: as root, through password-less sudo, or not at all. */
export function currentPrivilege(env = process.env) {
  if (process.getuid?.() === 0) return 'root';
  const sudo = onPath('sudo', env);
  if (sudo && spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', env }).status === 0) {
    return 'sudo';
  }
  return null;
}

/** Runs one apt-get step quietly; its output is shown only if it fails. */
export function runApt(argv, env = process.env) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env });
  return {
    status: result.status ?? 1,
    output: `${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`,
  };
}

const list = (items) => [...new Set(items)].join(', ');

/**
 * Checks (and where it may, installs) what the tests need; returns the exit code. The system
 * commands are parameters so the decisions can be tested without root or a real apt-get.
 * @param {{
 *   env?: NodeJS.ProcessEnv,
 *   only?: string[],
 *   debianChromium?: string,
 *   managedChromium?: () => string | null,
 *   privilege?: (env: NodeJS.ProcessEnv) => 'root' | 'sudo' | null,
 *   apt?: (argv: string[], env: NodeJS.ProcessEnv) => { status: number, output: string },
 *   print?: (line: string) => void,
 * }} [options]
 */
export function preflight({
  env = process.env,
  only = [],
  debianChromium,
  managedChromium,
  privilege = currentPrivilege,
  apt = runApt,
  print = (line) => console.log(line),
} = {}) {
  const unknown = only.filter((name) => !REQUIREMENTS.some((r) => r.debian === name));
  if (unknown.length > 0) {
    print(
      `Parley tests: unknown package ${list(unknown)}; choose from ${list(REQUIREMENTS.map((r) => r.debian))}.`,
    );
    return 2;
  }
  const rows = REQUIREMENTS.filter((r) => only.length === 0 || only.includes(r.debian));
  const probe = { env, debianChromium, managedChromium };

  // The one thing apt-get cannot fix: a Chromium the user named explicitly that is not there.
  if (rows.some((r) => r.chromium) && env.PARLEY_CHROMIUM && !existsSync(env.PARLEY_CHROMIUM)) {
    print(
      `Parley tests: PARLEY_CHROMIUM is ${env.PARLEY_CHROMIUM}, but there is no file there; point it at a Chromium executable, or unset it to use Debian's.`,
    );
    return 1;
  }

  const missing = rows.filter((r) => !isPresent(r, probe));
  if (missing.length === 0) return 0;
  const packages = missing.map((r) => r.debian);
  const neededBy = list(missing.map((r) => r.neededBy));
  const how = onPath('apt-get', env) ? privilege(env) : null;

  if (!how) {
    if (onPath('apt-get', env)) {
      print(
        `Parley tests need Debian packages that are missing: sudo apt-get install -y ${packages.join(' ')}`,
      );
    } else {
      print(
        `Parley tests need ${list(packages)} (for ${neededBy}), which are missing: install them with your system's package manager${
          packages.includes('chromium') ? ', or set PARLEY_CHROMIUM to a Chromium executable' : ''
        }.`,
      );
    }
    return 1;
  }

  print(`Parley tests: installing ${list(packages)} with apt-get (needed by ${neededBy})…`);
  // `env` rather than the variable in our own environment: sudo drops the caller's environment.
  const asRoot = [
    ...(how === 'sudo' ? ['sudo', '-n'] : []),
    'env',
    'DEBIAN_FRONTEND=noninteractive',
  ];
  // Another install on a shared machine holds dpkg's lock for a while: wait for it, not fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  for (const step of [
    ['apt-get', 'update', '-qq', ...wait],
    ['apt-get', 'install', '-y', '-qq', ...wait, ...packages],
  ]) {
    const result = apt([...asRoot, ...step], env);
    if (result.status !== 0) {
      if (result.output.trim()) print(result.output.trimEnd());
      print(
        `Parley tests: \`${step.slice(0, 2).join(' ')}\` failed (exit ${result.status}, output above); run \`sudo apt-get install -y ${packages.join(' ')}\` yourself and try again.`,
      );
      return 1;
    }
  }

  const still = missing.filter((r) => !isPresent(r, probe)).map((r) => r.debian);
  if (still.length > 0) {
    print(
      `Parley tests: apt-get installed ${list(packages)}, but ${list(still)} still cannot be found; check the PATH and \`dpkg -L ${still[0]}\`.`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = preflight({ only: process.argv.slice(2) });
}
