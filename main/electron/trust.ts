import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './webPreferences';

/** What the trust check reads of an IPC event (an Electron event has all of it). */
export type SenderOf = Pick<IpcMainInvokeEvent, 'senderFrame'> & {
  sender: Pick<IpcMainInvokeEvent['sender'], 'mainFrame'>;
};

/**
 * Only the app's own top-level frame may call main. A sub-frame (a briefing preview, or
 * anything a bug let in) has no bridge to call with; if one ever had, it would still be
 * refused here, as would a page from any origin but app://parley — or a frame already gone.
 */
export function isTrustedSender(event: SenderOf): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null && frame !== undefined && frame === event.sender.mainFrame && isAppUrl(frame.url)
  );
}
