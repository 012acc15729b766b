import { markingExists } from '../db/queries/markings';
import { negotiationOf, type ScopedEntity } from '../db/queries/scope';
import type { Reader } from '../db/types';
import { thisOne } from '../db/entities';
import { invalid, notFound } from './errors';

/** The negotiation an item belongs to; a clear "no longer exists" when there is no such item. */
export function scopeOf(db: Reader, entity: ScopedEntity, id: number, field = 'id'): number {
  const scope = negotiationOf(db, entity, id);
  if (scope === undefined) throw notFound(thisOne(entity), field);
  return scope;
}

/** Checks an item belongs to the given negotiation (it exists, and is not another's). */
export function requireIn(
  db: Reader,
  negotiationId: number,
  entity: ScopedEntity,
  id: number,
  field: string,
): void {
  if (scopeOf(db, entity, id, field) !== negotiationId) {
    throw invalid(field, `${thisOne(entity)} belongs to another negotiation.`);
  }
}

export function requireMarking(db: Reader, markingId: number | null | undefined): void {
  if (markingId !== null && markingId !== undefined && !markingExists(db, markingId)) {
    throw invalid('markingId', 'Choose a marking from the list.');
  }
}

/** Quotes a user's text in a change label, shortened so menus stay readable. */
export function quoted(text: string, max = 40): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return `“${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}”`;
}

/** The open library, as handlers hand it to services (they never reach into db/ themselves). */
export type { Store } from '../db/store';
