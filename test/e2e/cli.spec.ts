import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { hostNodeFlags } from '../../main/tools/web-binding.mjs';
import { startServer } from './fixtures';

// `npm run web` as a user runs it: the line it prints, where it keeps data, how it stops.
test.describe('npm run web', () => {
  let dir: string;
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the address with its token, serves the app, and closes the database on Ctrl+C', async ({
    request,
  }) => {
    const dbPath = join(dir, 'talks.sqlite');
    const server = await startServer(dbPath);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const page = await request.get(server.url);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(existsSync(dbPath)).toBe(true);

    let output = '';
    server.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.child.kill('SIGINT');
    expect(await server.stop()).toBe(0);
    expect(output).toContain('database closed');
    // A clean close checkpoints the write-ahead log and removes it.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });

  test('runs the binding with V8’s helper pool sized, and stops it on SIGTERM', async () => {
    // As `npm run web` starts it: main/tools/web.mjs builds if need be, then starts the binding
    // in a process of its own with the flags a data host needs (main/tools/web-binding.mjs).
    const dbPath = join(dir, 'talks.sqlite');
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const web = spawn(
      process.execPath,
      ['main/tools/web.mjs', '--db', dbPath, '--port', '0', '--key-file', keyFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => web.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: web.stdout }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('Parley web: http://')) resolve();
      });
      void exited.then((code) => reject(new Error(`npm run web exited (${code})`)));
    });
    // The binding is this process's child, and runs with the pool sized.
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === web.pid;
        } catch {
          return false;
        }
      });
    expect(children).toHaveLength(1);
    const argv = readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0');
    expect(argv).toContain(hostNodeFlags()[0]);
    expect(argv).toContain(join(process.cwd(), 'out', 'main', 'web.js'));
    // A SIGTERM to `npm run web` alone reaches the binding, which closes the database.
    web.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toBe('Parley web: stopped (SIGTERM); database closed.');
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });

  test('without --db keeps its database in the per-user data folder', async () => {
    // Stopped once it has said where its database is, not after a fixed delay, which a busy
    // machine can outlast.
    const web = spawn(process.execPath, ['out/main/web.js'], {
      env: { ...process.env, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => web.once('exit', resolve));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: web.stdout }).on('line', (l) => {
        if (l.includes(' database ')) resolve(l);
      });
      void exited.then((code) => reject(new Error(`the web binding exited (${code})`)));
    });
    web.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(line).toContain(`database ${join(dir, 'Parley', 'parley.sqlite')}`);
    // The library waits there for its setup (a browser has no keychain): the folder is made,
    // private to its owner, and the file comes once the officer has chosen a passphrase.
    expect(statSync(join(dir, 'Parley')).mode & 0o777).toBe(0o700);
  });

  test('explains a bad argument in one line', () => {
    const result = spawnSync(process.execPath, ['out/main/web.js', '--port', 'eighty'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'Parley web: --port must be a number from 0 to 65535, not "eighty".',
    );
  });
});

// `npm start` where Electron's binary is not installed runs the same web binding instead.
test.describe('npm start without Electron', () => {
  let home: string;
  let child: ChildProcess | undefined;
  test.beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'parley-start-'));
  });
  test.afterEach(() => {
    // A failed assertion must not leave the launcher or its web binding running: kill both.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
  });

  const electronDir = join(process.cwd(), 'node_modules', 'electron');
  let binaryInstalled = false;
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    binaryInstalled = existsSync(join(electronDir, 'dist', relative));
  } catch {
    // no path.txt: the binary was never installed
  }

  test('says why in one line, serves the default database in the browser, and stops on SIGTERM', async ({
    request,
  }) => {
    test.skip(
      binaryInstalled,
      'Electron’s binary is installed here, so npm start opens its window',
    );
    // The default database lives under XDG_CONFIG_HOME, here a temp folder, never the user's.
    // Without a display no browser is opened: the test reads the address itself.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      XDG_CONFIG_HOME: home,
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const launcher = spawn(process.execPath, ['main/electron/launch.mjs'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the clean-up above reaches the binding too
    });
    child = launcher;
    const lines: string[] = [];
    let stderr = '';
    launcher.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: launcher.stdout }).on('line', (line) => {
        lines.push(line);
        const m = /^Parley web: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/.exec(line);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`npm start exited (${code}): ${stderr}`)));
    });

    expect(lines[0]).toBe(
      "Parley: Electron's binary is not installed on this machine, so Parley runs in your browser instead:",
    );
    // Straight after it (a "building" line here would mean out/ was not built by `npm run build`).
    expect(lines[1]).toBe(`Parley web: ${url}`);
    const page = await request.get(url);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    // The default library, waiting for its setup in the browser.
    expect(existsSync(join(home, 'Parley'))).toBe(true);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toBe('Parley web: stopped (SIGTERM); database closed.');
    // The lock on the library goes with the process that held it.
    expect(existsSync(join(home, 'Parley', 'parley.sqlite.lock'))).toBe(false);
    expect(stderr).toBe('');
  });
});
