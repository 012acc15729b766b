// The desk sync's settings, kept inside the encrypted library (migration 17): the server's
// address, the desk's token and whether the officer left it connected. The token is a secret:
// it is read here and handed to the sync connection, and never logged or sent to the page.
import { z } from 'zod';
import { getSetting, putSetting } from '../db/queries/settings';
import type { Store } from '../db/store';

const KEY = 'desk-sync';

const stored = z.object({
  address: z.string(),
  token: z.string(),
  /** The officer connected and has not disconnected: Parley connects again at the next start. */
  connected: z.boolean(),
});
export type DeskSyncSettings = z.infer<typeof stored>;

export function readDeskSync(store: Store): DeskSyncSettings | null {
  const text = getSetting(store, KEY);
  if (text === undefined) return null;
  const parsed = stored.safeParse(JSON.parse(text));
  // Written only by this module; anything else is treated as never set rather than trusted.
  return parsed.success ? parsed.data : null;
}

export function writeDeskSync(store: Store, settings: DeskSyncSettings): void {
  putSetting(store, KEY, JSON.stringify(settings), store.now());
}
