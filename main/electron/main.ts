// The Electron shell: one locked-down window over the shared dispatch. Everything that is not
// window, menu, dialog or IPC plumbing lives outside main/electron/ and is tested under Node.
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  nativeTheme,
  safeStorage,
  session,
  shell,
  type OpenDialogOptions,
} from 'electron';
import type { Settings } from '../../shared/settings';
import { dataFolder } from '../services/location';
import { log, openLog } from '../log';
import { SettingsFile } from '../services/settings';
import { contract, type EventPayloads } from '../../shared/contract';
import { startDataWorker, type AppHost } from '../worker/host';
import { DATABASE_FILE } from '../paths';
import { electronBindingPath } from '../tools/native-paths.mjs';
import { attachContextMenu } from './contextMenu';
import { bindIpc, forwardEvents } from './ipc';
import { keychainFrom } from './keychain';
import { electronPrinter, printDocuments, printWithDialog, saveWithDialog } from './printer';
import { buildMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, isAppUrl, secureWebPreferences, spellCheckHere } from './webPreferences';
import { keepPlacement, MINIMUM_SIZE, restoredPlacement } from './windowState';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const RENDERER_DIR = here('../renderer/');
const PRELOAD = here('../preload/index.cjs');

let parley: AppHost | undefined;
let mainWindow: BrowserWindow | undefined;
/** Files chosen in the import dialog, by the token the page was given for each. */
const chosenImports = new Map<string, string>();

// Each end-to-end test runs the app against its own data folder.
if (process.env.PARLEY_USER_DATA) app.setPath('userData', process.env.PARLEY_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  // Another Parley already owns the database; it is brought forward instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  registerAppScheme();
  lockDownContents();
  void app.whenReady().then(start);
}

/** In development the Electron-ABI build of better-sqlite3 sits apart from node_modules'. */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  return electronBindingPath(
    app.getAppPath(),
    process.versions.electron,
    process.platform,
    process.arch,
  );
}

/** The settings the shell itself applies: the theme of native parts, and spell-checking. */
function applySettings(settings: Pick<Settings, 'appearance' | 'spelling'>): void {
  nativeTheme.themeSource = settings.appearance.theme;
  session.defaultSession.setSpellCheckerEnabled(
    spellCheckHere() && settings.spelling.checkAsYouType,
  );
}

async function start(): Promise<void> {
  // The usual folder, unless --data-dir, PARLEY_DATA or the Settings choice names another.
  const usual = app.getPath('userData');
  const { folder, source } = dataFolder(usual);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  openLog(join(folder, 'parley.log'));
  log.info(
    `Desktop app starting (Electron ${process.versions.electron}); library folder from ${source}`,
  );
  const databasePath = join(folder, DATABASE_FILE);
  try {
    const binding = nativeBinding();
    // The data side runs on a worker thread: no query ever holds up the windows and menus.
    parley = await startDataWorker({
      databasePath,
      transport: 'electron',
      printer: electronPrinter,
      deliver: saveWithDialog,
      automaticBackups: true,
      keychain: keychainFrom(safeStorage),
      workerScript: here('./data-worker.js'),
      location: { usual, source },
      ...(binding ? { nativeBinding: binding } : {}),
    });
  } catch (error) {
    log.error('The database could not be opened', error);
    dialog.showErrorBox(
      'Parley cannot open its database',
      `${databasePath}\n\n${(error as Error).message}`,
    );
    app.exit(1);
    return;
  }

  // No network for the page, ever: only the app's own pages and devtools may load anything.
  // (The one connection Parley makes is desk sync's, from the data worker in Node, to the
  // address the officer set in Settings once they connect: main/sync/, walled in by lint.)
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${APP_ORIGIN}/`) || details.url.startsWith('devtools:');
    callback({ cancel: !allowed });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Dictionaries, if Chromium ever wanted one, are looked for inside the app (where there are
  // none), never on Google's servers.
  session.defaultSession.setSpellCheckerDictionaryDownloadURL(`${APP_ORIGIN}/dictionaries/`);

  const host = parley;
  applySettings(new SettingsFile(join(folder, 'settings.json')).read());
  serveRenderer(RENDERER_DIR, (path) => {
    const preview = /^briefing\/([\w-]+)\.html$/.exec(path);
    return preview ? host.briefingHtml(preview[1]!) : printDocuments.get(path);
  });
  bindIpc(parley.dispatchJson, {
    // The print dialog needs a window, so this thread prints; the worker still says what is
    // wrong with a call that does not name a prepared brief.
    'briefing:print': async (input) => {
      const parsed = contract['briefing:print'].input.safeParse(input);
      const html = parsed.success ? await host.briefingHtml(parsed.data.jobId) : undefined;
      if (!parsed.success || html === undefined) return host.dispatchJson('briefing:print', input);
      const result = await printWithDialog(`${APP_ORIGIN}/briefing/${parsed.data.jobId}.html`);
      return JSON.stringify({ ok: true, value: result });
    },
    'app:showDataFolder': async () => {
      const problem = await shell.openPath(folder);
      if (!problem) return JSON.stringify({ ok: true, value: { opened: true, folder } });
      return JSON.stringify({
        ok: false,
        error: {
          code: 'internal',
          message: `The folder could not be opened (${problem}): ${folder}`,
        },
      });
    },
    // Importing a negotiation file: the officer chooses it in the system's open dialog, and
    // the long lane reads it from disk as a stream (never through the page, never whole). The
    // page learns only the file's name and a token for it, never its path.
    'transfer:chooseImport': async () => {
      const options: OpenDialogOptions = {
        title: 'Import negotiation',
        properties: ['openFile'],
        filters: [{ name: 'Parley negotiation file', extensions: ['json'] }],
      };
      const owner = BrowserWindow.getFocusedWindow();
      const picked = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      const path = picked.filePaths[0];
      if (picked.canceled || !path) return JSON.stringify({ ok: true, value: null });
      const choice = randomBytes(16).toString('hex');
      chosenImports.set(choice, path);
      return JSON.stringify({ ok: true, value: { choice, fileName: basename(path) } });
    },
    'transfer:importChosen': async (input) => {
      const parsed = contract['transfer:importChosen'].input.safeParse(input);
      const path = parsed.success ? chosenImports.get(parsed.data.choice) : undefined;
      if (!parsed.success || path === undefined) {
        return JSON.stringify({
          ok: false,
          error: { code: 'invalid_input', message: 'Choose the file to import again.' },
        });
      }
      chosenImports.delete(parsed.data.choice);
      return host.importFile(path, basename(path));
    },
    // Saved by the worker, then applied here: the window's theme and spell-checking follow.
    'settings:update': async (input) => {
      const json = await host.dispatchJson('settings:update', input);
      const result = JSON.parse(json) as { ok: boolean; value?: Settings };
      if (result.ok && result.value) applySettings(result.value);
      return json;
    },
  });
  forwardEvents(parley.events, () => BrowserWindow.getAllWindows());
  Menu.setApplicationMenu(
    buildMenu(process.platform === 'darwin', (command) => {
      const payload: EventPayloads['menu:command'] = { command };
      BrowserWindow.getFocusedWindow()?.webContents.send('menu:command', payload);
    }),
  );
  createWindow(usual);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(usual);
  });
}

/** The window, where it was last time (window-state.json in the usual folder). */
function createWindow(stateFolder: string): void {
  const placement = restoredPlacement(stateFolder);
  const window = new BrowserWindow({
    ...placement.options,
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    title: 'Parley',
    show: false,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  mainWindow = window;
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    if (placement.fullScreen) window.setFullScreen(true);
    window.show();
  });
  keepPlacement(window, stateFolder);
  attachContextMenu(window.webContents);
  recoverFromCrashes(window);
  window.on('closed', () => (mainWindow = undefined));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

/**
 * A page that crashed (or was killed for memory) is loaded again at the same view, and says
 * so. What was being typed is not lost: every edit is kept as a draft in the library as it is
 * typed (services/drafts.ts), and the page offers it back when it loads.
 */
function recoverFromCrashes(window: BrowserWindow): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error(`The window's page stopped (${details.reason}, exit code ${details.exitCode})`);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const url = new URL(window.webContents.getURL() || `${APP_ORIGIN}/index.html`);
    if (!isAppUrl(url.href)) return;
    url.searchParams.set('recovered', details.reason);
    void window.loadURL(url.href);
  });
}

/** No new windows, no navigation away from the app, no webviews — for every web contents. */
function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the last backup (skipped when nothing changed), then closes the database.
let quitting = false;
app.on('will-quit', (event) => {
  if (!parley || quitting) return;
  event.preventDefault();
  quitting = true;
  void parley.shutdown().finally(() => {
    parley = undefined;
    app.quit();
  });
});
