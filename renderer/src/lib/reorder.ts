/** The ids in a new order: `id` moved one place up (-1) or down (+1). Null at either end. */
export function moved(ids: number[], id: number, by: -1 | 1): number[] | null {
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  const next = [...ids];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** Alt+ArrowUp / Alt+ArrowDown on a row moves it (the direction, or null for other keys). */
export function moveKey(event: KeyboardEvent): -1 | 1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  if (event.key === 'ArrowUp') return -1;
  if (event.key === 'ArrowDown') return 1;
  return null;
}

/**
 * Moving a row re-inserts its element, and the browser drops the focus of an element it moves:
 * the focused element is held when the move is asked for and focused again once the list shows
 * the new order, so Alt+↓ can be pressed again and again.
 */
export class FocusKeeper {
  private pending: { element: HTMLElement; ids: string } | null = null;

  hold(ids: number[]): void {
    const element = document.activeElement;
    this.pending = element instanceof HTMLElement ? { element, ids: ids.join() } : null;
  }

  /** Call with the order the list now shows (from an effect that follows it). */
  restore(ids: number[]): void {
    const pending = this.pending;
    if (!pending || pending.ids !== ids.join()) return;
    this.pending = null;
    if (pending.element.isConnected && document.activeElement !== pending.element) {
      pending.element.focus({ preventScroll: true });
    }
  }
}
