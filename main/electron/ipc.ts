import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS, type ChannelName } from '../../shared/channels';
import type { AppEvents } from '../events';
import { isTrustedSender } from './trust';

type JsonHandler = (input: unknown) => Promise<string>;

/**
 * One `ipcMain.handle` per contract channel, each passing the call to the data worker. The
 * result comes back as JSON text and goes to the page as it is (the preload parses it), so
 * this thread never copies a large result object twice. A few channels need the windows
 * themselves (printing): `local` answers those here.
 */
export function bindIpc(
  dispatchJson: (channel: string, input: unknown) => Promise<string>,
  local: Partial<Record<ChannelName, JsonHandler>> = {},
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event)) return REFUSED;
      return (local[channel] ?? ((i: unknown) => dispatchJson(channel, i)))(input);
    });
  }
}

const REFUSED = JSON.stringify({
  ok: false,
  error: { code: 'internal', message: 'Refused: the call did not come from Parley’s window.' },
});

/** Forwards main's events (changes, export progress) to every window. */
export function forwardEvents(events: AppEvents, windows: () => BrowserWindow[]): () => void {
  return events.on((event) => {
    for (const window of windows()) window.webContents.send(event.channel, event.payload);
  });
}
