// The app's undo and redo: per negotiation (or the library), stored in main, so they cover
// every edit and survive a restart. Keyboard, menu and buttons all come here.
import type { UndoState } from '../../../shared/domain';
import { invoke, on } from './api';
import { saves } from './save.svelte';
import { toasts } from './toast.svelte';

async function settled(): Promise<void> {
  saves.flushAll();
  await saves.idle();
}

class UndoController {
  scopeId = $state<number | null>(null);
  state = $state<UndoState>({ undo: null, redo: null });
  private busy = false;

  constructor() {
    // Each change carries its scope's undo state: no call of our own, unless anything may have
    // changed (a restore), when it is asked for.
    on('data:changed', (change) => {
      if (change.tables === null) void this.refresh();
      else if (change.undo && change.negotiationId === this.scopeId) this.state = change.undo;
    });
  }

  private scoped = false;

  setScope(scopeId: number | null): void {
    // Changes within the scope arrive as data:changed events; only a new scope needs a fetch.
    if (this.scoped && scopeId === this.scopeId) return;
    this.scoped = true;
    this.scopeId = scopeId;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const result = await invoke('history:state', { scopeId: this.scopeId });
    if (result.ok) this.state = result.value;
  }

  undo(): Promise<void> {
    return this.step('undo');
  }

  redo(): Promise<void> {
    return this.step('redo');
  }

  private async step(direction: 'undo' | 'redo'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      // Pending typing is saved first, so undo takes back the latest edit, not the one before.
      await settled();
      const label = this.state[direction]?.label;
      const result = await invoke(direction === 'undo' ? 'history:undo' : 'history:redo', {
        scopeId: this.scopeId,
      });
      if (!result.ok) return toasts.error(result.error.message);
      this.state = result.value;
      if (label) toasts.show(`${direction === 'undo' ? 'Undone' : 'Redone'}: ${label}`);
      else toasts.show(`Nothing to ${direction}.`);
    } finally {
      this.busy = false;
    }
  }
}

export const undoController = new UndoController();
