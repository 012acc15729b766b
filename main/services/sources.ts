import type { ParsedOf } from '../../shared/contract';
import type { Source } from '../../shared/domain';
import { getSource, insertCitation, insertSource, updateSource } from '../db/queries/sources';
import type { Store } from '../db/store';
import { quoted, requireIn, requireMarking, scopeOf } from './common';
import { TARGET_ENTITY } from './citations';
import { notFound } from './errors';

const describe = (s: { speaker: string; outlet: string; quote: string; reference: string }) =>
  quoted(s.outlet || s.speaker || s.quote || s.reference, 30);

export function create(store: Store, input: ParsedOf<'sources:create'>): Source {
  const { cite, ...values } = input;
  scopeOf(store, 'negotiation', values.negotiationId, 'negotiationId');
  requireMarking(store, values.markingId);
  if (cite)
    requireIn(
      store,
      values.negotiationId,
      TARGET_ENTITY[cite.targetType],
      cite.targetId,
      'targetId',
    );
  const label = `${cite ? 'Add and cite' : 'Add'} source ${describe(values)}`;
  return store.write({ label, scopeId: values.negotiationId }, (w) => {
    const source = insertSource(w, values);
    if (cite) insertCitation(w, { sourceId: source.id, ...cite });
    return cite ? getSource(w, source.id)! : source;
  });
}

export function update(store: Store, input: ParsedOf<'sources:update'>): Source {
  const { id, ...patch } = input;
  const scopeId = scopeOf(store, 'source', id);
  requireMarking(store, patch.markingId);
  return store.write({ label: 'Edit source', scopeId }, (w) => updateSource(w, id, patch));
}

export function remove(store: Store, id: number): null {
  const source = getSource(store, id);
  if (!source) throw notFound('This source', 'id');
  store.write({ label: `Delete source ${describe(source)}`, scopeId: source.negotiationId }, (w) =>
    w.remove('source', id),
  );
  return null;
}
