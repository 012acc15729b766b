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

/** The place after the list's last item: where a new item goes. */
export function nextOrder(db: Reader, table: Ordered, parentId: number): number {
  return (
    db.get<{ n: number }>(
      `SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM ${table} WHERE ${PARENT[table]} = ?`,
      parentId,
    )?.n ?? 1
  );
}

/**
 * Another item of the list (not `exceptId`) whose `column` holds `value`, ignoring case: the
 * names a list may not hold twice, as its unique indexes say.
 */
export function itemWith<T extends Ordered>(
  db: Reader,
  table: T,
  column: { party: 'name' | 'short_code'; person: 'name'; issue: 'title' }[T],
  parentId: number,
  value: string,
  exceptId = 0,
): number | undefined {
  return db.get<{ id: number }>(
    `SELECT id FROM ${table} WHERE ${PARENT[table]} = ? AND ${column} = ? COLLATE NOCASE AND id <> ?`,
    parentId,
    value,
    exceptId,
  )?.id;
}

/** Puts the list in the order given (every id exactly once), touching only moved rows. */
export function applyOrder(w: Writer, table: Ordered, ids: number[]): void {
  ids.forEach((id, index) => w.update(table, id, { sort_order: index + 1 }));
}
