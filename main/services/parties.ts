import type { ParsedOf } from '../../shared/contract';
import type { Party } from '../../shared/domain';
import { defaultPartyColour } from '../../shared/palette';
import { applyOrder, itemWith, nextOrder, orderedIds } from '../db/queries/order';
import { getParty, insertParty, updateParty } from '../db/queries/parties';
import type { Store } from '../db/store';
import type { Reader } from '../db/types';
import { quoted, scopeOf } from './common';
import { invalid, notFound } from './errors';

function checkUnique(
  db: Reader,
  negotiationId: number,
  values: { name?: string; shortCode?: string },
  exceptId = 0,
) {
  if (
    values.name !== undefined &&
    itemWith(db, 'party', 'name', negotiationId, values.name, exceptId)
  ) {
    throw invalid('name', `Another party is already called “${values.name}”.`);
  }
  if (
    values.shortCode !== undefined &&
    itemWith(db, 'party', 'short_code', negotiationId, values.shortCode, exceptId)
  ) {
    throw invalid('shortCode', `Another party already uses the short code “${values.shortCode}”.`);
  }
}

/** Checks a new order names exactly the list's current items. */
export function checkOrder(current: number[], wanted: number[], what: string): void {
  const same =
    current.length === wanted.length && [...current].sort().join() === [...wanted].sort().join();
  if (!same) {
    throw invalid('ids', `The new order must name each of the ${what} exactly once.`);
  }
}

export function create(store: Store, input: ParsedOf<'parties:create'>): Party {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  checkUnique(store, input.negotiationId, input);
  const sortOrder = nextOrder(store, 'party', input.negotiationId);
  return store.write(
    { label: `Add party ${quoted(input.name)}`, scopeId: input.negotiationId },
    (w) =>
      insertParty(w, {
        ...input,
        colour: input.colour ?? defaultPartyColour(sortOrder - 1),
        sortOrder,
      }),
  );
}

export function update(store: Store, input: ParsedOf<'parties:update'>): Party {
  const { id, ...patch } = input;
  const scopeId = scopeOf(store, 'party', id);
  checkUnique(store, scopeId, patch, id);
  return store.write({ label: 'Edit party', scopeId }, (w) => updateParty(w, id, patch));
}

export function remove(store: Store, id: number): null {
  const party = getParty(store, id);
  if (!party) throw notFound('This party', 'id');
  store.write({ label: `Delete party ${quoted(party.name)}`, scopeId: party.negotiationId }, (w) =>
    w.remove('party', id),
  );
  return null;
}

export function reorder(store: Store, input: ParsedOf<'parties:reorder'>): null {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  checkOrder(orderedIds(store, 'party', input.negotiationId), input.ids, 'parties');
  store.write({ label: 'Reorder parties', scopeId: input.negotiationId }, (w) =>
    applyOrder(w, 'party', input.ids),
  );
  return null;
}
