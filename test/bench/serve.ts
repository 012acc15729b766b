// The bench's web binding: what `npm run web` runs (the data worker and the loopback server),
// started on a library with its key — or, for the benchmark's reference only, unencrypted, so
// the same renderer figures can be read with and without encryption. Prints the address.
//
// Usage: tsx test/bench/serve.ts <database> <hex key | plaintext>
import { fileURLToPath } from 'node:url';
import { startDataWorker } from '../../main/worker/host';
import { Downloads } from '../../main/web/downloads';
import { startWebServer } from '../../main/web/server';

const [databasePath, keyArg] = process.argv.slice(2);
if (!databasePath || !keyArg) throw new Error('usage: serve.ts <database> <hex key|plaintext>');
// Bundled into node_modules/.cache/parley-bench/ (see run.ts): the project is three levels up.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const downloads = new Downloads();
const host = await startDataWorker({
  databasePath,
  transport: 'web',
  deliver: downloads.deliver,
  key: keyArg === 'plaintext' ? null : new Uint8Array(Buffer.from(keyArg, 'hex')),
  workerScript: `${root}out/main/data-worker.js`,
});
const server = await startWebServer({
  dispatch: host.dispatch,
  dispatchBody: host.dispatchBody,
  events: host.events,
  briefingHtml: (jobId) => host.briefingHtml(jobId),
  downloads,
  staticDir: `${root}out/renderer/`,
  port: 0,
});
process.on('SIGTERM', () => {
  void server
    .close()
    .then(() => host.shutdown())
    .then(() => process.exit(0));
});
console.log(`Parley web: ${server.url}`);
