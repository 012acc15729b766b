import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
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
    expect(existsSync(join(dir, 'Parley', 'parley.sqlite'))).toBe(true);
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
