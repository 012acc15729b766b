import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/limits';
import { BRIEFING_CSP, CONTENT_SECURITY_POLICY_HEADER } from '../../shared/security';
import type { AppEvents } from '../events';
import type { Dispatch } from '../ipc/dispatch';
import { fileTypeOf } from '../services/files';
import type { Downloads } from './downloads';

// The loopback HTTP binding: the built renderer and the same dispatch the Electron app uses,
// for development and browser tests. It listens on 127.0.0.1 only and every API call must carry
// this run's random token, so other local pages and processes cannot read or change the data.
// It is never part of the packaged app.

/**
 * The largest call. Negotiation files do not come this way but as uploads of their own bytes
 * (/api/import, up to MAX_IMPORT_BYTES whatever their JSON), so a call only carries what a
 * form sends: the longest text Parley takes is well under this.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const TOKEN_HEADER = 'x-parley-token';
/** Owner read and write only, as every file in the data folder (db/backup.ts). */
const PRIVATE_FILE_MODE = 0o600;
/** The upload's file name, URI-encoded (a header carries only ASCII). */
export const FILE_NAME_HEADER = 'x-parley-file-name';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface WebServerOptions {
  dispatch: Dispatch;
  /**
   * Where a request body can go whole (the data worker reads it and answers JSON text), so
   * this thread never parses or serialises data; `dispatch` is used without it.
   */
  dispatchBody?: (body: string) => Promise<{ status: number; json: string }>;
  events: AppEvents;
  /** Prepared briefing documents, for the preview frame. */
  briefingHtml?: (jobId: string) => string | undefined | Promise<string | undefined>;
  /** Exported PDFs waiting to be downloaded. */
  downloads?: Downloads;
  /**
   * Negotiation files uploaded for import: saved in `dir` (the data folder) while they are
   * imported, then removed; `importFile` imports one and answers the result as JSON text.
   */
  imports?: { dir: string; importFile(path: string, fileName: string): Promise<string> };
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const clients = new Set<ServerResponse>();
  let port = 0;

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  // DNS rebinding defence: a page on another origin that resolves its name to 127.0.0.1
  // still sends its own Host, which we refuse.
  const hostAllowed = (req: IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return (
      origin === undefined ||
      origin === `http://127.0.0.1:${port}` ||
      origin === `http://localhost:${port}`
    );
  };

  const unsubscribe = options.events.on((event) => {
    const frame = `event: ${event.channel}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const client of clients) client.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 25_000);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[parley web] request failed:', error);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendText(res, 421, 'Unknown host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST.');
      if (!originAllowed(req) || !tokenMatches(req.headers[TOKEN_HEADER] as string | undefined)) {
        return sendText(res, 403, 'Forbidden.');
      }
      const body = await readBody(req);
      if (body === null) {
        return sendJson(res, 413, {
          ok: false,
          error: {
            code: 'invalid_input',
            message: `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
          },
        });
      }
      if (options.dispatchBody) {
        const { status, json } = await options.dispatchBody(body.toString('utf8'));
        return sendJsonText(res, status, json);
      }
      let message: unknown;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_input', message: 'The request is not valid JSON.' },
        });
      }
      const { channel, input } = (message ?? {}) as { channel?: unknown; input?: unknown };
      return sendJson(res, 200, await options.dispatch(channel, input));
    }

    if (url.pathname === '/api/import') {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST.');
      if (!originAllowed(req) || !tokenMatches(req.headers[TOKEN_HEADER] as string | undefined)) {
        return sendText(res, 403, 'Forbidden.');
      }
      if (!options.imports) return sendText(res, 404, 'Not found.');
      return receiveImport(req, res, options.imports);
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'Use GET.');
      if (!originAllowed(req) || !tokenMatches(url.searchParams.get('token'))) {
        return sendText(res, 403, 'Forbidden.');
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }

    let m = /^\/briefing\/([\w-]{8,64})\.html$/.exec(url.pathname);
    if (m) {
      if (!tokenMatches(url.searchParams.get('token'))) return sendText(res, 403, 'Forbidden.');
      const html = await options.briefingHtml?.(m[1]!);
      if (html === undefined) return sendText(res, 404, 'This brief is no longer prepared.');
      const body = Buffer.from(html);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-security-policy': BRIEFING_CSP,
        'x-frame-options': 'SAMEORIGIN',
        'content-type': 'text/html; charset=utf-8',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      return void res.end(body);
    }

    m = /^\/api\/download\/([\w-]{8,64})$/.exec(url.pathname);
    if (m) {
      if (!tokenMatches(url.searchParams.get('token'))) return sendText(res, 403, 'Forbidden.');
      const file = options.downloads?.take(m[1]!);
      if (!file) return sendText(res, 404, 'This download has expired. Export the brief again.');
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': fileTypeOf(file.fileName).mime,
        'content-length': file.bytes.byteLength,
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'no-store',
      });
      return void res.end(Buffer.from(file.bytes));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Use GET.');
    return serveStatic(url.pathname, req, res);
  }

  async function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse) {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad path.');
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const root = normalize(options.staticDir + sep);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root) || relative.includes('\0')) return sendText(res, 404, 'Not found.');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return sendText(res, 404, 'Not found.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  // The browser, not the server, ends idle connections: a request sent on a kept-alive one
  // just as the server closed it would fail, and an upload is not sent again by the browser.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(keepAlive);
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const tooLarge = (bytes: number) =>
  `This file is ${(bytes / 1024 / 1024).toFixed(1)} MB; Parley imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`;

/**
 * An upload for import: the file's bytes as they are (no JSON around them, so no escaping
 * grows them), written to a private file in the data folder as they arrive, imported from there
 * in the data worker's long lane, and removed. Nothing of it is ever held whole on this thread.
 */
async function receiveImport(
  req: IncomingMessage,
  res: ServerResponse,
  imports: NonNullable<WebServerOptions['imports']>,
): Promise<void> {
  const refuse = (status: number, message: string) => {
    const answer = () =>
      sendJson(res, status, { ok: false, error: { code: 'invalid_input', message } });
    // The rest of the body is read and dropped first: a sender still sending when the answer
    // came would see the connection reset instead of the answer.
    if (req.readableEnded) return answer();
    req.on('end', answer);
    req.resume();
  };
  let fileName: string;
  try {
    fileName = decodeURIComponent(String(req.headers[FILE_NAME_HEADER] ?? '')).slice(0, 1_000);
  } catch {
    return refuse(400, 'The file name is not valid.');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_IMPORT_BYTES) return refuse(413, tooLarge(declared));
  const path = join(imports.dir, `import-${randomBytes(12).toString('hex')}.json`);
  let answer: string | null;
  try {
    const received = await new Promise<number | null>((resolve, reject) => {
      const out = createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE });
      let bytes = 0;
      const stop = () => {
        req.unpipe(out);
        out.destroy();
        resolve(null);
      };
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_IMPORT_BYTES) stop();
      });
      req.on('aborted', () => {
        out.destroy();
        reject(new Error('The upload was interrupted.'));
      });
      out.on('error', reject);
      out.on('finish', () => resolve(bytes > MAX_IMPORT_BYTES ? null : bytes));
      req.pipe(out);
    });
    answer = received === null ? null : await imports.importFile(path, fileName);
  } finally {
    // Gone before the answer goes out: nothing of the file outlives its import.
    await rm(path, { force: true });
  }
  if (answer === null) return refuse(413, tooLarge(Math.max(declared || 0, MAX_IMPORT_BYTES + 1)));
  sendJsonText(res, 200, answer);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else if (!tooBig) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, JSON.stringify(value));
}

function sendJsonText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text);
}
