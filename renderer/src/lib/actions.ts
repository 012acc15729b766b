// Deleting asks nothing: it happens at once and can always be undone, from the toast, the
// Undo button or Ctrl+Z.
import type { ChannelName } from '../../../shared/channels';
import type { InputOf } from '../../../shared/contract';
import { invoke } from './api';
import { toasts } from './toast.svelte';
import { undoController } from './undo.svelte';

export async function deleteWithUndo<C extends ChannelName>(
  channel: C,
  input: InputOf<C>,
  what: string,
): Promise<boolean> {
  const result = await invoke(channel, input);
  if (!result.ok) {
    toasts.error(result.error.message);
    return false;
  }
  toasts.show(`${what} deleted.`, {
    action: { label: 'Undo', run: () => void undoController.undo() },
  });
  return true;
}

/** Runs a call and shows its refusal, if any, as an error notice. */
export async function run<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<boolean> {
  const result = await invoke(channel, input);
  if (!result.ok) toasts.error(result.error.message);
  return result.ok;
}
