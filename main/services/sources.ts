import type { ParsedOf } from '../../shared/contract';
import type { Citation, Source } from '../../shared/domain';
import type { ScopedEntity } from '../db/queries/scope';
import {
  citationExists,
  getCitation,
  getSource,
  insertCitation,
  insertSource,
  updateSource,
} from '../db/queries/sources';
import type { Store } from '../db/store';
import { quoted, requireIn, requireMarking, scopeOf } from './common';
import { AppError, notFound } from './errors';

const TARGET_ENTITY: Record<Citation['targetType'], ScopedEntity> = {
  round: 'round',
  position: 'position',
  redLine: 'red_line',
  development: 'development',
};

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

export function cite(store: Store, input: ParsedOf<'citations:create'>): Citation {
  const scopeId = scopeOf(store, 'source', input.sourceId, 'sourceId');
  requireIn(store, scopeId, TARGET_ENTITY[input.targetType], input.targetId, 'targetId');
  if (citationExists(store, input.sourceId, input.targetType, input.targetId)) {
    throw new AppError('conflict', 'This source is already cited here.', 'sourceId');
  }
  return store.write({ label: 'Cite source', scopeId }, (w) => insertCitation(w, input));
}

export function uncite(store: Store, id: number): null {
  if (!getCitation(store, id)) throw notFound('This citation', 'id');
  const scopeId = scopeOf(store, 'citation', id);
  store.write({ label: 'Remove citation', scopeId }, (w) => w.remove('citation', id));
  return null;
}
