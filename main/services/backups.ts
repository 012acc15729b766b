// The backups folder: taking a backup (SQLite's online backup API, written to a temporary name
// and renamed when whole, so a crash never leaves half a backup), listing, rotating (keep the
// last K), checking, and the settings that say how often and how many.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupReason, BackupSettings } from '../../shared/backups';
import { backupTo, copyClosedFile, fingerprint, inspectFile, readFile } from '../db/backup';
import { eraseFile } from '../db/erase';
import { holdsAny, type PurgeTarget } from '../db/purge';
import type { DbAccess, Store } from '../db/store';
import { AppError, notFound } from './errors';
import type { SettingsFile } from './settings';
import { log } from '../log';

const NAME =
  /^parley-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z-]+?)(?:-(\d+))?\.sqlite$/;

/** `parley-2026-11-25T20-31-05-123Z-start.sqlite`: when it was taken, and why. */
export function backupName(at: Date, reason: BackupReason, n = 0): string {
  const stamp = at.toISOString().slice(0, 23).replace(/[:.]/g, '-');
  return `parley-${stamp}Z-${reason}${n > 0 ? `-${n}` : ''}.sqlite`;
}

interface ParsedName {
  createdAt: string;
  reason: BackupReason;
  /** Taken in the same millisecond as another: which came after. */
  n: number;
}

function parseName(name: string): ParsedName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return {
    createdAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`,
    reason: m[6] as BackupReason,
    n: Number(m[7] ?? 0),
  };
}

/** Newest first: by time, then by the order taken within one millisecond, then by name. */
const newestFirst = (a: ParsedName & { name: string }, b: ParsedName & { name: string }) =>
  a.createdAt !== b.createdAt
    ? a.createdAt < b.createdAt
      ? 1
      : -1
    : a.n !== b.n
      ? b.n - a.n
      : a.name < b.name
        ? 1
        : -1;

export interface BackupsOptions {
  /** Where backups go (created when needed). */
  dir: string;
  /** The settings file. */
  settings: SettingsFile;
  /** The key and native build that open the library's files (once it is unlocked). */
  access: () => DbAccess;
  now?: () => Date;
}

export class Backups {
  readonly dir: string;
  private readonly settingsFile: SettingsFile;
  private readonly access: () => DbAccess;
  private readonly now: () => Date;

  constructor(options: BackupsOptions) {
    this.dir = options.dir;
    this.settingsFile = options.settings;
    this.access = options.access;
    this.now = options.now ?? (() => new Date());
    this.removeUnfinished();
  }

  /**
   * A backup is written as `<name>.partial` and renamed when whole; one left behind was cut
   * short (the app was killed mid-copy). It is of no use, and is removed when Parley starts.
   */
  private removeUnfinished(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) {
      if (/^parley-.*\.sqlite\.partial$/.test(name)) rmSync(join(this.dir, name), { force: true });
    }
  }

  settings(): BackupSettings {
    return this.settingsFile.read().backups;
  }

  /** Saves the settings and applies the new limit. */
  async saveSettings(settings: BackupSettings): Promise<BackupSettings> {
    await this.settingsFile.write({ backups: settings });
    this.rotate();
    return settings;
  }

  /** Every backup, newest first, with what each holds (read, not checked). */
  list(): BackupInfo[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .flatMap((name) => {
        const parsed = parseName(name);
        return parsed ? [{ ...parsed, name }] : [];
      })
      .sort(newestFirst)
      .map((parsed) => this.describe(parsed.name, parsed));
  }

  private describe(name: string, parsed: ParsedName = parseName(name)!): BackupInfo {
    const path = join(this.dir, name);
    const report = inspectFile(path, {
      mode: 'none',
      access: this.access(),
    });
    return {
      name,
      createdAt: parsed.createdAt,
      reason: parsed.reason,
      bytes: statSync(path).size,
      negotiations: report.negotiations,
      schemaVersion: report.schemaVersion,
    };
  }

  /** The full path of a listed backup; a clear "not found" for any other name. */
  pathOf(name: string): string {
    if (!parseName(name) || !existsSync(join(this.dir, name))) {
      throw notFound('This backup', 'name');
    }
    return join(this.dir, name);
  }

  private freshName(reason: BackupReason): string {
    const at = this.now();
    const stamp = backupName(at, reason).slice(0, 'parley-0000-00-00T00-00-00-000Z'.length);
    // Another backup in the same millisecond: number this one after it, whatever its reason.
    const taken = existsSync(this.dir)
      ? readdirSync(this.dir).filter((name) => name.startsWith(stamp)).length
      : 0;
    return backupName(at, reason, taken);
  }

  /**
   * Backs up the open database. Automatic backups are skipped when nothing has changed since
   * the newest backup (returns null); `force` takes one anyway.
   */
  async create(
    store: Store,
    reason: BackupReason,
    { force = false }: { force?: boolean } = {},
  ): Promise<BackupInfo | null> {
    mkdirSync(this.dir, { recursive: true });
    if (!force) {
      // A database nothing was ever recorded in has nothing to lose.
      if (fingerprint(store.db) === '0:0') return null;
      const newest = this.list()[0];
      if (newest) {
        const report = inspectFile(join(this.dir, newest.name), {
          mode: 'none',
          access: this.access(),
        });
        if (report.fingerprint === fingerprint(store.db)) return null;
      }
    }
    const name = this.freshName(reason);
    const partial = join(this.dir, `${name}.partial`);
    try {
      await backupTo(store.db, partial, this.access());
      renameSync(partial, join(this.dir, name));
    } catch (error) {
      rmSync(partial, { force: true });
      log.error(`Backup (${reason}) failed`, error);
      throw new AppError(
        'internal',
        `The backup could not be written: ${(error as Error).message}`,
      );
    }
    this.rotate();
    const info = this.describe(name);
    log.info(`Backup (${reason}) written: ${name}, ${info.bytes} bytes`);
    return info;
  }

  /** A backup of a database file that is not open (before migrating it to a newer schema). */
  copyClosed(path: string, reason: BackupReason): BackupInfo {
    mkdirSync(this.dir, { recursive: true });
    const name = this.freshName(reason);
    const partial = join(this.dir, `${name}.partial`);
    copyClosedFile(path, partial, this.access());
    renameSync(partial, join(this.dir, name));
    this.rotate();
    log.info(`Backup (${reason}) of the closed database written: ${name}`);
    return this.describe(name);
  }

  /** Deletes all but the newest K backups (K from the settings). Returns the deleted names. */
  rotate(): string[] {
    const { keep } = this.settings();
    const old = this.list().slice(keep);
    for (const backup of old) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        rmSync(join(this.dir, backup.name + suffix), { force: true });
      }
    }
    return old.map((b) => b.name);
  }

  /** The backups that still hold any of these rows (after they were removed for good). */
  holding(targets: readonly PurgeTarget[]): BackupInfo[] {
    return this.list().filter((backup) => {
      try {
        return readFile(join(this.dir, backup.name), (db) => holdsAny(db, targets), this.access());
      } catch {
        // A backup that cannot be read cannot be checked: it is listed, to be safe.
        return true;
      }
    });
  }

  /**
   * Deletes backups for good: each file is overwritten with zeros, synced, then removed (on a
   * solid-state disk the overwrite may land elsewhere; the file is gone from the folder either
   * way, and encrypted besides).
   */
  remove(names: readonly string[]): string[] {
    const removed: string[] = [];
    for (const name of names) {
      const path = this.pathOf(name);
      for (const suffix of ['', '-wal', '-shm', '-journal']) eraseFile(path + suffix);
      removed.push(name);
    }
    return removed;
  }

  /** The newest backup that passes a full integrity check (for recovery), or null. */
  newestGood(): BackupInfo | null {
    for (const backup of this.list()) {
      const report = inspectFile(join(this.dir, backup.name), {
        mode: 'full',
        access: this.access(),
      });
      if (report.ok) return backup;
    }
    return null;
  }

  /** Checks one backup fully before it is restored. */
  check(name: string): { path: string; problem: string | null } {
    const path = this.pathOf(name);
    const report = inspectFile(path, {
      mode: 'full',
      access: this.access(),
    });
    return { path, problem: report.problem };
  }
}
