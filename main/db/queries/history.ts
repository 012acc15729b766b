import type { HistoryEntity } from '../../../shared/domain';
import type { Reader } from '../types';
import { ENTITIES, PARTS, type TableName } from '../entities';

export interface HistoryRecord {
  id: number;
  change_id: number;
  entity: string;
  entity_id: number;
  op: 'create' | 'update' | 'delete';
  before: string | null;
  after: string | null;
  at: string;
  label: string;
  kind: 'edit' | 'undo' | 'redo';
  actor: string;
  /** Set for history that came in an imported file (see migration 7). */
  source_file: string | null;
  source_by: string | null;
  imported_by: string | null;
  imported_at: string | null;
}

// Rows shown in an item's history besides its own: its parts as the registry declares them (a
// party's people, a round's participants, anything's citations) and, for a negotiation, what was
// added to or removed from it directly (not every edit inside its parties, rounds and sources).

const MAX_ENTRIES = 1000;

/** The history rows of an item and its parts, newest first. */
export function historyForItem(db: Reader, entity: HistoryEntity, id: number): HistoryRecord[] {
  const parts = PARTS[entity];
  // Table and column names come from the registry, never from input.
  const related = parts.map(
    (p) =>
      `OR (h.entity = '${p.table}' AND json_extract(COALESCE(h.after, h.before), '$.${p.column}') = ?
        ${entity === 'negotiation' ? "AND h.op <> 'update'" : ''})`,
  );
  return db.all<HistoryRecord>(
    `SELECT h.*, c.label, c.kind, c.actor, i.source_file, i.source_by, i.actor AS imported_by,
            i.at AS imported_at
     FROM history h JOIN change_set c ON c.id = h.change_id
     LEFT JOIN change_set i ON i.id = c.import_id
     WHERE (h.entity = ? AND h.entity_id = ?) ${related.join(' ')}
     ORDER BY h.id DESC LIMIT ${MAX_ENTRIES}`,
    entity,
    id,
    ...parts.map(() => id),
  );
}

/** Names for ids that appear in history rows, looked up in the current data. */
export function namesFor(db: Reader, table: TableName | 'marking', ids: number[]) {
  const column = table === 'marking' ? 'label' : (ENTITIES[table].name ?? 'id');
  const names = new Map<number, string>();
  for (const id of new Set(ids)) {
    const row = db.get<{ name: string }>(`SELECT ${column} AS name FROM ${table} WHERE id = ?`, id);
    if (row) names.set(id, row.name);
  }
  return names;
}
