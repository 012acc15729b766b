// Rows in and out of the negotiation file (shared/exchange.ts): reading everything a negotiation
// holds, with its history, and writing an imported one back. Ids here are whatever the caller
// gives: the export writes this database's own, the import writes ids it has already mapped.
// Which rows and columns there are comes from the registry (entities.ts, fileShape.ts).
import type { NegotiationFile } from '../../../shared/exchange';
import type { Reader, Row } from '../types';
import { ENTITY_NAMES, INSERT_ORDER, IN_NEGOTIATION_SQL, type TableName } from '../entities';
import { markingColumn, rowsToFile, selfOrdered, type FileBody, type FileRows } from '../fileShape';
import type { Writer } from '../writer';
import { contentBytes } from './documents';

/**
 * Everything in one negotiation, as the file holds it (markings by label); its history only
 * when asked for.
 */
export function readNegotiation(
  db: Reader,
  negotiationId: number,
  {
    includeHistory,
    includeDocuments = false,
  }: { includeHistory: boolean; includeDocuments?: boolean },
): FileBody | undefined {
  const labels = new Map(
    db
      .all<{ id: number; label: string }>('SELECT id, label FROM marking')
      .map((m) => [m.id, m.label]),
  );
  const rows = {} as Record<TableName, Row[]>;
  for (const table of ENTITY_NAMES) {
    const marking = markingColumn(table);
    rows[table] = db.all<Row>(IN_NEGOTIATION_SQL[table], negotiationId).map((r) => {
      if (!marking) return r;
      const id = r[marking] as number | null;
      return { ...r, [marking]: id === null ? null : (labels.get(id) ?? null) };
    });
  }
  if (rows.negotiation.length === 0) return undefined;
  if (!includeDocuments) {
    // Attached documents stay out unless asked for (they can be large): without them, no
    // citation names one.
    rows.document = [];
    rows.document_part = [];
    rows.citation = rows.citation.map((c) => ({ ...c, document_id: null, part_number: null }));
  }
  const items = rowsToFile(rows);
  if (includeDocuments) {
    // Each document carries its bytes, which the registry's rows do not hold (migration 12).
    for (const source of items.sources) {
      for (const document of source.documents) {
        const bytes = contentBytes(db, document.sha256);
        (document as { content: string }).content = bytes ? bytes.toString('base64') : '';
      }
    }
  }
  return {
    ...items,
    history: includeHistory ? readHistory(db, negotiationId) : [],
    identities: identitiesOf(db, rows),
  };
}

/** Every item's stable identity (migration 16), by kind and id: see shared/exchange.ts. */
function identitiesOf(
  db: Reader,
  rows: Record<TableName, Row[]>,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const table of ENTITY_NAMES) {
    if (rows[table].length === 0) continue;
    const ids = new Set(rows[table].map((r) => r.id as number));
    const own: Record<string, string> = {};
    for (const { id, uid } of db.all<{ id: number; uid: string }>(
      'SELECT row_id AS id, uid FROM row_uid WHERE entity = ?',
      table,
    )) {
      if (ids.has(id)) own[String(id)] = uid;
    }
    out[table] = own;
  }
  return out;
}

/** The change sets a file carries (c): see readHistory. Two parameters: the negotiation's id twice. */
const IN_FILE = `c.origin <> 'import'
  AND (c.scope_id = ?
       OR (c.scope_id IS NULL AND EXISTS (
             SELECT 1 FROM history x
             WHERE x.change_id = c.id AND x.entity = 'negotiation' AND x.entity_id = ?)))`;

/**
 * The negotiation's history: every change made inside it, and the library-level changes that
 * created, deleted or restored it — but not the act of importing it (see migration 4).
 */
function readHistory(db: Reader, negotiationId: number): NegotiationFile['history'] {
  const changes = db.all<{
    id: number;
    scope_id: number | null;
    kind: 'edit' | 'undo' | 'redo';
    label: string;
    actor: string;
    at: string;
    target_id: number | null;
  }>(
    `SELECT id, scope_id, kind, label, actor, at, target_id FROM change_set c
     WHERE ${IN_FILE}
     ORDER BY c.id`,
    negotiationId,
    negotiationId,
  );
  const included = new Set(changes.map((c) => c.id));
  const rows = db.all<{
    change_id: number;
    entity: TableName;
    entity_id: number;
    op: 'create' | 'update' | 'delete';
    before: string | null;
    after: string | null;
    at: string;
  }>(
    `SELECT h.change_id, h.entity, h.entity_id, h.op, h.before, h.after, h.at
     FROM history h JOIN change_set c ON c.id = h.change_id
     WHERE ${IN_FILE}
     ORDER BY h.id`,
    negotiationId,
    negotiationId,
  );
  const byChange = new Map<number, NegotiationFile['history'][number]['rows']>();
  for (const r of rows) {
    const list = byChange.get(r.change_id) ?? [];
    list.push({
      entity: r.entity,
      entityId: r.entity_id,
      op: r.op,
      before:
        r.before === null
          ? null
          : (JSON.parse(r.before) as Row as Record<string, string | number | null>),
      after:
        r.after === null
          ? null
          : (JSON.parse(r.after) as Row as Record<string, string | number | null>),
      at: r.at,
    });
    byChange.set(r.change_id, list);
  }
  return changes.map((c) => ({
    id: c.id,
    kind: c.kind,
    label: c.label,
    actor: c.actor,
    at: c.at,
    targetId: c.target_id !== null && included.has(c.target_id) ? c.target_id : null,
    library: c.scope_id === null,
    rows: byChange.get(c.id) ?? [],
  }));
}

/** Marking ids by label. */
export function markingIdsByLabel(db: Reader): Map<string, number> {
  return new Map(
    db
      .all<{ id: number; label: string }>('SELECT id, label FROM marking')
      .map((m) => [m.label, m.id]),
  );
}

/**
 * Writes an imported negotiation whose ids have all been mapped into this database, every row
 * through the writer (so the import is one undoable change), table by table in an order that
 * satisfies every reference (a position's predecessor always before it).
 */
export function writeImported(
  w: Writer,
  rows: FileRows,
  markingIds: Map<string, number>,
  /** Told how much of the rows are written, 0 to 1. */
  progress: (done: number) => void = () => {},
  /** The identity a row keeps from the file (by its id here), if any. */
  uidOf: (table: TableName, id: number) => string | undefined = () => undefined,
): void {
  const total = ENTITY_NAMES.reduce((sum, t) => sum + rows[t].length, 0);
  let written = 0;
  for (const table of INSERT_ORDER) {
    const marking = markingColumn(table);
    for (const { row } of selfOrdered(table, rows[table])) {
      const values: Row = { ...row };
      if (marking && values[marking] !== null) {
        values[marking] = markingIds.get(values[marking] as string)!;
      }
      const uid = uidOf(table, values.id as number);
      if (uid) w.insertWithUid(table, values, uid);
      else w.insert(table, values);
      if (++written % 1000 === 0) progress(written / total);
    }
  }
}
