// postinstall: prepare better-sqlite3 for Electron next to the Node build (see
// electron-native.mjs). Never fails the install: the tests and `npm run web` need only the
// Node build, and `npm start` retries and explains.
import { fileURLToPath } from 'node:url';
import { ensureElectronNative } from './electron-native.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(
    'Parley: ELECTRON_SKIP_BINARY_DOWNLOAD is set: skipping the Electron build of better-sqlite3 (tests and `npm run web` do not need it).',
  );
} else {
  try {
    ensureElectronNative(root);
    console.log('Parley: better-sqlite3 is ready for Node and for Electron.');
  } catch (error) {
    console.log(
      `Parley: could not prepare better-sqlite3 for Electron yet (${error.message}); \`npm start\` will retry. Tests and \`npm run web\` do not need it.`,
    );
  }
}
