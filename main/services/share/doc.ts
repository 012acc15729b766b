// The merge document of a shared negotiation and how its rows map to SQLite's, from the entity
// registry (main/db/entities.ts): nothing here names a table or a column.
//
// Shape (Automerge): { format, version, negotiation: uid, officers: { actor: name },
//   rows: { table: { uid: { column: value, …, '~deleted': boolean } } }, blobs: { sha256: bytes } }
//
// - A row is a map keyed by its stable identity (migration 16), holding every column of the
//   registry but its id and derived columns. A reference holds the identity of the row it points
//   to, a marking its label (labels are the same in every library, ids are not).
// - Texts, dates and choices are `ImmutableString`s: the last writer wins per field and a
//   concurrent write is kept as a conflict, which is what an officer judges. Collaborative text
//   (Automerge's default for strings) would merge two rewordings of a demand letter by letter
//   into a sentence nobody wrote, and is three times slower and four times larger.
// - A deletion never removes the map: it sets '~deleted'. Every edit of a row sets it back to
//   false, so an edit made while a colleague deleted the row is a conflict on that field, shown
//   like any other, instead of an edit silently lost.
// - Every table's map exists from the document's creation: two officers creating the first row
//   of a table must not each create the table's map (one would win, the other's rows vanish).
import { A, automergeLoaded, type ImmutableString } from './automerge';
import { ENTITIES, ENTITY_NAMES, type TableName } from '../../db/entities';
import type { Row, SqlValue } from '../../db/types';

export const DOC_FORMAT = 'parley.shared-negotiation';
export const DOC_VERSION = 1;
export const DELETED = '~deleted';

export type Scalar = ImmutableString | number | boolean | null;
export type DocRow = Record<string, Scalar>;

export interface ShareDoc {
  format: string;
  version: number;
  /** The identity of the negotiation's own row. */
  negotiation: string;
  /** Display names of the officers who have written, by Automerge actor id. */
  officers: Record<string, ImmutableString>;
  rows: Record<string, Record<string, DocRow>>;
  /** Documents' bytes by SHA-256 (a document row names its bytes by hash, as in SQLite). */
  blobs: Record<string, Uint8Array>;
}

/** The columns a row carries in the document: all but its id and derived columns. */
export const DOC_COLUMNS: Readonly<Record<TableName, readonly string[]>> = Object.fromEntries(
  ENTITY_NAMES.map((t) => [
    t,
    Object.entries(ENTITIES[t].columns)
      .filter(([, c]) => c.kind !== 'id' && c.kind !== 'derived')
      .map(([name]) => name),
  ]),
) as Record<TableName, string[]>;

/**
 * Fields whose concurrent values are a conflict for the officer: the ones history names, and the
 * deletion mark. Bookkeeping (stamps) merges silently: the later time stands.
 */
export function judged(table: TableName, field: string): boolean {
  if (field === DELETED) return true;
  const column = ENTITIES[table].columns[field];
  return column !== undefined && column.label !== '' && column.ref !== 'negotiation';
}

/** What the document needs to turn local ids into identities and markings into labels. */
export interface Names {
  uidOf(table: TableName, id: number): string;
  markingLabel(id: number): string;
}

/** What the rows need to turn identities back into local ids and labels into markings. */
export interface Ids {
  idOf(table: TableName, uid: string): number | undefined;
  markingId(label: string): number;
}

/** A stored row's column as the document holds it. */
export function toDocValue(
  table: TableName,
  column: string,
  value: SqlValue,
  names: Names,
): Scalar {
  if (value === null) return null;
  const c = ENTITIES[table].columns[column]!;
  if (c.kind === 'marking') return new A.ImmutableString(names.markingLabel(Number(value)));
  if (c.ref) return new A.ImmutableString(names.uidOf(c.ref as TableName, Number(value)));
  if (typeof value === 'string') return new A.ImmutableString(value);
  return Number(value);
}

/** The plain value of a document field (an ImmutableString's text). */
export function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  // No document (so no ImmutableString) exists before Automerge is loaded.
  if (automergeLoaded() && value instanceof A.ImmutableString) return value.val;
  if (typeof value === 'object' && value !== null && 'val' in value) {
    return String((value as { val: unknown }).val);
  }
  return value as string | number | boolean;
}

/** A whole stored row as the document holds it (a new row, or one created again by undo). */
export function docRow(table: TableName, row: Row, names: Names): DocRow {
  const out: DocRow = {};
  for (const column of DOC_COLUMNS[table]) {
    out[column] = toDocValue(table, column, row[column] ?? null, names);
  }
  out[DELETED] = false;
  return out;
}

/** An empty document for a negotiation, every table's map in place. */
export function emptyShape(negotiationUid: string): ShareDoc {
  return {
    format: DOC_FORMAT,
    version: DOC_VERSION,
    negotiation: negotiationUid,
    officers: {},
    rows: Object.fromEntries(ENTITY_NAMES.map((t) => [t, {}])),
    blobs: {},
  };
}

/** Whether a loaded document is one of ours (a file could carry any Automerge document). */
export function isShareDoc(doc: unknown): doc is ShareDoc {
  const d = doc as Partial<ShareDoc> | null;
  return (
    !!d &&
    d.format === DOC_FORMAT &&
    d.version === DOC_VERSION &&
    typeof d.negotiation === 'string' &&
    typeof d.rows === 'object' &&
    ENTITY_NAMES.every((t) => typeof d.rows![t] === 'object')
  );
}

/** An Automerge actor id (hex) for this library's officer: from their public key, so stable. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
