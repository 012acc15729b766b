// The Electron shell: one locked-down window over the shared dispatch. Everything that is not
// window, menu, dialog or IPC plumbing lives outside main/electron/ and is tested under Node.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, safeStorage, session } from 'electron';
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
import { APP_ORIGIN, isAppUrl, secureWebPreferences } from './webPreferences';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const RENDERER_DIR = here('../renderer/');
const PRELOAD = here('../preload/index.cjs');

let parley: AppHost | undefined;
let mainWindow: BrowserWindow | undefined;

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

async function start(): Promise<void> {
  const databasePath = join(app.getPath('userData'), DATABASE_FILE);
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
      ...(binding ? { nativeBinding: binding } : {}),
    });
  } catch (error) {
    dialog.showErrorBox(
      'Parley cannot open its database',
      `${databasePath}\n\n${(error as Error).message}`,
    );
    app.exit(1);
    return;
  }

  // No network, ever: only the app's own pages and devtools may load anything.
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
  });
  forwardEvents(parley.events, () => BrowserWindow.getAllWindows());
  Menu.setApplicationMenu(
    buildMenu(process.platform === 'darwin', (command) => {
      const payload: EventPayloads['menu:command'] = { command };
      BrowserWindow.getFocusedWindow()?.webContents.send('menu:command', payload);
    }),
  );
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Parley',
    show: false,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  attachContextMenu(mainWindow.webContents);
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
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
