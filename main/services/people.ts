// The people of a party: who speaks for it, who declared a red line.
import type { ParsedOf } from '../../shared/contract';
import type { Person } from '../../shared/domain';
import { applyOrder, itemWith, orderedIds } from '../db/queries/order';
import { getPerson, insertPerson, updatePerson } from '../db/queries/parties';
import type { Store } from '../db/store';
import { checkOrder } from './parties';
import { quoted, requireMarking, scopeOf } from './common';
import { invalid, notFound } from './errors';

export function create(store: Store, input: ParsedOf<'people:create'>): Person {
  const scopeId = scopeOf(store, 'party', input.partyId, 'partyId');
  requireMarking(store, input.markingId);
  if (itemWith(store, 'person', 'name', input.partyId, input.name)) {
    throw invalid('name', `This party already lists “${input.name}”.`);
  }
  return store.write({ label: `Add person ${quoted(input.name)}`, scopeId }, (w) =>
    insertPerson(w, input),
  );
}

export function update(store: Store, input: ParsedOf<'people:update'>): Person {
  const { id, ...patch } = input;
  const person = getPerson(store, id);
  if (!person) throw notFound('This person', 'id');
  requireMarking(store, patch.markingId);
  if (
    patch.name !== undefined &&
    itemWith(store, 'person', 'name', person.partyId, patch.name, id)
  ) {
    throw invalid('name', `This party already lists “${patch.name}”.`);
  }
  const scopeId = scopeOf(store, 'person', id);
  return store.write({ label: 'Edit person', scopeId }, (w) => updatePerson(w, id, patch));
}

export function remove(store: Store, id: number): null {
  const person = getPerson(store, id);
  if (!person) throw notFound('This person', 'id');
  const scopeId = scopeOf(store, 'person', id);
  store.write({ label: `Delete person ${quoted(person.name)}`, scopeId }, (w) =>
    w.remove('person', id),
  );
  return null;
}

export function reorder(store: Store, input: ParsedOf<'people:reorder'>): null {
  const scopeId = scopeOf(store, 'party', input.partyId, 'partyId');
  checkOrder(orderedIds(store, 'person', input.partyId), input.ids, 'people of this party');
  store.write({ label: 'Reorder people', scopeId }, (w) => applyOrder(w, 'person', input.ids));
  return null;
}
