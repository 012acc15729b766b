import type { Store } from '../store';
import type { Reader } from '../types';

export interface DraftRow {
  key: string;
  save: string;
  seq: number;
}

/**
 * Keeps (or replaces) a field's unsaved edit: one statement, outside history. Nothing is kept
 * when the field already holds a draft as new, or a save as new, as this one (migration 20).
 */
export function putDraft(store: Store, key: string, seq: number, save: string, at: string): void {
  store
    .prepare(
      `INSERT INTO draft (key, save, seq, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET save = excluded.save, seq = excluded.seq, at = excluded.at
       WHERE excluded.seq > draft.seq AND excluded.seq > draft.landed`,
    )
    .run(key, save, seq, at);
}

/** The newest save of this field that has landed (0 if none is known). */
export function landedSeq(db: Reader, key: string): number {
  return db.get<{ landed: number }>('SELECT landed FROM draft WHERE key = ?', key)?.landed ?? 0;
}

/**
 * The save of sequence `seq` has landed: remembered, and the draft it stood for — or any older
 * one — is no longer kept. A newer draft stays.
 */
export function landDraft(store: Store, key: string, seq: number, at: string): void {
  store
    .prepare(
      `INSERT INTO draft (key, save, seq, landed, at) VALUES (?, NULL, 0, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         save = CASE WHEN draft.seq <= excluded.landed THEN NULL ELSE draft.save END,
         landed = max(draft.landed, excluded.landed),
         at = excluded.at`,
    )
    .run(key, seq, at);
}

/** Drops the field's draft if it is no newer than `seq` (the field was typed back as stored). */
export function removeDraft(store: Store, key: string, seq: number): void {
  store.prepare('UPDATE draft SET save = NULL WHERE key = ? AND seq <= ?').run(key, seq);
}

/**
 * Forgets the markers of saved fields last touched before `before`: a page's late requests
 * arrive within moments, not hours.
 */
export function forgetLanded(store: Store, before: string): void {
  store.prepare('DELETE FROM draft WHERE save IS NULL AND at < ?').run(before);
}

export function listDrafts(db: Reader): DraftRow[] {
  return db.all<DraftRow>(
    'SELECT key, save, seq FROM draft WHERE save IS NOT NULL ORDER BY at, key',
  );
}
