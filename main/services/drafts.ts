// Unsaved typing, kept in the (encrypted) library until it is saved: see migrations 8 and 20.
//
// A field's drafts and saves carry the page's sequence number for the edit (shared/drafts.ts):
// through the web binding they are separate requests and may arrive in any order, so order is
// restored here. A draft is kept only if it is newer than the field's draft and its newest
// landed save; a save older than the newest landed one is not applied. The next page replays
// what is kept, and nothing older can then overwrite what was typed last.
import type { Draft, DraftCommitted } from '../../shared/drafts';
import { MAX_DRAFT_CHARS } from '../../shared/drafts';
import {
  forgetLanded,
  landDraft,
  landedSeq,
  listDrafts,
  putDraft,
  removeDraft,
} from '../db/queries/drafts';
import type { Store } from '../db/store';
import { invalid } from './errors';

/** How long a saved field's marker is kept for late requests of the page that saved it. */
const LANDED_KEPT_MS = 24 * 60 * 60 * 1000;

export function put(store: Store, draft: Draft): null {
  const save = JSON.stringify(draft.save);
  if (save.length > MAX_DRAFT_CHARS) {
    throw invalid('save', 'This draft is larger than anything Parley stores in one field.');
  }
  // Refused silently when older than what the field holds: that typing was superseded.
  putDraft(store, draft.key, draft.seq, save, store.now());
  return null;
}

export function remove(store: Store, key: string, seq: number): null {
  removeDraft(store, key, seq);
  return null;
}

export function list(store: Store): Draft[] {
  forgetLanded(store, new Date(Date.parse(store.now()) - LANDED_KEPT_MS).toISOString());
  return listDrafts(store).map((d) => ({
    key: d.key,
    seq: d.seq,
    save: JSON.parse(d.save) as Draft['save'],
  }));
}

/**
 * Saves a draft: runs its call (`apply`, which validates it as its own channel would) and
 * settles the draft with it, in one turn of the data thread, so no other call comes between.
 * Settling here rather than by another call from the renderer saves a round trip per edit, and
 * a page that dies between the save and that call cannot leave a draft behind to be replayed.
 * A save older than one that landed already is not applied: `saved` false.
 */
export async function commit(
  store: Store,
  draft: Draft,
  apply: (save: Draft['save']) => unknown,
): Promise<DraftCommitted> {
  if (landedSeq(store, draft.key) > draft.seq) return { saved: false };
  const done = apply(draft.save);
  if (done instanceof Promise) await done;
  landDraft(store, draft.key, draft.seq, store.now());
  return { saved: true };
}
