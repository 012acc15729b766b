import type { Reader } from '../types';
import type { Writer } from '../writer';

type Ordered = 'party' | 'person' | 'issue';
const PARENT: Record<Ordered, string> = {
  party: 'negotiation_id',
  person: 'party_id',
  issue: 'negotiation_id',
};

/** The ids of a list's items, in their current order. */
export function orderedIds(db: Reader, table: Ordered, parentId: number): number[] {
  return db
    .all<{ id: number }>(
      `SELECT id FROM ${table} WHERE ${PARENT[table]} = ? ORDER BY sort_order, id`,
      parentId,
    )
    .map((r) => r.id);
}

/** Puts the list in the order given (every id exactly once), touching only moved rows. */
export function applyOrder(w: Writer, table: Ordered, ids: number[]): void {
  ids.forEach((id, index) => w.update(table, id, { sort_order: index + 1 }));
}
