// settings.json beside the database: the officer's name, the backup settings and (later) the
// rest of the Settings screen. It holds no negotiation data. Each read parses it whole; a
// section that is missing or does not parse falls back to its defaults, so a hand-edited or
// older file never stops Parley from starting.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { userInfo } from 'node:os';
import { DEFAULT_BACKUP_SETTINGS } from '../../shared/backups';
import { settingsSchema, type Settings } from '../../shared/settings';

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
   * Writes the given sections (whole file written, then renamed into place). Writes to one file
   * take turns: each reads what the one before it wrote, so two quick changes (the theme clicked
   * twice) both land, and never share a temporary file (the second rename then failed).
   */
  write(patch: Partial<Settings>): Promise<Settings> {
    const previous = writing.get(this.path) ?? Promise.resolve();
    const turn = previous.then(() => this.writeNow(patch));
    const settled = turn.then(
      () => {},
      () => {},
    );
    writing.set(this.path, settled);
    void settled.then(() => {
      if (writing.get(this.path) === settled) writing.delete(this.path);
    });
    return turn;
  }

  private async writeNow(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...this.stored(), ...this.read(), ...patch };
    // Its own name: the other lane's thread may write this file at the same moment.
    const temporary = `${this.path}.${process.pid}-${threadId}-${++temporaries}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return this.read();
  }
}

/** The write in progress (and those queued behind it) of each settings file, by its path. */
const writing = new Map<string, Promise<void>>();
let temporaries = 0;
