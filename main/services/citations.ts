// Citations: a source cited for a round, a position, a red line, a development or a linkage.
import type { ParsedOf } from '../../shared/contract';
import type { Citation } from '../../shared/domain';
import type { ScopedEntity } from '../db/queries/scope';
import { citationExists, getCitation, insertCitation } from '../db/queries/sources';
import type { Store } from '../db/store';
import { requireIn, scopeOf } from './common';
import { AppError, notFound } from './errors';

/** The table each kind of cited item lives in. */
export const TARGET_ENTITY: Record<Citation['targetType'], ScopedEntity> = {
  round: 'round',
  position: 'position',
  redLine: 'red_line',
  development: 'development',
  linkage: 'linkage',
};

export function create(store: Store, input: ParsedOf<'citations:create'>): Citation {
  const scopeId = scopeOf(store, 'source', input.sourceId, 'sourceId');
  requireIn(store, scopeId, TARGET_ENTITY[input.targetType], input.targetId, 'targetId');
  if (citationExists(store, input.sourceId, input.targetType, input.targetId)) {
    throw new AppError('conflict', 'This source is already cited here.', 'sourceId');
  }
  return store.write({ label: 'Cite source', scopeId }, (w) => insertCitation(w, input));
}

export function remove(store: Store, id: number): null {
  if (!getCitation(store, id)) throw notFound('This citation', 'id');
  const scopeId = scopeOf(store, 'citation', id);
  store.write({ label: 'Remove citation', scopeId }, (w) => w.remove('citation', id));
  return null;
}
