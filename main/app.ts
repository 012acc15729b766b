import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { version } from '../package.json';
import type { AppStatus, BackupInfo, RestoreResult } from '../shared/backups';
import type { AppInfo } from '../shared/domain';
import type { Settings, SettingsView } from '../shared/settings';
import { inspectFile } from './db/backup';
import { DatabaseTooNewError } from './db/errors';
import { LATEST_VERSION } from './db/migrations';
import { rebuildIndex } from './db/queries/search';
import { Store, type StoreOptions } from './db/store';
import { AppEvents } from './events';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import { Backups } from './services/backups';
import { SettingsFile, systemUserName } from './services/settings';
import { BriefingDesk, type PdfPrinter } from './services/briefing/desk';
import { AppError } from './services/errors';
import type { Deliver } from './services/files';

export interface OpenAppOptions {
  databasePath: string;
  transport: AppInfo['transport'];
  nativeBinding?: string;
  /** Chromium's print-to-PDF for this transport (briefings cannot be exported without it). */
  printer?: PdfPrinter;
  /** How an exported file reaches the officer: save dialog or download. */
  deliver?: Deliver;
  /** Who changes are recorded as (the OS user by default), and the clock (tests pin it). */
  actor?: string;
  now?: StoreOptions['now'];
  /**
   * Back up on start, every few minutes while editing, and on quit. The desktop app and the
   * web binding do; tests that do not need it leave it off.
   */
  automaticBackups?: boolean;
}

export interface ParleyApp {
  /** The open database; refused with a clear message while it is damaged or being restored. */
  readonly store: Store;
  status(): AppStatus;
  events: AppEvents;
  briefings: BriefingDesk;
  backups: Backups;
  dispatch: Dispatch;
  /** The officer's settings, with the system's name beside them. */
  settings(): SettingsView;
  /** Saves settings; a new name is recorded in history from the next change on. */
  updateSettings(patch: Partial<Settings>): Promise<SettingsView>;
  info: AppInfo;
  /** Takes a backup now, whatever has changed. */
  backupNow(): Promise<BackupInfo>;
  /** Puts a backup in place of the database (the current one backed up, or set aside, first). */
  restore(name: string): Promise<RestoreResult>;
  /** Sets a damaged database aside and starts with an empty one. */
  startEmpty(): { keptAs: string };
  /** Finishes: the quit backup (when automatic), then the database closed. */
  shutdown(): Promise<void>;
  /** Closes the database at once (no backup). */
  close(): void;
}

const SIDE_FILES = ['-wal', '-shm'];

/**
 * Moves a database file (and its journal files) aside under a dated name in the same folder,
 * so it is never overwritten. Returns the new path of the main file.
 */
function setAside(path: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const base = basename(path).replace(/\.sqlite$/, '');
  let target = join(dirname(path), `${base}-damaged-${stamp}Z.sqlite`);
  for (let n = 2; existsSync(target); n++) {
    target = join(dirname(path), `${base}-damaged-${stamp}Z-${n}.sqlite`);
  }
  if (existsSync(path)) renameSync(path, target);
  for (const side of SIDE_FILES) {
    if (existsSync(path + side)) renameSync(path + side, target + side);
  }
  return target;
}

/**
 * Opens the database and wires the dispatch: the same for the desktop app and the web binding.
 * The file is checked first (integrity check, or quick check when large); a damaged or
 * unreadable one is never opened for writing: the app starts in recovery, offering the newest
 * good backup. A database from a newer Parley is refused outright.
 */
export function openApp(options: OpenAppOptions): ParleyApp {
  const { databasePath } = options;
  const dataDir = dirname(databasePath);
  mkdirSync(dataDir, { recursive: true });
  const nativeBinding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const settings = new SettingsFile(join(dataDir, 'settings.json'));
  const backups = new Backups({
    dir: join(dataDir, 'backups'),
    settings,
    ...nativeBinding,
  });
  // Who changes are recorded as: the name set in Settings, else the system's (tests pin it).
  const systemName = systemUserName();
  const actorFrom = (name: string) => options.actor ?? (name.trim() || systemName);
  const storeOptions: StoreOptions = {
    actor: actorFrom(settings.read().you.name),
    ...(options.now ? { now: options.now } : {}),
    ...nativeBinding,
  };
  const events = new AppEvents();
  const automatic = options.automaticBackups ?? false;

  let store: Store | null = null;
  let status: AppStatus = { state: 'ready' };
  let restoring = false;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  const pending = new Set<Promise<unknown>>();

  /** Runs an automatic backup in the background; a failure is reported, never thrown. */
  const automaticBackup = (reason: 'start' | 'interval') => {
    if (!store) return;
    const run = backups
      .create(store, reason)
      .then((info) => info && events.emit('backups:changed', { error: null }))
      .catch((error: unknown) => {
        const message = (error as Error).message;
        console.error(`[parley] automatic backup failed: ${message}`);
        events.emit('backups:changed', { error: message });
      })
      .finally(() => pending.delete(run));
    pending.add(run);
  };

  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const attach = (opened: Store) => {
    store = opened;
    status = { state: 'ready' };
    unsubscribe = opened.onChange((change) => {
      events.emit('data:changed', { negotiationId: change.scopeId });
      // The first edit after a backup starts the clock; the backup follows N minutes later.
      if (automatic && !timer) {
        timer = setTimeout(() => {
          timer = null;
          automaticBackup('interval');
        }, backups.settings().intervalMinutes * 60_000);
        timer.unref();
      }
    });
  };

  const detach = () => {
    stopTimer();
    unsubscribe?.();
    unsubscribe = null;
    store?.close();
    store = null;
  };

  let rebuildSearch = false;
  if (existsSync(databasePath) && statSync(databasePath).size > 0) {
    const report = inspectFile(databasePath, {
      size: statSync(databasePath).size,
      ...nativeBinding,
    });
    if (report.schemaVersion > LATEST_VERSION) {
      throw new DatabaseTooNewError(report.schemaVersion, LATEST_VERSION);
    }
    if (!report.ok) {
      status = {
        state: 'damaged',
        databasePath,
        problem: report.problem!,
        suggestion: backups.newestGood(),
      };
    } else if (report.searchIndexDamaged) {
      rebuildSearch = true;
    } else if (report.schemaVersion > 0 && report.schemaVersion < LATEST_VERSION) {
      // About to migrate: keep the file as it was, in case the officer needs the old Parley.
      backups.copyClosed(databasePath, 'before-upgrade');
    }
  }
  if (status.state === 'ready') {
    attach(Store.open(databasePath, storeOptions));
    if (rebuildSearch && store) {
      console.error('[parley] the search index was damaged; rebuilt it from the data.');
      rebuildIndex(store);
    }
    if (automatic) automaticBackup('start');
  }

  const current = (): Store => {
    if (restoring) {
      throw new AppError('unavailable', 'Parley is restoring a backup. Try again in a moment.');
    }
    if (!store) {
      throw new AppError(
        'unavailable',
        'Parley’s database could not be opened. Restore a backup from the recovery screen.',
      );
    }
    return store;
  };

  const info: AppInfo = {
    version,
    databasePath,
    transport: options.transport,
  };
  /** "Dana Whitfield, Iran desk": who a brief is prepared by, by default. */
  const preparedBy = () => {
    const { organisation } = settings.read().you;
    const name = store?.actor ?? actorFrom(settings.read().you.name);
    return organisation ? `${name}, ${organisation}` : name;
  };
  const briefings = new BriefingDesk(
    current,
    options.printer ?? null,
    options.deliver ?? null,
    (progress) => events.emit('briefing:progress', progress),
    preparedBy,
  );
  const settingsView = (): SettingsView => ({
    ...settings.read(),
    systemName,
    file: settings.path,
  });

  const app: ParleyApp = {
    get store() {
      return current();
    },
    status: () => status,
    events,
    briefings,
    backups,
    info,
    dispatch: undefined as unknown as Dispatch,
    settings: settingsView,

    async updateSettings(patch) {
      const saved = await settings.write(patch);
      if (store) store.actor = actorFrom(saved.you.name);
      if (patch.backups) backups.rotate();
      return settingsView();
    },

    async backupNow() {
      return (await backups.create(current(), 'manual', { force: true }))!;
    },

    async restore(name) {
      if (restoring) throw new AppError('conflict', 'A restore is already under way.');
      const { path: source, problem } = backups.check(name);
      if (problem) {
        throw new AppError(
          'conflict',
          `This backup cannot be restored: ${problem} Choose another.`,
        );
      }
      const restored = backups.list().find((b) => b.name === name)!;
      restoring = true;
      const incoming = `${databasePath}.restoring`;
      try {
        // The chosen backup is copied first: rotation may remove it once the safety copy exists.
        copyFileSync(source, incoming);
        let safetyCopy: BackupInfo | null = null;
        let keptAs: string | null = null;
        if (store) {
          await Promise.allSettled([...pending]);
          safetyCopy = await backups.create(store, 'before-restore', { force: true });
          detach();
          // Closed cleanly, the journal files are gone; any left belong to the old file.
          for (const side of SIDE_FILES) rmSync(databasePath + side, { force: true });
        } else {
          keptAs = setAside(databasePath, new Date());
        }
        renameSync(incoming, databasePath);
        attach(Store.open(databasePath, storeOptions));
        events.emit('data:changed', { negotiationId: null });
        events.emit('backups:changed', { error: null });
        return { restored, safetyCopy, keptAs };
      } finally {
        rmSync(incoming, { force: true });
        restoring = false;
      }
    },

    startEmpty() {
      if (status.state !== 'damaged') {
        throw new AppError(
          'conflict',
          'The database is fine; there is nothing to start afresh from.',
        );
      }
      const keptAs = setAside(databasePath, new Date());
      attach(Store.open(databasePath, storeOptions));
      events.emit('data:changed', { negotiationId: null });
      return { keptAs };
    },

    async shutdown() {
      stopTimer();
      await Promise.allSettled([...pending]);
      if (automatic && store && !restoring) {
        try {
          await backups.create(store, 'quit');
        } catch (error) {
          console.error(`[parley] backup on quit failed: ${(error as Error).message}`);
        }
      }
      detach();
    },

    close() {
      detach();
    },
  };
  app.dispatch = createDispatch({
    get store() {
      return current();
    },
    info,
    briefings,
    deliver: options.deliver ?? null,
    app,
  });
  return app;
}
