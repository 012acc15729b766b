import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../main/db/migrations';
import { exportNegotiation } from '../../main/services/exchange';
import { createSample } from '../../main/services/sample';
import { FILE_NAME_HEADER, startWebServer, type WebServer } from '../../main/web/server';
import { MAX_IMPORT_BYTES, type ImportResult, type NegotiationFile } from '../../shared/exchange';
import type { Result } from '../../shared/result';
import { checksum, tempApp, tempDir } from './helpers';

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function upload(
  s: WebServer,
  body: Buffer,
  fileName: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: 'POST',
        path: '/api/import',
        // A connection of its own: a kept-alive one may be closed by the server as it is reused.
        agent: false,
        headers: {
          host: `127.0.0.1:${s.port}`,
          'x-parley-token': s.token,
          [FILE_NAME_HEADER]: encodeURIComponent(fileName),
          'content-type': 'application/octet-stream',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('importing through the web binding', () => {
  it('takes a 100 MB file dense with quotes, and refuses one byte more, saying why', async () => {
    const app = tempApp();
    const n = createSample(app.store).id;
    const { json } = exportNegotiation(
      app.store,
      n,
      { appVersion: 'test', schemaVersion: LATEST_VERSION },
      { includeHistory: true },
    );
    const file = JSON.parse(json) as NegotiationFile;
    // Positions of pasted text that is nothing but quotation marks: each is two bytes in the
    // file, and would be four inside a JSON call. Then spaces up to exactly 100 MB.
    const round = file.rounds.at(-1)!;
    const model = round.positions[0]!;
    const quotes = '"'.repeat(200_000);
    for (let i = 0; i < 150; i++) {
      round.positions.push({ ...model, id: 900_000 + i, previousId: null, text: quotes });
    }
    const text = JSON.stringify(file);
    const padding = MAX_IMPORT_BYTES - Buffer.byteLength(text);
    expect(padding).toBeGreaterThan(0);
    expect(text.length - text.replaceAll('\\"', '').length).toBeGreaterThan(55 * 1024 * 1024);
    const exact = Buffer.from(`{${' '.repeat(padding)}${text.slice(1)}`);
    expect(exact.length).toBe(MAX_IMPORT_BYTES);

    const folder = tempDir();
    const modes: number[] = [];
    server = await startWebServer({
      dispatch: app.dispatch,
      events: app.events,
      staticDir: tempDir(),
      imports: {
        dir: folder,
        importFile: async (path, fileName) => {
          modes.push(statSync(path).mode & 0o777);
          expect(statSync(path).size).toBe(MAX_IMPORT_BYTES);
          return JSON.stringify(await app.importFile(path, fileName));
        },
      },
    });

    const accepted = await upload(server, exact, 'Quotes “dense”.json');
    expect(accepted.status).toBe(200);
    const result = JSON.parse(accepted.body) as Result<ImportResult>;
    expect(result.ok, accepted.body.slice(0, 300)).toBe(true);
    if (!result.ok) return;
    expect(result.value.positions).toBe(file.rounds.flatMap((r) => r.positions).length);
    const history = app.store.get<{ source_file: string }>(
      "SELECT source_file FROM change_set WHERE origin = 'import'",
    );
    expect(history?.source_file).toBe('Quotes “dense”.json');
    // Kept private while it was imported, and removed after.
    expect(modes).toEqual([0o600]);
    expect(readdirSync(folder)).toEqual([]);

    const before = checksum(app.store);
    const over = await upload(server, Buffer.concat([exact, Buffer.from(' ')]), 'big.json');
    expect(over.status).toBe(413);
    expect((JSON.parse(over.body) as Result<never>).ok).toBe(false);
    expect(over.body).toContain('This file is 100.0 MB; Parley imports files of up to 100 MB.');
    expect(modes).toHaveLength(1);
    expect(readdirSync(folder)).toEqual([]);
    expect(checksum(app.store)).toBe(before);
    // Nothing here is timed; 200 MB over loopback and a 100 MB import are slow on a busy machine.
  }, 300_000);
});
