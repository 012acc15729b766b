import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { BRIEFING_CSP, CONTENT_SECURITY_POLICY_HEADER } from '../../shared/security';
import { APP_HOST, APP_SCHEME } from './webPreferences';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready: `app:` behaves like a secure, standard web origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer at app://parley/, with the app's CSP on every response, and the
 * app's own generated documents (briefing previews, print jobs) with a stricter one.
 */
export function serveRenderer(
  rendererDir: string,
  document: (path: string) => string | undefined | Promise<string | undefined>,
): void {
  const root = normalize(rendererDir + sep);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const generated = url.host === APP_HOST ? await document(url.pathname.slice(1)) : undefined;
    if (generated !== undefined) {
      return new Response(generated, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': BRIEFING_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    }
    const path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(root, path));
    if (url.host !== APP_HOST || !file.startsWith(root)) {
      return new Response('Not found', { status: 404 });
    }
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
