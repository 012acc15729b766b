// Settings › Desk sync against a real desk sync server on loopback: the server started as a
// desk starts it (`npm run sync-server`'s command, with a token file), the page driving the
// real main process through the web binding. A bad address is refused by field; a wrong token
// is refused by the server and said so; the right one connects; the server going away shows
// as offline and then connected again; Disconnect; the token never reaches the page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { newDeskToken, writeNewTokenFile } from '../../main/sync/token';
import { expect, test } from './fixtures';

interface DeskServer {
  url: string;
  lines: string[];
  stop(): Promise<number | null>;
}

/** Starts the desk's server as the README says, on a free port; resolves once it listens. */
async function startDeskServer(dir: string, tokenFile: string, port = 0): Promise<DeskServer> {
  const child: ChildProcess = spawn(
    join('node_modules', '.bin', 'tsx'),
    ['main/sync/cli.ts', '--dir', dir, '--token-file', tokenFile, '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = / Listening on (ws:\/\/127\.0\.0\.1:\d+), /.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sync server exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    url,
    lines,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

async function useTheme(page: Page, theme: 'Light' | 'Dark') {
  const button = page.getByRole('button', { name: /^Theme: / });
  for (let i = 0; i < 3 && (await button.textContent())?.trim() !== theme; i++)
    await button.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

async function scan(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    // The Desk sync section (its heading's id ends in -sync); the whole page is scanned by the
    // accessibility spec.
    .include('section[aria-labelledby$="-sync"]')
    .setLegacyMode(true)
    .analyze();
  expect(
    violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

async function shot(page: Page, name: string) {
  if (process.env.SHOTS) {
    await page
      .getByRole('region', { name: 'Desk sync' })
      .screenshot({ path: `${process.env.SHOTS}/desk-sync-${name}.png` });
  }
}

test('Settings connects to the desk’s server, refuses a wrong token, and shows the status live', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'parley-desk-'));
  const tokenFile = join(dir, 'desk.token');
  const token = writeNewTokenFile(tokenFile);
  let server = await startDeskServer(join(dir, 'data'), tokenFile);
  try {
    await openSettings(page);
    const sync = page.getByRole('region', { name: 'Desk sync' });
    const status = sync.getByRole('status');
    await expect(status).toContainText('Not connected: Parley touches no network.');
    await expect(sync.getByRole('button', { name: 'Disconnect' })).toBeDisabled();
    await useTheme(page, 'Light');
    await shot(page, 'off-light');
    await scan(page, 'off, light');

    // An address that is not one is refused beside its field, and nothing is tried.
    await sync.getByLabel('Server address').fill(server.url.replace('ws:', 'http:'));
    await sync.getByLabel('Desk token').fill(token);
    await sync.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(sync.getByLabel('Server address')).toHaveAccessibleDescription(
      /must start with ws:\/\//,
    );
    await expect(sync.getByLabel('Server address')).toBeFocused();
    await expect(status).toContainText('Not connected');

    // A wrong token: the server refuses it, and the status says what to do.
    await sync.getByLabel('Server address').fill(server.url);
    await sync.getByLabel('Desk token').fill(newDeskToken());
    await sync.getByRole('button', { name: 'Connect', exact: true }).click();
    // The first connection loads the sync engine (Automerge's WebAssembly) in the data worker:
    // seconds on a busy machine.
    await expect(status).toContainText('Token refused', { timeout: 20_000 });
    await expect(status).toContainText(
      `The server at ${server.url} refused the desk token. Check the token with whoever runs the desk’s server, paste it again and connect.`,
    );
    await shot(page, 'refused-light');
    expect(
      server.lines.some((l) =>
        / Refused a connection from 127\.0\.0\.1: wrong desk token\.$/.test(l),
      ),
    ).toBe(true);

    // The right token, typed with the keyboard and sent with Enter: connected.
    await sync.getByLabel('Desk token').fill(token);
    await sync.getByLabel('Desk token').press('Enter');
    await expect(status).toContainText('Connected', { timeout: 15_000 });
    await expect(status).toContainText(`Connected to ${server.url}. No shared negotiations yet`);
    // The field is emptied; the page knows only the token's last four characters.
    await expect(sync.getByLabel('Desk token')).toHaveValue('');
    await expect(sync.getByLabel('Desk token')).toHaveAccessibleDescription(
      new RegExp(`A token ending in ${token.slice(-4)} is kept in the encrypted library`),
    );
    expect(await page.content()).not.toContain(token);
    await shot(page, 'connected-light');
    await scan(page, 'connected, light');
    await useTheme(page, 'Dark');
    await shot(page, 'connected-dark');
    await scan(page, 'connected, dark');

    // The desk's server stops (SIGTERM, cleanly): Parley says it is offline and keeps trying.
    expect(await server.stop()).toBe(0);
    expect(server.lines.at(-1)).toMatch(/ Stopped; every document is written to the folder\.$/);
    await expect(status).toContainText('Offline', { timeout: 15_000 });
    await expect(status).toContainText('Your work stays here and is sent when the server answers');
    await shot(page, 'offline-dark');
    await scan(page, 'offline, dark');
    // Back on the same port: connected again without a click.
    server = await startDeskServer(
      join(dir, 'data'),
      tokenFile,
      Number(new URL(server.url.replace('ws:', 'http:')).port),
    );
    await expect(status).toContainText('Connected', { timeout: 30_000 });

    // After a reload the address stays and the token is still kept (masked).
    await page.reload();
    await expect(sync.getByLabel('Server address')).toHaveValue(server.url);
    await expect(status).toContainText('Connected');
    await sync.getByRole('button', { name: 'Disconnect' }).click();
    await expect(status).toContainText('Not connected: Parley touches no network.');
    await expect(sync.getByRole('button', { name: 'Disconnect' })).toBeDisabled();
    await useTheme(page, 'Light');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
