import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../shared/channels';
import type { EventPayloads } from '../../shared/contract';
import type { Store } from '../db/store';
import type { Dispatch } from '../ipc/dispatch';
import { isAppUrl } from './webPreferences';

/** Only the app's own top-level frame may call main; sub-frames and other origins may not. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/** One `ipcMain.handle` per contract channel, each calling the shared dispatch. */
export function bindIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: 'Refused: the call did not come from Parley’s window.',
          },
        };
      }
      return dispatch(channel, input);
    });
  }
}

/** Forwards committed changes to every window, so open views reload. */
export function forwardChanges(store: Store, windows: () => BrowserWindow[]): () => void {
  return store.onChange((event) => {
    const payload: EventPayloads['data:changed'] = { negotiationId: event.scopeId };
    for (const window of windows()) window.webContents.send('data:changed', payload);
  });
}
