import type { HistoryEntity } from '../../../shared/domain';
import type { Reader } from '../store';

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

// Rows shown in an item's history besides its own: its parts (a party's people, a round's
// participants, anything's citations) and, for a negotiation, what was added to or removed
// from it directly.
const RELATED: Record<HistoryEntity, { entity: string; column: string }[]> = {
  negotiation: [
    { entity: 'party', column: 'negotiation_id' },
    { entity: 'issue', column: 'negotiation_id' },
    { entity: 'round', column: 'negotiation_id' },
    { entity: 'source', column: 'negotiation_id' },
  ],
  party: [{ entity: 'person', column: 'party_id' }],
  person: [],
  issue: [],
  round: [
    { entity: 'round_participant', column: 'round_id' },
    { entity: 'citation', column: 'round_id' },
  ],
  position: [{ entity: 'citation', column: 'position_id' }],
  red_line: [{ entity: 'citation', column: 'red_line_id' }],
  source: [{ entity: 'citation', column: 'source_id' }],
};

const MAX_ENTRIES = 1000;

/** The history rows of an item and its parts, newest first. */
export function historyForItem(db: Reader, entity: HistoryEntity, id: number): HistoryRecord[] {
  const parts = RELATED[entity];
  // Column names come from the table above, never from input.
  const related = parts.map(
    (p) =>
      `OR (h.entity = '${p.entity}' AND json_extract(COALESCE(h.after, h.before), '$.${p.column}') = ?
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
export function namesFor(
  db: Reader,
  table: 'party' | 'issue' | 'person' | 'marking',
  ids: number[],
) {
  const column = table === 'issue' ? 'title' : table === 'marking' ? 'label' : 'name';
  const names = new Map<number, string>();
  for (const id of new Set(ids)) {
    const row = db.get<{ name: string }>(`SELECT ${column} AS name FROM ${table} WHERE id = ?`, id);
    if (row) names.set(id, row.name);
  }
  return names;
}
