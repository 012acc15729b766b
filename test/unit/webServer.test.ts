import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../main/web/server';
import { tempApp, tempDir } from './helpers';

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const { events, dispatch } = tempApp();
  const staticDir = tempDir();
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Parley</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ dispatch, events, staticDir });
  return server;
}

function call(
  s: WebServer,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: `127.0.0.1:${s.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (s: WebServer, token: string, body: unknown, headers: Record<string, string> = {}) =>
  call(s, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'application/json', 'x-parley-token': token, ...headers },
    body: JSON.stringify(body),
  });

describe('web binding', () => {
  it('listens on loopback only and prints a URL carrying the token', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${s.token}`);
    expect(s.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers the dispatch with the right token', async () => {
    const s = await start();
    const res = await invoke(s, s.token, { channel: 'negotiations:list', input: {} });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses calls without the token, with a wrong one, or from another origin', async () => {
    const s = await start();
    const body = { channel: 'negotiations:create', input: { title: 'Stolen' } };
    expect((await invoke(s, '', body)).status).toBe(403);
    expect((await invoke(s, 'x'.repeat(s.token.length), body)).status).toBe(403);
    expect((await invoke(s, s.token, body, { origin: 'http://evil.example' })).status).toBe(403);
    const list = await invoke(s, s.token, { channel: 'negotiations:list', input: {} });
    expect(JSON.parse(list.body).value).toEqual([]);
  });

  it('refuses another Host (DNS rebinding)', async () => {
    const s = await start();
    const res = await call(s, { headers: { host: `evil.example:${s.port}` } });
    expect(res.status).toBe(421);
  });

  it('refuses bodies that are too large or not JSON', async () => {
    const s = await start();
    const huge = await call(s, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'x-parley-token': s.token },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(huge.status).toBe(413);
    const bad = await call(s, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'x-parley-token': s.token },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe('The request is not valid JSON.');
    // Sending tens of megabytes over loopback is slow on a busy machine; nothing here is timed.
  }, 120_000);

  it('serves the renderer with the security headers, and nothing outside it', async () => {
    const s = await start();
    const page = await call(s, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await call(s, { path: '/assets/app.js' })).headers['content-type']).toMatch(
      /javascript/,
    );
    for (const path of [
      '/../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/../../x',
      '/nope',
    ]) {
      expect((await call(s, { path })).status).toBe(404);
    }
  });
});
