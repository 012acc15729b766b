import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Parley';
export const DATABASE_FILE = 'parley.sqlite';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives, so the
 * desktop app and the web binding find the same database by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  }
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

export function defaultDatabasePath(): string {
  return join(userDataDir(), DATABASE_FILE);
}
