// From the merge document to SQLite: what the rows of a shared negotiation must be, as a pure
// function of the document, and the writes that make SQLite hold exactly that — through one
// Writer, so a received update is one change set (one step of undo) with history.
//
// Because what SQLite holds is a function of the document alone, every library that has merged
// the same changes holds the same rows, whatever order the updates came in. The function also
// settles what a merge can produce that the schema refuses, the same way everywhere:
// - a row whose owner is deleted (a position added to a round a colleague deleted meanwhile) is
//   not shown while its owner is deleted; a reference that is only a link is cleared instead;
// - two rows that the schema's unique rules forbid together (two officers each adding "Round 3",
//   or the same party twice to a development): the earlier-created keeps the value; a number
//   (a round's sequence) moves to the next free one, a name takes " (2)", and a second identical
//   pairing (a join row, a citation, a judgement) is left out.
import { A } from './automerge';
import { ENTITIES, ENTITY_NAMES, INSERT_ORDER, type TableName } from '../../db/entities';
import { idsByUid, rowsWithUids } from '../../db/queries/share';
import type { Row, SqlValue } from '../../db/types';
import type { Writer } from '../../db/writer';
import { DELETED, DOC_COLUMNS, plain, type ShareDoc } from './doc';

type Plain = string | number | boolean | null;
/** A row as the document says it should be: references by identity, markings by label. */
export type Wanted = Record<string, Plain>;
export type WantedRows = Map<TableName, Map<string, Wanted>>;

const refColumns = (table: TableName) =>
  Object.entries(ENTITIES[table].columns).filter(([, c]) => c.ref && c.ref !== 'marking');

/** The rows the document holds, visible and consistent, table by table (INSERT_ORDER). */
export function wantedRows(live: ShareDoc): WantedRows {
  // One plain copy of the document: reading a large one field by field through Automerge's
  // proxies costs far more than copying it once.
  const doc = A.toJS(live) as ShareDoc;
  const out: WantedRows = new Map();
  for (const table of INSERT_ORDER) {
    const visible = new Map<string, Wanted>();
    out.set(table, visible);
    const rows = doc.rows[table] ?? {};
    const selfLinks: string[] = [];
    for (const uid of Object.keys(rows).sort()) {
      const source = rows[uid]!;
      if (plain(source[DELETED]) === true) continue;
      const row: Wanted = {};
      for (const column of DOC_COLUMNS[table]) row[column] = plain(source[column]);
      let shown = true;
      for (const [column, c] of refColumns(table)) {
        const target = row[column];
        if (target === null) continue;
        if (c.ref === table) {
          selfLinks.push(column);
          continue;
        }
        if (out.get(c.ref as TableName)?.has(String(target))) continue;
        if (c.onDelete === 'detach') row[column] = null;
        else shown = false;
      }
      if (shown) visible.set(uid, row);
    }
    settleUnique(table, visible);
    for (const row of visible.values()) {
      for (const column of selfLinks) {
        const target = row[column];
        if (target !== null && !visible.has(String(target))) row[column] = null;
      }
    }
  }
  return out;
}

/** Applies the schema's unique rules to a table's visible rows, the same way in every library. */
function settleUnique(table: TableName, visible: Map<string, Wanted>): void {
  for (const rule of ENTITIES[table].unique ?? []) {
    const key = (row: Wanted) =>
      JSON.stringify(
        rule.columns.map((c) =>
          typeof row[c] === 'string' ? String(row[c]).toLowerCase() : row[c],
        ),
      );
    const ordered = [...visible.entries()].sort(([ua, a], [ub, b]) =>
      String(a.created_at ?? '') < String(b.created_at ?? '')
        ? -1
        : String(a.created_at ?? '') > String(b.created_at ?? '')
          ? 1
          : ua < ub
            ? -1
            : 1,
    );
    const taken = new Set<string>();
    // The column a clash can move: the rule's one column that is not a reference.
    const own = rule.columns.filter((c) => !ENTITIES[table].columns[c]!.ref);
    for (const [uid, row] of ordered) {
      if (!taken.has(key(row))) {
        taken.add(key(row));
        continue;
      }
      const column = own.length === 1 ? own[0]! : null;
      const kind = column ? ENTITIES[table].columns[column]!.kind : null;
      if (column && kind === 'int') {
        let n = Number(row[column]);
        while (taken.has(key({ ...row, [column]: n }))) n++;
        row[column] = n;
      } else if (column && kind === 'text') {
        const base = String(row[column]);
        let n = 2;
        while (taken.has(key({ ...row, [column]: `${base} (${n})` }))) n++;
        row[column] = `${base} (${n})`;
      } else {
        visible.delete(uid);
        continue;
      }
      taken.add(key(row));
    }
  }
}

export interface ApplyContext {
  /** The local marking for a label; an unknown label counts as the highest there is. */
  markingId(label: string): number;
  blobs: ShareDoc['blobs'];
}

/**
 * Makes the negotiation's rows in SQLite equal the wanted rows, through the writer. Returns the
 * negotiation's local id (created here when the negotiation first arrives).
 */
export function applyWanted(
  w: Writer,
  negotiationId: number | null,
  wanted: WantedRows,
  context: ApplyContext,
): number {
  const current = new Map<TableName, Map<string, Row & { uid: string }>>();
  for (const table of ENTITY_NAMES) {
    const rows = negotiationId === null ? [] : rowsWithUids(w, table, negotiationId);
    current.set(table, new Map(rows.map((r) => [r.uid, r])));
  }
  const known = new Map<TableName, Map<string, number>>();
  const idOf = (table: TableName, uid: string) => {
    if (!known.has(table)) known.set(table, idsByUid(w, table));
    return known.get(table)!.get(uid);
  };

  // 1. What is no longer there goes first, owners before their parts (the registry's order).
  for (const table of ENTITY_NAMES) {
    for (const [uid, row] of current.get(table)!) {
      if (wanted.get(table)!.has(uid)) continue;
      if (w.find(table, row.id as number)) w.remove(table, row.id as number);
    }
  }

  // 2. Rows whose unique values change step aside first, so two rounds can swap places.
  for (const table of ENTITY_NAMES) {
    const rules = ENTITIES[table].unique ?? [];
    const movable = [...new Set(rules.flatMap((r) => r.columns))].filter(
      (c) => !ENTITIES[table].columns[c]!.ref,
    );
    if (movable.length === 0) continue;
    for (const [uid, row] of current.get(table)!) {
      const next = wanted.get(table)!.get(uid);
      if (!next || !w.find(table, row.id as number)) continue;
      const aside: Row = {};
      for (const c of movable) {
        if (next[c] === row[c]) continue;
        aside[c] =
          ENTITIES[table].columns[c]!.kind === 'int' ? 1_000_000_000 + Number(row.id) : `~${uid}`;
      }
      if (Object.keys(aside).length) w.update(table, row.id as number, aside, true);
    }
  }

  // 3. New and changed rows, in an order in which every reference is already there.
  const laterLinks: { table: TableName; id: number; column: string; uid: string }[] = [];
  let negotiation = negotiationId;
  for (const table of INSERT_ORDER) {
    for (const [uid, want] of wanted.get(table)!) {
      const values: Row = {};
      for (const column of DOC_COLUMNS[table]) {
        const c = ENTITIES[table].columns[column]!;
        const value = want[column] ?? null;
        if (value === null) values[column] = null;
        else if (c.kind === 'marking') values[column] = context.markingId(String(value));
        else if (c.ref) {
          const id = idOf(c.ref as TableName, String(value));
          // A row of the same table (a position's predecessor) may come later in this pass, or
          // come back under its old id later in it: linked once all of the table is in.
          if (c.ref === table && (id === undefined || !w.find(table, id))) {
            values[column] = null;
            continue;
          }
          values[column] = id ?? null;
        } else values[column] = value as SqlValue;
      }
      const here = current.get(table)!.get(uid);
      let id: number;
      const now = here ? w.find(table, here.id as number) : undefined;
      if (here && now) {
        id = here.id as number;
        // Against the row as it is now: removing a row above may have detached this one (and
        // stamped it), and that stamp must give way to the document's.
        const patch: Row = {};
        for (const [column, value] of Object.entries(values)) {
          if ((now as Row)[column] !== value) patch[column] = value;
        }
        if (Object.keys(patch).length) w.update(table, id, patch, true);
      } else {
        const before = idOf(table, uid);
        // A row this library had and deleted comes back under its own id (ids are never
        // reused), so its history stays one story.
        const stored =
          before !== undefined
            ? w.insert(table, { ...values, id: before })
            : w.insertWithUid(table, values, uid);
        id = stored.id as number;
        if (before === undefined) known.get(table)?.set(uid, id);
        if (table === 'document') ensureContent(w, String(values.sha256), context.blobs);
      }
      if (table === 'negotiation') negotiation = id;
      for (const [column, c] of refColumns(table)) {
        if (c.ref === table && want[column] !== null && values[column] === null) {
          laterLinks.push({ table, id, column, uid: String(want[column]) });
        }
      }
    }
  }
  for (const link of laterLinks) {
    const target = idOf(link.table, link.uid);
    if (target !== undefined) w.update(link.table, link.id, { [link.column]: target }, true);
  }
  if (negotiation === null) throw new Error('The shared negotiation has no negotiation row.');
  return negotiation;
}

/** A document's bytes, from the merge document into the library's content store. */
function ensureContent(w: Writer, sha256: string, blobs: ShareDoc['blobs']): void {
  const bytes = blobs[sha256];
  if (!bytes) return;
  w.run(
    'INSERT INTO document_content (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    sha256,
    bytes.byteLength,
    Buffer.from(bytes),
  );
}
