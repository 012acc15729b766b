// Unsaved typing, kept in the (encrypted) library until it is saved: see migration 8.
import type { Draft } from '../../shared/drafts';
import { MAX_DRAFT_CHARS } from '../../shared/drafts';
import { listDrafts, putDraft, removeDraft, settleDrafts } from '../db/queries/drafts';
import type { Store } from '../db/store';
import { invalid } from './errors';

export function put(store: Store, draft: Draft): null {
  const save = JSON.stringify(draft.save);
  if (save.length > MAX_DRAFT_CHARS) {
    throw invalid('save', 'This draft is larger than anything Parley stores in one field.');
  }
  putDraft(store, draft.key, save, store.now());
  return null;
}

export function remove(store: Store, key: string): null {
  removeDraft(store, key);
  return null;
}

export function list(store: Store): Draft[] {
  return listDrafts(store).map((d) => ({ key: d.key, save: JSON.parse(d.save) as Draft['save'] }));
}

/**
 * A save has landed: the draft that stood for exactly this call (same channel, same input, as
 * the renderer put it) is no longer needed. Done here, after the save, rather than by another
 * call from the renderer: one round trip fewer per edit, and a page that dies between the save
 * and that call cannot leave a draft behind to be replayed. A draft for newer typing differs,
 * and stays.
 */
export function settle(store: Store, channel: string, input: unknown): void {
  settleDrafts(store, JSON.stringify({ channel, input }));
}
