/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import { hostNodeFlags } from '../../main/tools/web-binding.mjs';

export interface ParleyServer {
  url: string;
  dbPath: string;
  /** The library's key (the file passed as --key-file), or null when the page asks for it. */
  key: Buffer | null;
  /** Stops the server (SIGTERM), as Ctrl+C would; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node out/main/web.js` (what `npm run web` runs) on a fresh database. The library is
 * encrypted, as always; its key is given with --key-file (as a test's own), unless `locked`
 * asks for the unlock and setup screens.
 */
export async function startServer(
  dbPath: string,
  { locked = false, key = randomBytes(32) }: { locked?: boolean; key?: Buffer } = {},
): Promise<ParleyServer & { child: ChildProcess }> {
  // Kept outside the data folder: a test may search that folder for anything in the clear.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'parley-key-')), 'key');
  if (!locked) writeFileSync(keyFile, key.toString('hex'), { mode: 0o600 });
  // With the flags `npm run web` gives it (main/tools/web-binding.mjs).
  const args = [...hostNodeFlags(), 'out/main/web.js', '--db', dbPath, '--port', '0'];
  if (!locked) args.push('--key-file', keyFile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^Parley web: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`web binding exited (${code}): ${stderr}`)));
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A binding that dies on its own is a failure worth its own words in the test's output.
      if (!stopping)
        console.error(`The web binding stopped by itself (${code ?? signal}): ${stderr}`);
      resolve(code);
    }),
  );
  return {
    url,
    dbPath,
    key: locked ? null : key,
    child,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Every test gets its own empty database and server, and fails if the page logs an error or
 * the Content-Security-Policy blocks anything.
 */
export const test = base.extend<{ parley: ParleyServer; problems: string[]; locked: boolean }>({
  /** Start without the key (the page shows setup, then the unlock screen). */
  locked: [false, { option: true }],
  parley: async ({ locked }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
    const server = await startServer(join(dir, 'parley.sqlite'), { locked });
    await use(server);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  },
  problems: async ({}, use) => {
    await use([]);
  },
  page: async ({ page, parley, problems }, use) => {
    page.on('console', (message) => {
      // The CSP listener below is itself a script, and a briefing preview frame (sandboxed,
      // script-less by design) rightly refuses to run it.
      if (/^Blocked script execution in '[^']*\/briefing\//.test(message.text())) return;
      // Likewise the document viewer's frame (about:srcdoc), sandboxed without scripts.
      if (message.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(parley.url);
    await use(page);
    expect(problems, 'errors logged by the page').toEqual([]);
  },
});

export { expect };

/** Creates a negotiation through the UI and waits for its page. */
export async function createNegotiation(
  page: Page,
  options: {
    title: string;
    summary?: string;
    parties: { name: string; code: string; role?: string }[];
    issues: string[];
  },
): Promise<void> {
  await page
    .getByRole('link', { name: /new negotiation|create your first negotiation/i })
    .first()
    .click();
  await page.getByLabel('Title').fill(options.title);
  if (options.summary) await page.getByLabel('Summary').fill(options.summary);
  for (const [i, party] of options.parties.entries()) {
    if (i >= 2) await page.getByRole('button', { name: 'Add party' }).click();
    await page.getByLabel(`Party ${i + 1} name`).fill(party.name);
    await page.getByLabel(`Party ${i + 1} short code`).fill(party.code);
    if (party.role)
      await page.getByLabel(`Party ${i + 1} role`).selectOption({ label: party.role });
  }
  for (const [i, issue] of options.issues.entries()) {
    if (i >= 1) await page.getByRole('button', { name: 'Add issue' }).click();
    await page.getByLabel(`Issue ${i + 1}`, { exact: true }).fill(issue);
  }
  await page.getByRole('button', { name: 'Create negotiation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: options.title })).toBeVisible();
}

/**
 * Opens a card of the overview for editing, as the officer would, by clicking its reading face:
 * a party ("party: Iran", with its people) or an issue ("issue 2"). Its fields are hidden until
 * then (a card just added opens by itself).
 */
export async function openCard(page: Page, label: string): Promise<void> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('button', { name: new RegExp(`^Edit ${escaped}[.:]`) }).click();
}
