import type { ParsedOf } from '../../shared/contract';
import type { RedLine } from '../../shared/domain';
import { getRedLine, insertRedLine, updateRedLine } from '../db/queries/redLines';
import type { Store } from '../db/store';
import { requireIn, requireMarking, scopeOf } from './common';
import { notFound } from './errors';

export function create(store: Store, input: ParsedOf<'redLines:create'>): RedLine {
  const scopeId = scopeOf(store, 'party', input.partyId, 'partyId');
  requireIn(store, scopeId, 'issue', input.issueId, 'issueId');
  if (input.declaredByPersonId !== null) {
    requireIn(store, scopeId, 'person', input.declaredByPersonId, 'declaredByPersonId');
  }
  requireMarking(store, input.markingId);
  return store.write({ label: 'Add red line', scopeId }, (w) => insertRedLine(w, input));
}

export function update(store: Store, input: ParsedOf<'redLines:update'>): RedLine {
  const { id, ...patch } = input;
  const scopeId = scopeOf(store, 'red_line', id);
  if (patch.partyId !== undefined) requireIn(store, scopeId, 'party', patch.partyId, 'partyId');
  if (patch.issueId !== undefined) requireIn(store, scopeId, 'issue', patch.issueId, 'issueId');
  if (patch.declaredByPersonId) {
    requireIn(store, scopeId, 'person', patch.declaredByPersonId, 'declaredByPersonId');
  }
  requireMarking(store, patch.markingId);
  return store.write({ label: 'Edit red line', scopeId }, (w) => updateRedLine(w, id, patch));
}

export function remove(store: Store, id: number): null {
  if (!getRedLine(store, id)) throw notFound('This red line', 'id');
  const scopeId = scopeOf(store, 'red_line', id);
  store.write({ label: 'Delete red line', scopeId }, (w) => w.remove('red_line', id));
  return null;
}
