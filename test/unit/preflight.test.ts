import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findChromium, playwrightChromium } from '../tools/chromium.mjs';
import { onPath, preflight, type AptResult, type Privilege } from '../tools/preflight.mjs';

// The preflight decides from what is on the PATH and on disk; these tests give it a temp folder
// of fake programs as its whole PATH and fake Chromium files, and stand in only for the two
// things a test must not really do: be root and run apt-get.
let dir: string;
let bin: string;
let env: NodeJS.ProcessEnv;
let debianChromium: string;
let managed: string;

function program(name: string, script = 'exit 0') {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** fontconfig as fonts-noto-core leaves it: one face a line, aliases after commas. */
function fonts(...lines: string[]) {
  program('fc-list', `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')}`);
}

function everythingButChromium() {
  for (const name of ['pdftotext', 'pdfinfo', 'qpdf', 'soffice', 'apt-get']) program(name);
  fonts('Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew,Noto Sans Hebrew Regular');
}

function run(options: {
  privilege?: Privilege;
  apt?: (argv: string[]) => AptResult;
  only?: string[];
  env?: NodeJS.ProcessEnv;
}) {
  const lines: string[] = [];
  const aptCalls: string[][] = [];
  const code = preflight({
    env: options.env ?? env,
    only: options.only ?? [],
    debianChromium,
    managedChromium: () => managed,
    privilege: () => options.privilege ?? null,
    apt: (argv) => {
      aptCalls.push(argv);
      return options.apt ? options.apt(argv) : { status: 0, output: '' };
    },
    print: (line) => lines.push(line),
  });
  return { code, lines, aptCalls };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-preflight-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  env = { PATH: bin };
  debianChromium = join(dir, 'usr-bin-chromium');
  managed = join(dir, 'ms-playwright', 'chrome');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('takes PARLEY_CHROMIUM first, then Debian’s, then one Playwright already has', () => {
    const options = { debianPath: debianChromium, managedPath: () => managed };
    expect(findChromium({ env: {}, ...options })).toBeNull();

    mkdirSync(join(dir, 'ms-playwright'));
    writeFileSync(managed, '');
    expect(findChromium({ env: {}, ...options })).toEqual({ path: managed, source: 'Playwright' });

    writeFileSync(debianChromium, '');
    expect(findChromium({ env: {}, ...options })).toEqual({
      path: debianChromium,
      source: 'Debian',
    });

    const mine = join(dir, 'my-chromium');
    expect(findChromium({ env: { PARLEY_CHROMIUM: mine }, ...options })).toEqual({
      path: mine,
      source: 'PARLEY_CHROMIUM',
    });
  });

  it('asks Playwright’s registry where its Chromium would be, without downloading it', () => {
    const path = playwrightChromium();
    expect(path).not.toBeNull();
    expect(isAbsolute(path!)).toBe(true);
  });
});

describe('preflight', () => {
  it('says nothing and installs nothing when everything is there', () => {
    everythingButChromium();
    writeFileSync(debianChromium, '');
    expect(run({ privilege: 'root' })).toEqual({ code: 0, lines: [], aptCalls: [] });
  });

  it('accepts a Chromium that Playwright already manages', () => {
    everythingButChromium();
    mkdirSync(join(dir, 'ms-playwright'));
    writeFileSync(managed, '');
    expect(run({ privilege: 'root' }).aptCalls).toEqual([]);
  });

  it('without root stops with one line giving the exact command', () => {
    everythingButChromium();
    rmSync(join(bin, 'pdftotext'));
    const result = run({ privilege: null });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'Parley tests need Debian packages that are missing: sudo apt-get install -y chromium poppler-utils',
    ]);
    expect(result.aptCalls).toEqual([]);
  });

  it('as root says in one line what it installs, then installs exactly the missing packages', () => {
    everythingButChromium();
    rmSync(join(bin, 'soffice'));
    const result = run({
      privilege: 'root',
      apt: (argv) => {
        if (argv.includes('install')) {
          writeFileSync(debianChromium, '');
          program('soffice');
        }
        return { status: 0, output: 'Selecting previously unselected package chromium.' };
      },
    });
    expect(result.lines).toEqual([
      'Parley tests: installing chromium, libreoffice-writer-nogui with apt-get (needed by the browser tests, the Word export tests)…',
    ]);
    expect(result.aptCalls).toEqual([
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'update',
        '-qq',
        '-o',
        'DPkg::Lock::Timeout=600',
      ],
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-qq',
        '-o',
        'DPkg::Lock::Timeout=600',
        'chromium',
        'libreoffice-writer-nogui',
      ],
    ]);
    expect(result.code).toBe(0);
  });

  it('goes through sudo -n where password-less sudo is allowed', () => {
    everythingButChromium();
    rmSync(join(bin, 'qpdf'));
    const result = run({
      privilege: 'sudo',
      apt: (argv) => {
        if (argv.includes('install')) program('qpdf');
        return { status: 0, output: '' };
      },
    });
    expect(result.code).toBe(1); // Chromium is still missing: this fake apt did not bring it.
    expect(result.aptCalls.map((argv) => argv.slice(0, 5))).toEqual([
      ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'],
      ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'],
    ]);
    expect(result.lines.at(-1)).toBe(
      'Parley tests: apt-get installed chromium, qpdf, but chromium still cannot be found; check the PATH and `dpkg -L chromium`.',
    );
  });

  it('shows apt-get’s output only when it fails, and stops before the tests', () => {
    everythingButChromium();
    const result = run({
      privilege: 'root',
      apt: (argv) =>
        argv.includes('install')
          ? { status: 100, output: 'E: Unable to locate package chromium\n' }
          : { status: 0, output: 'lots of index lines' },
    });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      'Parley tests: installing chromium with apt-get (needed by the browser tests)…',
      'E: Unable to locate package chromium',
      'Parley tests: `apt-get install` failed (exit 100, output above); run `sudo apt-get install -y chromium` yourself and try again.',
    ]);
  });

  it('off Debian names what is missing and never tries apt-get, even as root', () => {
    everythingButChromium();
    rmSync(join(bin, 'apt-get'));
    const result = run({ privilege: 'root' });
    expect(result.code).toBe(1);
    expect(result.aptCalls).toEqual([]);
    expect(result.lines).toEqual([
      "Parley tests need chromium (for the browser tests), which are missing: install them with your system's package manager, or set PARLEY_CHROMIUM to a Chromium executable.",
    ]);
  });

  it('refuses a PARLEY_CHROMIUM that points at nothing instead of using another browser', () => {
    everythingButChromium();
    writeFileSync(debianChromium, '');
    const missing = join(dir, 'nowhere', 'chromium');
    const result = run({ privilege: 'root', env: { ...env, PARLEY_CHROMIUM: missing } });
    expect(result.code).toBe(1);
    expect(result.aptCalls).toEqual([]);
    expect(result.lines).toEqual([
      `Parley tests: PARLEY_CHROMIUM is ${missing}, but there is no file there; point it at a Chromium executable, or unset it to use Debian's.`,
    ]);
  });

  it('checks the Arabic and Hebrew faces, not just any Noto font', () => {
    everythingButChromium();
    writeFileSync(debianChromium, '');
    fonts('Noto Sans', 'Noto Sans Arabic');
    expect(run({ privilege: null }).lines).toEqual([
      'Parley tests need Debian packages that are missing: sudo apt-get install -y fonts-noto-core',
    ]);
  });

  it('checks only the packages it is given (the benchmarks need only Chromium)', () => {
    program('apt-get');
    writeFileSync(debianChromium, '');
    expect(run({ privilege: null, only: ['chromium'] }).code).toBe(0);
    expect(run({ privilege: null }).lines).toEqual([
      'Parley tests need Debian packages that are missing: sudo apt-get install -y fonts-noto-core poppler-utils qpdf libreoffice-writer-nogui',
    ]);
    expect(run({ only: ['chrome'] })).toMatchObject({ code: 2 });
  });
});

describe('onPath', () => {
  it('finds only executable files', () => {
    writeFileSync(join(bin, 'qpdf'), '');
    mkdirSync(join(bin, 'soffice'));
    expect(onPath('qpdf', env)).toBeNull();
    expect(onPath('soffice', env)).toBeNull();
    expect(onPath('pdftotext', { PATH: `${join(dir, 'none')}:${bin}` })).toBeNull();
    expect(onPath('pdfinfo', { PATH: `${join(dir, 'none')}:${bin}` })).toBeNull();
    const pdfinfo = program('pdfinfo');
    expect(onPath('pdfinfo', { PATH: `${join(dir, 'none')}:${bin}` })).toBe(pdfinfo);
  });
});
