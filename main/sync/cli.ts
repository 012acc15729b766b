// npm run sync-server -- --dir D --token-file F [--port N] [--host H]
// npm run sync-server -- --new-token --token-file F
//
// Runs a desk's sync server in the foreground (see server.ts and the README's "Live sync on a
// desk network"). The token comes from a file only its owner can read, or from the
// PARLEY_SYNC_TOKEN environment variable: never from the command line, which every user of the
// machine can see in `ps`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderError } from './folder';
import { startSyncServer } from './server';
import { readTokenFile, TokenFileError, writeNewTokenFile } from './token';

const USAGE = `Parley desk sync server

  npm run sync-server -- --dir FOLDER --token-file FILE [--port 3030] [--host 127.0.0.1]
  npm run sync-server -- --new-token --token-file FILE

  --dir FOLDER       where the shared documents are kept (created private, 0700)
  --token-file FILE  the desk token, one line, readable by its owner only (0600);
                     or set PARLEY_SYNC_TOKEN instead
  --port N           the port to listen on (default 3030)
  --host H           the address to listen on (default 127.0.0.1, this machine only);
                     give the machine's address on the desk network to serve the desk
  --new-token        write a new desk token to --token-file (which must not exist) and print it
`;

const DEFAULT_PORT = 3030;

function fail(message: string): never {
  console.error(`Parley sync server: ${message}`);
  process.exit(2);
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        dir: { type: 'string' },
        'token-file': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'new-token': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tokenFile = values['token-file'];
  if (values['new-token']) {
    if (!tokenFile) fail('--new-token needs --token-file FILE to write the token to.');
    try {
      const token = writeNewTokenFile(resolve(tokenFile));
      console.log(
        `A new desk token is in ${resolve(tokenFile)} (readable by you alone):\n\n  ${token}\n`,
      );
      console.log(
        'Give it to each officer of the desk with the server’s address, by hand or another private channel.',
      );
    } catch (error) {
      fail((error as Error).message);
    }
    return;
  }
  if (!values.dir)
    fail(`--dir FOLDER is required: where the shared documents are kept.\n\n${USAGE}`);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(`--port must be a whole number from 0 to 65535, not “${values.port}”.`);
  }
  const fromEnvironment = process.env.PARLEY_SYNC_TOKEN?.trim();
  let token: string;
  try {
    if (tokenFile) token = readTokenFile(resolve(tokenFile));
    else if (fromEnvironment && /^[A-Za-z0-9_-]{32,256}$/.test(fromEnvironment))
      token = fromEnvironment;
    else if (fromEnvironment)
      fail('PARLEY_SYNC_TOKEN is not a desk token (32 or more letters, digits, - and _).');
    else
      fail(
        'Give the desk token with --token-file FILE (make one with --new-token) or PARLEY_SYNC_TOKEN.',
      );
  } catch (error) {
    if (error instanceof TokenFileError) fail(error.message);
    throw error;
  }
  // The variable has done its work: nothing this process starts inherits it.
  delete process.env.PARLEY_SYNC_TOKEN;

  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  startSyncServer({ host: values.host ?? '127.0.0.1', port, dir: resolve(values.dir), token, log })
    .then((server) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping.`);
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(
              `Parley sync server: could not stop cleanly: ${(error as Error).message}`,
            );
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    })
    .catch((error: unknown) => {
      if (error instanceof FolderError) fail(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        fail(
          `port ${port} is in use on ${values.host ?? '127.0.0.1'}: choose another with --port.`,
        );
      if (code === 'EADDRNOTAVAIL') {
        fail(
          `${values.host} is not an address of this machine: give one it has (ip addr lists them).`,
        );
      }
      if (code === 'EACCES')
        fail(`this user may not listen on port ${port}: choose one above 1023.`);
      fail((error as Error).message);
    });
}

main();
