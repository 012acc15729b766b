// Help → Export diagnostics… (and the button in Settings): versions, the system and the log, as
// a text file for IT — saved through a dialog in the desktop app, downloaded in a browser.
import { invoke } from './api';
import { received } from './files';
import { toasts } from './toast.svelte';

export async function diagnostics(): Promise<void> {
  const result = await invoke('app:diagnostics', {});
  if (!result.ok) return toasts.error(`Diagnostics were not exported: ${result.error.message}`);
  const { delivery, fileName } = result.value;
  toasts.show(received(delivery, fileName, 'diagnostics'));
}
