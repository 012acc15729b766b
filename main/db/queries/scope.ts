import { SCOPE_SQL, type TableName } from '../entities';
import type { Reader } from '../types';

// Which negotiation a row belongs to: changes are recorded (and undone) per negotiation. The
// way there (a position through its round, a citation through its source) is the registry's.
export type ScopedEntity = TableName;

/** The negotiation `entity` #`id` belongs to, or undefined when there is no such row. */
export function negotiationOf(db: Reader, entity: ScopedEntity, id: number): number | undefined {
  return db.get<{ n: number }>(SCOPE_SQL[entity], id)?.n;
}
