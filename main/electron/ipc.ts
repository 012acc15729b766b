import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../shared/channels';
import type { AppEvents } from '../events';
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

/** Forwards main's events (changes, export progress) to every window. */
export function forwardEvents(events: AppEvents, windows: () => BrowserWindow[]): () => void {
  return events.on((event) => {
    for (const window of windows()) window.webContents.send(event.channel, event.payload);
  });
}
