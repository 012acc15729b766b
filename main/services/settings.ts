// settings.json beside the database: the officer's name, the backup settings and (later) the
// rest of the Settings screen. It holds no negotiation data. Each read parses it whole; a
// section that is missing or does not parse falls back to its defaults, so a hand-edited or
// older file never stops Parley from starting.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { DEFAULT_BACKUP_SETTINGS } from '../../shared/backups';
import { settingsSchema, type Settings } from '../../shared/settings';
import { replaceFile } from './files';

const DEFAULTS: Settings = {
  you: { name: '', organisation: '' },
  backups: DEFAULT_BACKUP_SETTINGS,
  security: { askEveryStart: false, lockAfterMinutes: 0 },
  documents: { pageSize: 'A4' },
  appearance: { theme: 'system' },
  spelling: { checkAsYouType: true },
  dates: { order: 'system' },
};

/**
 * The name the system knows the officer by: the full name from the account (the GECOS field on
 * Linux, `id -F` on macOS), else the login.
 */
export function systemUserName(
  platform: NodeJS.Platform = process.platform,
  readPasswd: () => string = () => readFileSync('/etc/passwd', 'utf8'),
): string {
  let login = 'unknown';
  let uid = -1;
  try {
    const info = userInfo();
    login = info.username || login;
    uid = info.uid;
  } catch {
    return login;
  }
  try {
    if (platform === 'darwin') {
      const full = execFileSync('id', ['-F'], { encoding: 'utf8', timeout: 2000 }).trim();
      if (full) return full;
    } else if (platform !== 'win32') {
      const line = readPasswd()
        .split('\n')
        .find((l) => l.split(':')[2] === String(uid) || l.startsWith(`${login}:`));
      const full = line?.split(':')[4]?.split(',')[0]?.trim();
      if (full) return full;
    }
  } catch {
    // No full name to be had: the login will do.
  }
  return login;
}

export class SettingsFile {
  constructor(readonly path: string) {}

  private stored(): Record<string, unknown> {
    try {
      const data = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      return data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }

  read(): Settings {
    const stored = this.stored();
    const out = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
      const parsed = settingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
    }
    return out;
  }

  /**
   * Writes the given sections (whole file written, then renamed into place). Read and written in
   * one go, with nothing awaited between: two quick changes (the theme clicked twice) each read
   * what the one before wrote, and both land.
   */
  async write(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...this.stored(), ...this.read(), ...patch };
    replaceFile(this.path, `${JSON.stringify(next, null, 2)}\n`);
    return this.read();
  }
}
