// Where the Electron-ABI build of better-sqlite3 is kept, apart from node_modules' Node build.
// Shared by the install step (which builds it) and the app (which loads it in development).
import { join } from 'node:path';

/** The SQLite driver: better-sqlite3's SQLCipher build (the library is encrypted). */
export const SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';

/**
 * @param {string} root the project folder
 * @param {string} electronVersion e.g. "45.5.0"
 * @param {string} platform process.platform
 * @param {string} arch process.arch
 */
export function electronBindingPath(root, electronVersion, platform, arch) {
  return join(
    root,
    'node_modules',
    '.cache',
    'parley-native',
    `electron-${electronVersion}-${platform}-${arch}`,
    'better_sqlite3.node',
  );
}
