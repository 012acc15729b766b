// The negotiation file's items (shared/exchange.ts) and the stored rows they stand for, both
// ways, from the registry: where each entity sits in the file (`file.key`, nested inside its
// owner's item when `file.within` names the owner), which columns the file leaves implied (the
// owner it is nested in, the negotiation the file is about), markings by label, and a group of
// optional references written as a type and an id (`file.oneOf`). A new entity declared in the
// registry is read, written and remapped by this module without a line of its own.
import type { NegotiationFile } from '../../shared/exchange';
import { ENTITIES, ENTITY_NAMES, REFERENCES, camelCaseOf, type TableName } from './entities';
import type { Row, SqlValue } from './types';

/** A negotiation file without its envelope (format, version, export stamp and marking). */
export type FileBody = Omit<
  NegotiationFile,
  | 'format'
  | 'formatVersion'
  | 'exportedAt'
  | 'exportedBy'
  | 'application'
  | 'marking'
  | 'historyIncluded'
>;

/** The file's part without its history: one list (or object) per top-level entity. */
export type FileItems = Omit<FileBody, 'history'>;

/**
 * One item of the file as a stored row, and where it sits in the file ("rounds[2].positions[0]")
 * for messages. While in this form a marking column holds the marking's label, as the file
 * does: labels are the same in every library, ids are not.
 */
export interface FileRow {
  path: string;
  row: Row;
}

export type FileRows = Record<TableName, FileRow[]>;

type Item = Record<string, unknown>;

const emptyRows = (): FileRows =>
  Object.fromEntries(ENTITY_NAMES.map((t) => [t, []])) as unknown as FileRows;

/** The entities written inside each entity's items, by the column that names the owner. */
export const CHILDREN: Readonly<Record<TableName, readonly TableName[]>> = Object.fromEntries(
  ENTITY_NAMES.map((owner) => [
    owner,
    ENTITY_NAMES.filter((t) => {
      const within = ENTITIES[t].file.within;
      return within !== undefined && ENTITIES[t].columns[within]!.ref === owner;
    }),
  ]),
) as Record<TableName, TableName[]>;

/** Entities listed at the top of the file (everything neither the negotiation nor nested). */
export const TOP = ENTITY_NAMES.filter(
  (t) => t !== 'negotiation' && ENTITIES[t].file.within === undefined,
);

/** The column holding a table's marking, if it has one. */
export const markingColumn = (table: TableName): string | undefined =>
  Object.keys(ENTITIES[table].columns).find((c) => ENTITIES[table].columns[c]!.kind === 'marking');

/** A column the file never writes: derived, or the owner the item is nested in, or the negotiation. */
export function implied(table: TableName, column: string): boolean {
  const c = ENTITIES[table].columns[column]!;
  return c.kind === 'derived' || ENTITIES[table].file.within === column || c.ref === 'negotiation';
}

/** The field a column is written as: camelCase, a marking by its label ("marking"). */
export function fileField(table: TableName, column: string): string {
  const camel = camelCaseOf(table, column);
  return ENTITIES[table].columns[column]!.kind === 'marking' ? camel.replace(/Id$/, '') : camel;
}

/** Where a column's value sits in an item's path, for messages ("….previousId", "….targetId"). */
export function fieldPath(table: TableName, path: string, column: string): string {
  const oneOf = ENTITIES[table].file.oneOf;
  return `${path}.${oneOf && column in oneOf.columns ? oneOf.id : fileField(table, column)}`;
}

/** An item of the file as a row of its table; `given` holds the columns the file implies. */
export function itemToRow(table: TableName, item: Item, given: Row): Row {
  const { oneOf } = ENTITIES[table].file;
  const row: Row = {};
  for (const column of Object.keys(ENTITIES[table].columns)) {
    if (column in given) row[column] = given[column]!;
    else if (ENTITIES[table].columns[column]!.kind === 'derived') continue;
    else if (oneOf && column in oneOf.columns) {
      row[column] =
        item[oneOf.type] === oneOf.columns[column] ? (item[oneOf.id] as SqlValue) : null;
    } else row[column] = item[fileField(table, column)] as SqlValue;
  }
  return row;
}

function rowToItem(table: TableName, row: Row): Item {
  const { oneOf } = ENTITIES[table].file;
  const item: Item = {};
  for (const column of Object.keys(ENTITIES[table].columns)) {
    if (implied(table, column)) continue;
    if (oneOf && column in oneOf.columns) {
      if (row[column] !== null) {
        item[oneOf.type] = oneOf.columns[column];
        item[oneOf.id] = row[column];
      }
    } else item[fileField(table, column)] = row[column];
  }
  for (const child of CHILDREN[table]) item[ENTITIES[child].file.key] = [];
  return item;
}

/** Every item of a file as a row of its table, in the file's order, with its place in the file. */
export function fileToRows(file: FileItems): FileRows {
  const out = emptyRows();
  const negotiation = file.negotiation as unknown as Item;
  const negotiationRow = itemToRow('negotiation', negotiation, {});
  out.negotiation.push({ path: 'negotiation', row: negotiationRow });
  const walk = (table: TableName, items: unknown, at: string, given: Row) => {
    (items as Item[]).forEach((item, i) => {
      const path = `${at}[${i}]`;
      const row = itemToRow(table, item, given);
      out[table].push({ path, row });
      for (const child of CHILDREN[table]) {
        const { key, within } = ENTITIES[child].file;
        walk(child, item[key], `${path}.${key}`, { ...given, [within!]: row.id! });
      }
    });
  };
  for (const table of TOP) {
    const given: Row = {};
    for (const [column, target] of Object.entries(REFERENCES[table])) {
      if (target === 'negotiation') given[column] = negotiationRow.id!;
    }
    const { key } = ENTITIES[table].file;
    walk(table, (file as unknown as Item)[key], key, given);
  }
  return out;
}

/** The file's items from rows of every table (in the file's order), nested where they belong. */
export function rowsToFile(rows: Record<TableName, readonly Row[]>): FileItems {
  const items = new Map<TableName, Map<number, Item>>();
  for (const table of ENTITY_NAMES) {
    items.set(table, new Map(rows[table].map((r) => [r.id as number, rowToItem(table, r)])));
  }
  for (const table of ENTITY_NAMES) {
    const { within, key } = ENTITIES[table].file;
    if (!within) continue;
    const owner = ENTITIES[table].columns[within]!.ref as TableName;
    for (const r of rows[table]) {
      const parent = items.get(owner)!.get(r[within] as number);
      (parent?.[key] as Item[] | undefined)?.push(items.get(table)!.get(r.id as number)!);
    }
  }
  const file: Item = { negotiation: [...items.get('negotiation')!.values()][0] };
  for (const table of TOP) file[ENTITIES[table].file.key] = [...items.get(table)!.values()];
  return file as unknown as FileItems;
}

/**
 * The rows of a table in an order in which a row's reference to another row of the same table
 * (a position's predecessor) always points back to one already written.
 */
export function selfOrdered(table: TableName, rows: readonly FileRow[]): FileRow[] {
  const self = Object.entries(REFERENCES[table])
    .filter(([, target]) => target === table)
    .map(([column]) => column);
  if (self.length === 0) return [...rows];
  const byId = new Map(rows.map((r) => [r.row.id as number, r]));
  const done = new Set<number>();
  const out: FileRow[] = [];
  const visit = (r: FileRow, depth: number) => {
    const id = r.row.id as number;
    if (done.has(id) || depth > rows.length) return;
    for (const column of self) {
      const before = byId.get(r.row[column] as number);
      if (before) visit(before, depth + 1);
    }
    done.add(id);
    out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}
