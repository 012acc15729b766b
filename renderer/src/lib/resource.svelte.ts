import { on } from './api';
import { touches, type Watch } from './watch';
import type { Result } from '../../../shared/result';

/**
 * Data loaded through the client, reloaded when main reports a change that touches what it
 * shows, so every view shows what is stored without reloading for every keystroke elsewhere.
 * `value` keeps the last good data while a reload is under way.
 */
export class Resource<T> {
  // Raw, not deeply reactive: results are replaced whole on every reload, never edited in
  // place, and a large negotiation's data is too big to wrap in proxies for nothing.
  value = $state.raw<T | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  /** True once main has said the item no longer exists (deleted, perhaps by an undo). */
  gone = $state(false);
  loading = $state(true);
  private readonly unsubscribe: () => void;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<Result<T>>,
    watch: Watch = {},
  ) {
    this.unsubscribe = on('data:changed', (change) => {
      if (touches(change, watch)) void this.reload();
    });
    void this.reload();
  }

  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    const result = await this.load();
    if (generation !== this.generation) return;
    this.loading = false;
    if (result.ok) {
      this.value = result.value;
      this.error = undefined;
      this.gone = false;
    } else {
      this.error = result.error.message;
      this.gone = result.error.code === 'not_found';
      if (this.gone) this.value = undefined;
    }
  }

  dispose(): void {
    this.unsubscribe();
  }
}

export { ROUND_TABLES } from './watch';
