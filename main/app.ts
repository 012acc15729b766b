import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { liveDocuments, receiveLive, sharing } from './services/share';
import { uidOfRow } from './db/queries/share';
import { basename, dirname, join, resolve } from 'node:path';
import { version } from '../package.json';
import type { AppStatus, BackupInfo } from '../shared/backups';
import type { AppInfo } from '../shared/domain';
import type { LibraryLocation, SettingsView } from '../shared/settings';
import { fingerprint, inspectFile, openForStore, PRIVATE_FILE, type FileReport } from './db/backup';
import { checkpointInBackground } from './db/checkpoint';
import { isPlaintextDatabase, openDatabase, WrongKeyError, type LibraryKey } from './db/cipher';
import { encryptLibrary, needsEncrypting } from './db/encryptFiles';
import { DatabaseTooNewError } from './db/errors';
import { lockLibrary } from './db/lock';
import { LATEST_VERSION } from './db/migrations';
import { IndexUnreadableError, rebuildIndex, rebuildIndexOnCopy } from './db/searchIndex';
import { stackState } from './db/undo';
import { openConnection, Store, type DbAccess, type StoreOptions } from './db/store';
import { userDataDir } from './paths';
import { formatRecoveryKey, KeyFile, newLibraryKey, type Keychain } from './services/keys';
import { LibrarySecurity } from './services/security';
import { AppEvents } from './events';
import { createDispatch, run, type Dispatch } from './ipc/dispatch';
import { importNegotiationFile } from './services/transfer';
import type { ImportResult } from '../shared/exchange';
import type { Result } from '../shared/result';
import type { AppControls } from './ipc/types';
import { Backups } from './services/backups';
import { SettingsFile, systemUserName } from './services/settings';
import { readDeskSync, writeDeskSync } from './services/deskSyncSettings';
import { DeskSyncControl } from './sync/control';
import { BriefingDesk, type PdfPrinter } from './services/briefing/desk';
import { AppError } from './services/errors';
import type { Deliver } from './services/files';
import { openLog, log } from './log';
import { LocationChoice } from './services/location';
import {
  diagnosticsFileName,
  diagnosticsText,
  type DiagnosticsInput,
} from './services/diagnostics';

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
  /**
   * The library's key, when the caller holds it (the web binding's --key-file, tests): the app
   * opens unlocked, and a key that does not fit is refused (WrongKeyError).
   */
  key?: LibraryKey | null;
  /** The system's keychain, where one truly protects (the desktop app's safeStorage). */
  keychain?: Keychain | null;
  /** scrypt's cost (log2 N) for new passphrases; tests lower it to keep fast. */
  passphraseCost?: number;
  /**
   * Which lane this app is (see main/worker/lanes.ts). 'interactive' (the default) owns the
   * library: the one-opener lock, the key, migrations, the state the windows see. 'long' is the
   * second connection for long work: it opens the library its interactive lane has already
   * opened and migrated, with the key it is given, and takes no lock of its own.
   */
  lane?: 'interactive' | 'long';
  /**
   * The long lane beside this interactive one, where there is one (the data worker's host
   * starts it): told when the library opens (with its key) and closes. With a lane, the
   * integrity check runs there after the first view is usable instead of before opening, and
   * the start backup too; without one (tests, tools), both run here as before.
   */
  longLane?: LongLaneLink;
  /**
   * Raised by the long lane's store while its write transaction runs (shared memory, so both
   * threads see it at once; see main/worker/lanes.ts). The long lane raises it; the interactive
   * lane waits for it to drop before a write that found the library busy runs again.
   */
  writing?: Int32Array;
  /** The long lane: the library's fingerprint when the interactive lane opened it. */
  startFingerprint?: string | null;
  /** Desk sync's waits between attempts to reach the server (tests shorten them). */
  syncRetry?: { firstRetryMs: number; maxRetryMs: number };
  /**
   * How the desktop app found the data folder, and the usual folder where a choice for the
   * next start is kept (see services/location.ts). Without it (the web binding, tests) the
   * folder is the database's, and cannot be chosen here.
   */
  location?: { usual: string; source: LibraryLocation['source'] };
}

/** How the interactive lane tells the host about the long lane's connection. */
export interface LongLaneLink {
  /**
   * Opens the long lane's connection with this key; settles once it is open (or failed).
   * `fingerprint` is the library's as this lane opened it (see backup.ts): the long lane takes
   * the start backup only if nothing has changed since, so that it is the library as it was
   * at start (later changes are the interval backup's).
   */
  open(key: LibraryKey | null, fingerprint: string | null): Promise<void>;
  /** Closes it; settles once its connection is closed (before the file may be replaced). */
  close(): Promise<void>;
  /** An automatic backup, taken there; settles once it is written (or failed and reported). */
  backup(reason: 'start' | 'interval'): Promise<void>;
}

/** The app: what handlers may ask of it (AppControls, declared in ipc/), and its own running. */
export interface ParleyApp extends AppControls {
  /** The open database; refused with a clear message while it is locked, damaged or restoring. */
  readonly store: Store;
  briefings: BriefingDesk;
  dispatch: Dispatch;
  /**
   * Imports a negotiation file from disk, streamed (see services/importStream.ts). Not a
   * channel: only main names the file — one the officer chose in its dialog, or an upload the
   * web binding saved — never the page.
   */
  importFile(path: string, fileName: string): Promise<Result<ImportResult>>;
  /** Settles once the start is done (the keychain tried, where there is one). */
  started: Promise<void>;
  info: AppInfo;
  /** Finishes: the quit backup (when automatic), then the database closed. */
  shutdown(): Promise<void>;
  /** Closes the database at once (no backup). */
  close(): void;
  /**
   * The integrity check, run after opening (in the long lane), found damage: the library is
   * closed for writing and the recovery screen offered, as when a check on opening finds it.
   * Damage to the search index alone, which the long lane could not rebuild in place (its
   * pages do not read), is repaired here instead: the library closed, rebuilt on a copy that
   * takes its place, and opened again.
   */
  reportDamage(problem: string, searchIndexOnly?: boolean): void;
  /**
   * The long lane, once open: the whole-file check (integrity check, or quick check when
   * large), the search index rebuilt if only it is damaged; then, the file found whole, the
   * background checkpoints and the planner's statistics begin, and the start backup (when
   * automatic) is taken. Returns the damage found, or null; `searchIndexOnly` when only the
   * index is hurt and cannot be rebuilt on the open library.
   */
  checkInBackground(): { problem: string; searchIndexOnly: boolean } | null;
  /** The long lane: an automatic backup the interactive lane handed over. */
  automaticBackup(reason: 'start' | 'interval'): Promise<void>;
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

const SIDE_FILES = ['-wal', '-shm'];

/**
 * The data folder, private to its owner (0700) where the system has such permissions: created
 * so, and tightened if it is Parley's own per-user folder from an earlier version. A folder the
 * officer chose for --db (their home, say) is created private but otherwise left as it is.
 */
function makePrivateFolder(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } else if (resolve(dir) === resolve(userDataDir()) && process.platform !== 'win32') {
    chmodSync(dir, 0o700);
  }
}

/** The database and its journal files, readable by their owner alone. */
function privateFiles(databasePath: string): void {
  if (process.platform === 'win32') return;
  for (const side of ['', ...SIDE_FILES]) {
    if (existsSync(databasePath + side)) chmodSync(databasePath + side, PRIVATE_FILE);
  }
}

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

/** Channels that work before the library is unlocked (everything else waits for the key). */
const BEFORE_UNLOCK = new Set([
  'app:info',
  'app:status',
  'security:setup',
  'security:unlock',
  'security:state',
  'settings:get',
  // For IT when the library will not open: versions and the log, no negotiation data.
  'app:diagnostics',
]);

/**
 * The theme may be changed on the setup and unlock screens too: it lives in settings.json, not
 * in the library, and says nothing about what the library holds. Any other setting waits.
 */
function appearanceOnly(channel: string, input: unknown): boolean {
  return (
    channel === 'settings:update' &&
    typeof input === 'object' &&
    input !== null &&
    Object.keys(input).length === 1 &&
    'appearance' in input
  );
}

/**
 * Opens the library and wires the dispatch: the same for the desktop app and the web binding.
 * The library is encrypted: it opens once its key is at hand (given, from the keychain, or from
 * the officer's passphrase or recovery key on the unlock screen). The file is then checked
 * (integrity check, or quick check when large); a damaged or unreadable one is never opened for
 * writing: the app starts in recovery, offering the newest good backup. A database from a newer
 * Parley is refused outright, and so is a library another process has open.
 */
export function openApp(options: OpenAppOptions): ParleyApp {
  const { databasePath } = options;
  const dataDir = dirname(databasePath);
  const long = options.lane === 'long';
  const lane = long ? null : (options.longLane ?? null);
  makePrivateFolder(dataDir);
  // The long lane opens what its interactive lane, in this same process, holds the lock on.
  const libraryLock = long ? { release: () => {} } : lockLibrary(databasePath);
  const logFile = openLog(join(dataDir, 'parley.log'));
  log.info(
    `Parley ${version} starting (${options.transport}; Node ${process.versions.node}; ${process.platform} ${process.arch}); data folder ${dataDir}`,
  );
  const location = new LocationChoice(
    dataDir,
    options.location?.source ?? (options.transport === 'web' ? 'web binding' : 'usual'),
    options.location?.usual ?? null,
  );
  const settings = new SettingsFile(join(dataDir, 'settings.json'));
  const keys = new LibrarySecurity(
    new KeyFile(join(dataDir, 'parley.key')),
    options.keychain ?? null,
    options.passphraseCost,
  );
  // Undefined while locked; null only for the benchmark's unencrypted reference (cipher.ts).
  let key: LibraryKey | null | undefined;
  const access = (): DbAccess => {
    if (key === undefined)
      throw new AppError('unavailable', 'Parley is locked. Unlock it to go on.');
    return { key, nativeBinding: options.nativeBinding };
  };
  /** The key itself, for keeping it (a passphrase, the recovery key). */
  const libraryKey = (): LibraryKey => {
    const { key: k } = access();
    if (!k) throw new AppError('conflict', 'This library is not encrypted.');
    return k;
  };
  const backups = new Backups({ dir: join(dataDir, 'backups'), settings, access });
  // Who changes are recorded as: the name set in Settings, else the system's (tests pin it).
  const systemName = systemUserName();
  const actorFrom = (name: string) => options.actor ?? (name.trim() || systemName);
  const storeOptions = (): StoreOptions => ({
    ...access(),
    actor: actorFrom(settings.read().you.name),
    ...(options.now ? { now: options.now } : {}),
    ...(long && options.writing ? { writing: options.writing } : {}),
    // With a long lane, that lane copies the log back into the file (db/checkpoint.ts).
    ...(lane ? { checkpointedElsewhere: true } : {}),
  });
  const events = new AppEvents();
  const automatic = options.automaticBackups ?? false;
  // Desk sync (issue 19): the only network connection Parley makes, from the interactive lane
  // only, to the address the officer set, once they connect. Its settings live in the library.
  const deskSync = new DeskSyncControl({
    read: () => (store ? readDeskSync(store) : null),
    write: (config) => writeDeskSync(current(), config),
    publish: (view) => events.emit('sync:status', view),
    // What the desk changed becomes one change set of the negotiation (one step of undo), as a
    // received update file does; a refusal (the marking limit) changes nothing and is logged.
    onRemoteChange: (uid, _doc, changes, from) => {
      if (!store) return;
      try {
        receiveLive(store, uid, changes, from.server);
      } catch (error) {
        console.error(`[parley] desk sync: ${(error as Error).message}`);
        log.warn(`Desk sync: an update was not received: ${(error as Error).message}`);
      }
    },
    // A new connection syncs every negotiation this library shares.
    onOpen: (sync) => {
      if (!store) return;
      for (const { uid, doc } of liveDocuments(store)) sync.share(uid, doc);
    },
    ...(options.syncRetry ? { retry: options.syncRetry } : {}),
  });

  let store: Store | null = null;
  let status: AppStatus = { state: 'ready' };
  const setStatus = (next: AppStatus) => {
    status = next;
    events.emit('app:status', next);
  };
  let restoring = false;
  /** What the library held when last opened here (see LongLaneLink.open). */
  let openedFingerprint: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  /** The long lane's background checkpoints (db/checkpoint.ts), while its store is open. */
  let stopCheckpoints: (() => void) | null = null;
  const pending = new Set<Promise<unknown>>();
  /** Stops carrying local edits of shared negotiations to the desk's server. */
  let stopLocalSync: (() => void) | null = null;

  /** Runs an automatic backup in the background; a failure is reported, never thrown. */
  const automaticBackup = (reason: 'start' | 'interval'): Promise<unknown> => {
    if (!store) return Promise.resolve();
    // A backup copies the whole file (VACUUM INTO) and holds its thread meanwhile: with a long
    // lane, the interactive lane hands it over (the long lane reports it as its own).
    const work: Promise<unknown> = lane
      ? lane.backup(reason)
      : backups
          .create(store, reason)
          .then((info) => info && events.emit('backups:changed', { error: null }));
    const run: Promise<unknown> = work
      .catch((error: unknown) => {
        const message = (error as Error).message;
        console.error(`[parley] automatic backup failed: ${message}`);
        events.emit('backups:changed', { error: message });
      })
      .finally(() => pending.delete(run));
    pending.add(run);
    return run;
  };

  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const attach = (opened: Store) => {
    store = opened;
    // Local edits of a shared negotiation reach its merge document from the first edit on,
    // and the desk's server while connected.
    const engine = sharing(opened);
    if (!long) {
      stopLocalSync?.();
      stopLocalSync = engine.onLocalChange((negotiationId) => {
        const sync = deskSync.connection;
        const uid = uidOfRow(opened, 'negotiation', negotiationId);
        const doc = engine.loadDoc(negotiationId);
        if (sync && uid && doc) sync.share(uid, doc);
      });
    }
    if (!long) privateFiles(databasePath);
    setStatus({ state: 'ready' });
    // The long lane opens its own connection once this one has migrated the file.
    if (lane && key !== undefined) {
      void lane.open(key, openedFingerprint).catch((error: unknown) => {
        console.error(`[parley] the long-work lane did not open: ${(error as Error).message}`);
      });
    }
    if (!long) deskSync.resume();
    unsubscribe = opened.onChange((change) => {
      events.emit('data:changed', {
        negotiationId: change.scopeId,
        tables: change.tables ? [...change.tables] : null,
        undo: stackState(opened, change.scopeId),
      });
      // The first edit after a backup starts the clock; the backup follows N minutes later.
      // (The interactive lane keeps the clock; the long lane's imports do not start another.)
      if (automatic && !timer && !long) {
        timer = setTimeout(() => {
          timer = null;
          void automaticBackup('interval');
        }, backups.settings().intervalMinutes * 60_000);
        timer.unref();
      }
    });
  };

  const detach = () => {
    stopTimer();
    // The token is in the library: no connection outlives the library being open.
    void deskSync.stop();
    stopCheckpoints?.();
    stopCheckpoints = null;
    // Fire and forget where nothing replaces the file (lock, close); restore awaits it first.
    if (lane) void lane.close();
    unsubscribe?.();
    unsubscribe = null;
    // With a long lane, that lane keeps the planner's statistics (below): closing stays quick.
    store?.close({ optimize: !lane });
    store = null;
  };

  /**
   * The search index rebuilt from the tables, with the library closed: in place when its pages
   * read, else on a copy that takes the library's place (the file as it was is kept beside
   * it, named "-damaged-"). Returns why it could not be, or null.
   */
  const repairIndexClosed = (): string | null => {
    console.error('[parley] the search index was damaged; rebuilding it from the data.');
    log.warn('The search index was damaged; rebuilding it from the data');
    try {
      const db = openConnection(databasePath, access());
      try {
        rebuildIndex(db);
        return null;
      } catch (error) {
        if (!(error instanceof IndexUnreadableError)) throw error;
      } finally {
        db.close();
      }
      const rebuilt = `${databasePath}.rebuilt`;
      rebuildIndexOnCopy(databasePath, rebuilt, (path) => openConnection(path, access()));
      const keptAs = setAside(databasePath, new Date());
      renameSync(rebuilt, databasePath);
      log.warn(
        `The search index was rebuilt on a copy; the file as it was is kept as ${basename(keptAs)}`,
      );
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  /**
   * The same, with the library open (the long lane found the index's pages unreadable): both
   * lanes' connections closed first, as a restore does, and the library opened again after.
   */
  const repairIndexOpen = async (): Promise<void> => {
    restoring = true;
    try {
      await Promise.allSettled([...pending]);
      await lane?.close();
      detach();
      const problem = repairIndexClosed();
      if (problem) {
        setStatus(damagedIndex(problem));
        return;
      }
      attach(Store.open(databasePath, storeOptions()));
      events.emit('data:changed', { negotiationId: null, tables: null, undo: null });
    } finally {
      restoring = false;
    }
  };
  const damagedIndex = (problem: string): AppStatus => ({
    state: 'damaged',
    databasePath,
    problem: `The search index was damaged, and rebuilding it from the data failed: ${problem}`,
    suggestion: backups.newestGood(),
  });

  /**
   * With the key at hand: an earlier Parley's plaintext files encrypted (or such a migration cut
   * short, finished), then the database checked and opened, or the recovery screen.
   */
  const openWithKey = (given: LibraryKey | null, trusted: boolean) => {
    if (long) {
      // The interactive lane has checked, encrypted and migrated the file already.
      key = given;
      attach(Store.open(databasePath, storeOptions()));
      return;
    }
    const exists = existsSync(databasePath) && statSync(databasePath).size > 0;
    if (exists && !trusted && given && !isPlaintextDatabase(databasePath)) {
      // A key nothing vouches for must open the file before anything is touched: a wrong one
      // changes nothing. (A trusted key that does not, means the file is damaged: recovery.)
      openDatabase(databasePath, {
        key: given,
        nativeBinding: options.nativeBinding,
        readonly: true,
      }).close();
    }
    key = given;
    const backupsDir = join(dataDir, 'backups');
    if (given !== null && needsEncrypting(databasePath, backupsDir)) {
      encryptLibrary(databasePath, backupsDir, access(), (fraction, message) =>
        setStatus({ state: 'encrypting', fraction, message }),
      );
    }
    let rebuildSearch = false;
    let next: AppStatus = { state: 'ready' };
    /** With a long lane: the connection opening read its facts on, for the store to adopt. */
    let opening: ReturnType<typeof openForStore>['db'] = null;
    if (existsSync(databasePath) && statSync(databasePath).size > 0) {
      // With a long lane, only what opening needs is read here (readable with this key, the
      // schema version), on the connection the store then adopts; the whole-file check runs in
      // that lane once the first view is usable. SQLCipher authenticates every page it reads,
      // so a damaged page met before the check ends is refused, never read as good. A file
      // about to be migrated is checked first, as before: a migration must not write into
      // damage.
      const size = statSync(databasePath).size;
      let report: FileReport;
      if (lane) ({ report, db: opening } = openForStore(databasePath, access()));
      else report = inspectFile(databasePath, { access: access(), size });
      if (lane && report.ok && report.schemaVersion > 0 && report.schemaVersion < LATEST_VERSION) {
        opening?.close();
        opening = null;
        report = inspectFile(databasePath, { access: access(), size });
      }
      openedFingerprint = report.fingerprint;
      if (report.schemaVersion > LATEST_VERSION) {
        throw new DatabaseTooNewError(report.schemaVersion, LATEST_VERSION);
      }
      if (!report.ok) {
        next = {
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
    if (next.state === 'ready' && rebuildSearch) {
      opening?.close();
      opening = null;
      const problem = repairIndexClosed();
      if (problem) next = damagedIndex(problem);
    }
    if (next.state !== 'ready') {
      setStatus(next);
      return;
    }
    attach(
      opening
        ? Store.adopt(opening, databasePath, storeOptions())
        : Store.open(databasePath, storeOptions()),
    );
    // With a long lane, the start backup runs there (see data-worker.ts), off the first view.
    if (automatic && !lane) void automaticBackup('start');
  };

  const lockedStatus = (
    reason: 'start' | 'idle',
    keychainProblem: string | null = null,
  ): AppStatus => ({
    state: 'locked',
    reason,
    passphrase: keys.state().passphrase,
    keychainProblem,
  });

  // Where the key comes from at this start.
  let started: Promise<void> = Promise.resolve();
  if (options.key !== undefined) {
    openWithKey(options.key, true);
  } else if (!keys.isSetUp) {
    const exists = existsSync(databasePath) && statSync(databasePath).size > 0;
    if (exists && !isPlaintextDatabase(databasePath)) {
      // Encrypted, but its key file is gone: only the recovery key opens it.
      status = lockedStatus('start');
    } else {
      status = { state: 'setup', plaintext: exists, keychain: keys.state().keychainAvailable };
    }
  } else {
    status = lockedStatus('start');
    if (keys.state().keychain && !settings.read().security.askEveryStart) {
      started = keys
        .fromKeychain()
        .then((fromKeychain) => {
          if (fromKeychain) openWithKey(fromKeychain, true);
        })
        .catch((error: unknown) => {
          const message = (error as Error).message;
          console.error(`[parley] the keychain did not give the key: ${message}`);
          log.warn(`The keychain did not give the key: ${message}`);
          status = lockedStatus(
            'start',
            `The system's keychain did not give Parley its key (${message}).`,
          );
        });
    }
  }

  // Idle lock: after the chosen minutes without a call, the key is forgotten until unlocked.
  let idleTimer: NodeJS.Timeout | null = null;
  const touch = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const minutes = settings.read().security.lockAfterMinutes;
    if (minutes <= 0 || !keys.state().passphrase || !store) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (store && !restoring) app.lock('idle');
    }, minutes * 60_000);
    idleTimer.unref();
  };

  const current = (): Store => {
    if (restoring) {
      throw new AppError('unavailable', 'Parley is restoring a backup. Try again in a moment.');
    }
    if (!store) {
      if (status.state === 'locked' || status.state === 'setup' || status.state === 'encrypting') {
        throw new AppError('unavailable', 'Parley is locked. Unlock it to go on.');
      }
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
    () => settings.read().documents.pageSize,
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
    importFile: undefined as unknown as ParleyApp['importFile'],
    started,
    settings: settingsView,

    async updateSettings(patch) {
      if (patch.security && patch.security.askEveryStart !== undefined && key) {
        await keys.setAskEveryStart(libraryKey(), patch.security.askEveryStart);
      }
      const saved = await settings.write(patch);
      if (store) store.actor = actorFrom(saved.you.name);
      if (patch.backups) backups.rotate();
      if (patch.security) touch();
      return settingsView();
    },

    security: () => keys.state(),

    async setUp(passphrase, askEveryStart) {
      if (status.state !== 'setup') {
        throw new AppError('conflict', 'This library is set up already: unlock it instead.');
      }
      const fresh = newLibraryKey();
      const recoveryKey = await keys.keep(fresh, { passphrase, askEveryStart });
      await settings.write({ security: { ...settings.read().security, askEveryStart } });
      openWithKey(fresh, true);
      return { recoveryKey };
    },

    async unlock(secret) {
      if (status.state !== 'locked') return status;
      const given =
        'passphrase' in secret
          ? await keys.fromPassphrase(secret.passphrase)
          : keys.fromRecoveryKey(secret.recoveryKey);
      try {
        // A passphrase proved itself (its wrapping authenticates); a recovery key is trusted
        // when the key file recognises it.
        openWithKey(given, 'passphrase' in secret || keys.recognises(given) === true);
      } catch (error) {
        key = undefined;
        if (error instanceof WrongKeyError) {
          throw new AppError(
            'invalid_input',
            'passphrase' in secret
              ? 'That passphrase does not unlock this library.'
              : 'That recovery key does not unlock this library.',
            'passphrase' in secret ? 'passphrase' : 'recoveryKey',
          );
        }
        throw error;
      }
      touch();
      return status;
    },

    lock(reason) {
      if (!keys.state().passphrase) {
        throw new AppError(
          'conflict',
          'Set a passphrase first (Settings): it is what unlocks Parley again.',
        );
      }
      stopTimer();
      detach();
      key?.fill(0);
      key = undefined;
      setStatus(lockedStatus(reason));
      return status;
    },

    async changePassphrase(currentPassphrase, next) {
      await keys.changePassphrase(libraryKey(), currentPassphrase, next);
      touch();
      return keys.state();
    },

    recoveryKey: () => ({ recoveryKey: formatRecoveryKey(libraryKey()) }),

    deskSync: () => {
      current();
      return deskSync.view();
    },
    connectDeskSync: (address, token) => {
      if (long) throw new AppError('internal', 'Desk sync runs in the interactive lane only.');
      current();
      return deskSync.connect(address, token);
    },
    disconnectDeskSync: () => deskSync.disconnect(),

    location: () => location.view(),

    async chooseLocation(folder) {
      const chosen = await location.choose(folder);
      log.info(`Library folder for the next start: ${chosen.next ?? 'this one'}`);
      return chosen;
    },

    async diagnostics() {
      if (!options.deliver) throw new AppError('internal', 'Saving files is not available here.');
      const now = new Date();
      let database: DiagnosticsInput['database'] = null;
      if (store) {
        database = {
          sqlite: store.db.prepare('SELECT sqlite_version() AS v').pluck().get() as string,
          // The cipher library's own version (SQLite3 Multiple Ciphers, SQLCipher scheme).
          cipher: String(store.db.prepare('SELECT sqlite3mc_version()').pluck().get()),
          schema: Number(store.db.pragma('user_version', { simple: true })),
        };
      }
      const text = diagnosticsText({
        info,
        database,
        dataFolder: dataDir,
        log: logFile.read(),
        now,
      });
      const fileName = diagnosticsFileName(now);
      const delivery = await options.deliver(
        fileName,
        new TextEncoder().encode(text),
        new AbortController().signal,
      );
      if (delivery.kind !== 'cancelled') log.info(`Diagnostics exported as ${fileName}`);
      return { fileName, delivery };
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
      openedFingerprint = null;
      const incoming = `${databasePath}.restoring`;
      try {
        // The chosen backup is copied first: rotation may remove it once the safety copy exists.
        copyFileSync(source, incoming);
        let safetyCopy: BackupInfo | null = null;
        let keptAs: string | null = null;
        if (store) {
          await Promise.allSettled([...pending]);
          safetyCopy = await backups.create(store, 'before-restore', { force: true });
          // The long lane's connection must be closed before the file under it is replaced.
          await lane?.close();
          detach();
          // Closed cleanly, the journal files are gone; any left belong to the old file.
          for (const side of SIDE_FILES) rmSync(databasePath + side, { force: true });
        } else {
          await lane?.close();
          keptAs = setAside(databasePath, new Date());
        }
        renameSync(incoming, databasePath);
        attach(Store.open(databasePath, storeOptions()));
        events.emit('data:changed', { negotiationId: null, tables: null, undo: null });
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
      openedFingerprint = null;
      attach(Store.open(databasePath, storeOptions()));
      events.emit('data:changed', { negotiationId: null, tables: null, undo: null });
      return { keptAs };
    },

    async shutdown() {
      stopTimer();
      await Promise.allSettled([...pending]);
      if (automatic && store && !restoring && !long) {
        try {
          await backups.create(store, 'quit');
        } catch (error) {
          console.error(`[parley] backup on quit failed: ${(error as Error).message}`);
          log.error('Backup on quit failed', error);
        }
      }
      detach();
      if (idleTimer) clearTimeout(idleTimer);
      libraryLock.release();
    },

    close() {
      detach();
      if (idleTimer) clearTimeout(idleTimer);
      libraryLock.release();
    },

    checkInBackground() {
      if (!store) return null;
      const report = inspectFile(databasePath, {
        access: access(),
        size: statSync(databasePath).size,
      });
      if (!report.ok) return { problem: report.problem!, searchIndexOnly: false };
      if (report.searchIndexDamaged) {
        console.error('[parley] the search index was damaged; rebuilding it from the data.');
        try {
          rebuildIndex(store.db);
        } catch (error) {
          if (!(error instanceof IndexUnreadableError)) throw error;
          // Its pages do not read: the interactive lane rebuilds it with the library closed.
          return { problem: error.message, searchIndexOnly: true };
        }
      }
      // The file is whole. From now on this lane copies the log back into it
      // (db/checkpoint.ts) and keeps the query planner's statistics for both lanes, as SQLite
      // advises for long-lived connections: refreshed where a table has grown or was never
      // analysed (0x10000: every table, not only those this connection queried; SQLite limits
      // the work). Neither runs before the check: both write into the file, and a damaged
      // file must stay as it was.
      store.db.pragma('optimize = 0x10002');
      stopCheckpoints ??= checkpointInBackground(store.db, databasePath);
      // Only the library as it was at start (see LongLaneLink.open): quick first edits are
      // the interval backup's, and the last session's quit backup already holds the rest.
      if (
        automatic &&
        options.startFingerprint !== undefined &&
        options.startFingerprint !== null &&
        fingerprint(store.db) === options.startFingerprint
      ) {
        void automaticBackup('start');
      }
      return null;
    },

    async automaticBackup(reason) {
      await automaticBackup(reason);
    },

    reportDamage(problem, searchIndexOnly = false) {
      if (!store || restoring) return;
      if (searchIndexOnly) {
        void repairIndexOpen();
        return;
      }
      console.error(`[parley] the integrity check found damage: ${problem}`);
      detach();
      setStatus({ state: 'damaged', databasePath, problem, suggestion: backups.newestGood() });
    },
  };
  // The library is busy only while the long lane writes (an import's write transaction; the
  // rest of its work only reads). A write of ours that meets it waits, off this thread, for
  // that transaction to end and then runs again, while reads go on answering meanwhile.
  const writing = long ? null : (options.writing ?? null);
  const whenBusy = async (attempt: number): Promise<boolean> => {
    if (attempt > 20) return false;
    if (writing && Atomics.load(writing, 0) === 1) {
      // Node has had Atomics.waitAsync since 16; TypeScript's ES2023 library lacks its type.
      const wait = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(
        writing,
        0,
        1,
        120_000,
      );
      if (wait.async) await wait.value;
    } else {
      // Busy for another reason (a checkpoint, the long transaction just ending): soon.
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
    return true;
  };
  /** Whether the store waits for the lock itself: not while the long lane holds it. */
  const waitsInSqlite = new WeakMap<Store, boolean>();
  const busyWaits = () => {
    if (!writing || !store) return;
    const inSqlite = Atomics.load(writing, 0) === 0;
    if (waitsInSqlite.get(store) !== inSqlite) {
      store.db.pragma(`busy_timeout = ${inSqlite ? 5000 : 0}`);
      waitsInSqlite.set(store, inSqlite);
    }
  };
  const context = {
    get store() {
      busyWaits();
      return current();
    },
    info,
    briefings,
    deliver: options.deliver ?? null,
    app,
  };
  const dispatch = createDispatch(context, whenBusy);
  app.importFile = (path, fileName) => {
    if (!store) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unavailable', message: 'Parley is locked. Unlock it to go on.' },
      });
    }
    touch();
    return run(
      () =>
        importNegotiationFile(
          context.store,
          { path },
          (fraction, message) =>
            events.emit('transfer:progress', { operation: 'import', fraction, message }),
          fileName,
        ),
      'transfer:import',
      whenBusy,
    );
  };
  app.dispatch = (channel, input) => {
    // Any call but a status poll is use: the idle lock waits again.
    if (typeof channel === 'string' && channel !== 'app:status') {
      if (
        !store &&
        !BEFORE_UNLOCK.has(channel) &&
        !appearanceOnly(channel, input) &&
        status.state !== 'damaged'
      ) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unavailable', message: 'Parley is locked. Unlock it to go on.' },
        });
      }
      touch();
    }
    return dispatch(channel, input);
  };
  return app;
}
