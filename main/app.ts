import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { version } from '../package.json';
import type { AppInfo } from '../shared/domain';
import { Store } from './db/store';
import { createDispatch, type Dispatch } from './ipc/dispatch';

export interface OpenAppOptions {
  databasePath: string;
  transport: AppInfo['transport'];
  nativeBinding?: string;
}

export interface ParleyApp {
  store: Store;
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
    actor: currentUser(),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const info: AppInfo = {
    version,
    databasePath: options.databasePath,
    transport: options.transport,
  };
  return {
    store,
    info,
    dispatch: createDispatch({ store, info }),
    close: () => store.close(),
  };
}
