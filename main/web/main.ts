// `npm run web -- --db PATH [--port N] [--key-file PATH]`: the app against a real (encrypted)
// SQLite file, served to a browser on 127.0.0.1. Without --key-file the page asks for the
// passphrase (a browser has no keychain); with it, the file's key opens the library at once. Runs until interrupted, then closes the database cleanly. The data side
// runs on its own thread (worker/host.ts); this thread serves HTTP, prints and hands out files.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppStatus } from '../../shared/backups';
import { startDataWorker, type AppHost } from '../worker/host';
import { defaultDatabasePath } from '../paths';
import { parseRecoveryKey } from '../services/recoveryKey';
import { Downloads } from './downloads';
import { ChromiumPrinter } from './printer';
import { startWebServer } from './server';

function fail(message: string): never {
  console.error(`Parley web: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { db?: string; port?: string; 'key-file'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        'key-file': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(
      `${(error as Error).message}\nUsage: npm run web -- [--db PATH] [--port N] [--key-file PATH]`,
    );
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a number from 0 to 65535, not "${values.port}".`);
  }
  const databasePath = resolve(values.db ?? defaultDatabasePath());
  let key: Buffer | undefined;
  if (values['key-file'] !== undefined) {
    let text = '';
    try {
      text = readFileSync(values['key-file'], 'utf8');
    } catch (error) {
      fail(`cannot read --key-file ${values['key-file']}: ${(error as Error).message}`);
    }
    const parsed = parseRecoveryKey(text.trim());
    if (!parsed) {
      fail(
        `--key-file ${values['key-file']} must hold the library's key: 64 hexadecimal digits (a recovery key, dashes allowed).`,
      );
    }
    key = parsed;
  }

  const printer = new ChromiumPrinter();
  const downloads = new Downloads();
  let app: AppHost;
  try {
    app = await startDataWorker({
      databasePath,
      transport: 'web',
      printer,
      deliver: downloads.deliver,
      automaticBackups: true,
      ...(key ? { key: new Uint8Array(key) } : {}),
      workerScript: fileURLToPath(new URL('./data-worker.js', import.meta.url)),
    });
  } catch (error) {
    await printer.close();
    fail(`cannot open ${databasePath}: ${(error as Error).message}`);
  }
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  const server = await startWebServer({
    dispatch: app.dispatch,
    dispatchBody: app.dispatchBody,
    events: app.events,
    briefingHtml: (jobId) => app.briefingHtml(jobId),
    downloads,
    // Uploads wait for their import beside the library, in the data folder.
    imports: { dir: dirname(databasePath), importFile: app.importFile },
    staticDir,
    port,
  });
  // **Important**: listen before printing the address. Whoever reads it may stop us at once,
  // and a signal without a listener would end the process with the database still open.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await app.shutdown();
    await printer.close();
    console.log(`Parley web: stopped (${signal}); database closed.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  console.log(`Parley web: ${server.url}`);
  console.log(`Parley web: database ${databasePath}; press Ctrl+C to stop.`);
  const status = await app.dispatch('app:status', {});
  if (status.ok && (status.value as AppStatus).state === 'damaged') {
    const { problem } = status.value as Extract<AppStatus, { state: 'damaged' }>;
    console.log(
      `Parley web: the database failed its check (${problem}); open the app to restore a backup. The file has not been changed.`,
    );
  }
}

void main();
