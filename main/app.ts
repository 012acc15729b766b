import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { version } from '../package.json';
import type { AppInfo } from '../shared/domain';
import { Store, type StoreOptions } from './db/store';
import { AppEvents } from './events';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import { BriefingDesk, type PdfPrinter } from './services/briefing/desk';
import type { Deliver } from './services/files';

export interface OpenAppOptions {
  databasePath: string;
  transport: AppInfo['transport'];
  nativeBinding?: string;
  /** Chromium's print-to-PDF for this transport (briefings cannot be exported without it). */
  printer?: PdfPrinter;
  /** How an exported PDF reaches the officer: save dialog or download. */
  deliver?: Deliver;
  /** Who changes are recorded as (the OS user by default), and the clock (tests pin it). */
  actor?: string;
  now?: StoreOptions['now'];
}

export interface ParleyApp {
  store: Store;
  events: AppEvents;
  briefings: BriefingDesk;
  dispatch: Dispatch;
  info: AppInfo;
  close(): void;
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Opens the database and wires the dispatch: the same for the desktop app and the web binding. */
export function openApp(options: OpenAppOptions): ParleyApp {
  mkdirSync(dirname(options.databasePath), { recursive: true });
  const store = Store.open(options.databasePath, {
    actor: options.actor ?? currentUser(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const events = new AppEvents();
  store.onChange((change) => events.emit('data:changed', { negotiationId: change.scopeId }));
  const briefings = new BriefingDesk(
    store,
    options.printer ?? null,
    options.deliver ?? null,
    (progress) => events.emit('briefing:progress', progress),
  );
  const info: AppInfo = {
    version,
    databasePath: options.databasePath,
    transport: options.transport,
  };
  return {
    store,
    events,
    briefings,
    info,
    dispatch: createDispatch({ store, info, briefings, deliver: options.deliver ?? null }),
    close: () => store.close(),
  };
}
