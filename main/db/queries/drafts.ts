import type { Store } from '../store';
import type { Reader } from '../types';

export interface DraftRow {
  key: string;
  save: string;
}

/** Keeps (or replaces) a field's unsaved edit: one statement, outside history. */
export function putDraft(store: Store, key: string, save: string, at: string): void {
  store
    .prepare(
      `INSERT INTO draft (key, save, at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET save = excluded.save, at = excluded.at`,
    )
    .run(key, save, at);
}

/** Removes the drafts that stand for exactly this save (it has landed). */
export function settleDrafts(store: Store, save: string): void {
  store.prepare('DELETE FROM draft WHERE save = ?').run(save);
}

export function removeDraft(store: Store, key: string): void {
  store.prepare('DELETE FROM draft WHERE key = ?').run(key);
}

export function listDrafts(db: Reader): DraftRow[] {
  return db.all<DraftRow>('SELECT key, save FROM draft ORDER BY at, key');
}
