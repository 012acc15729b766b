// Importing a negotiation file as a stream (issue #16): the file is read twice, a megabyte at a
// time, and never held whole: jsonMembers.ts cuts each item out of the text for JSON.parse, one
// at a time (a round's positions and a change's rows one at a time too). The first reading checks
// it — JSON, format and version, every item against the same zod schemas as the whole-document
// reading (exchange.ts), every reference, every id — keeping only what the checks need (ids,
// references still unresolved, a few columns per position and red line). The second reading,
// inside one write transaction, maps every id and writes each item as it comes. So memory stays
// a small fraction of the file, a bad file is refused before anything is written, and whatever
// goes wrong while writing rolls the whole import back.
//
// Which items there are, where they sit in the file and how they nest comes from the registry
// (entities.ts, through fileShape.ts), and each item's schema from shared/exchange.ts: a new
// entity declared there is streamed without a line here.
//
// Files of format version 1, and files that do not say what they are before their first item
// (Parley always writes `format` and `formatVersion` first), are read whole, as before: their
// upgrade (shared/exchange.ts, upgradeFile) works on the whole document.
import type { fileDocument } from '../../shared/exchange';
import { storeContent } from '../db/queries/documents';
import { importedContent } from './documents';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { z } from 'zod';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  MAX_IMPORT_BYTES,
  READABLE_VERSIONS,
  negotiationFile,
  tooManyItems,
  type FileChange,
  type ImportResult,
  type Progress,
} from '../../shared/exchange';
import { endsBeforeStart } from '../../shared/dates';
import {
  ENTITIES,
  ENTITY_NAMES,
  INSERT_ORDER,
  REFERENCES,
  word,
  type TableName,
} from '../db/entities';
import { CHILDREN, TOP, fieldPath, implied, itemToRow, markingColumn } from '../db/fileShape';
import { markingIdsByLabel } from '../db/queries/exchange';
import type { Store } from '../db/store';
import type { Row } from '../db/types';
import { AppError } from './errors';
import { collectEvery } from './memory';
import { MemberStream } from './jsonMembers';
import {
  allocate,
  checkHistoryRow,
  describeJsonError,
  fault,
  fileIdentities,
  foreignChange,
  foreignHead,
  remapHistoryRow,
  type Identities,
  importMeta,
  importNegotiation,
  remapRow,
  schemaFault,
} from './exchange';

/** A file to import: its bytes, which can be read from the start more than once. */
export interface ImportSource {
  /** Its size in bytes. */
  readonly bytes: number;
  /** Its bytes in order, in chunks of at most a megabyte or so. */
  chunks(): Generator<Uint8Array>;
  /** All of it as text: only for the whole-document reading and for describing a JSON error. */
  text(): string;
}

const CHUNK_BYTES = 1 << 20;

/** A file on disk (chosen in a dialog, or an upload the web binding saved). */
export function fileSource(path: string): ImportSource {
  return {
    bytes: statSync(path).size,
    *chunks() {
      const fd = openSync(path, 'r');
      try {
        // One buffer, reused: the parser and the digest take each chunk before the next read.
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
          const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
          if (read === 0) return;
          yield buffer.subarray(0, read);
        }
      } finally {
        closeSync(fd);
      }
    },
    text: () => readFileSync(path, 'utf8'),
  };
}

/** A file already held as text (a call that sends the content itself). */
export function textSource(content: string): ImportSource {
  return {
    bytes: Buffer.byteLength(content, 'utf8'),
    *chunks() {
      const step = CHUNK_BYTES / 2;
      for (let start = 0; start < content.length;) {
        let end = Math.min(start + step, content.length);
        // Never between the two halves of a surrogate pair.
        const last = content.charCodeAt(end - 1);
        if (end < content.length && last >= 0xd800 && last <= 0xdbff) end--;
        yield Buffer.from(content.slice(start, end), 'utf8');
        start = end;
      }
    },
    text: () => content,
  };
}

// The file's shape, from the registry and the schema.

type Schema = z.ZodType;
/** A schema's definition (zod 4's `_zod.def`): its type, its parts, its checks. */
const defOf = (schema: unknown) =>
  (schema as { _zod: { def: Record<string, unknown> & { checks?: unknown[] } } })._zod.def;
/** The schema inside a default or an optional (a list added within a version has a default). */
const bare = (schema: Schema): Schema => {
  const inner = defOf(schema).innerType as Schema | undefined;
  return inner ? bare(inner) : schema;
};
const shapeOf = (schema: Schema) =>
  (bare(schema) as unknown as { shape: Record<string, Schema> }).shape;
const elementOf = (list: Schema) => (bare(list) as unknown as { element: Schema }).element;
/** A list schema's most items (shared/exchange.ts, `list`). */
const maximumOf = (list: Schema): number => {
  for (const check of defOf(bare(list)).checks ?? []) {
    const def = defOf(check);
    if (def.check === 'max_length' && def.maximum !== undefined) return def.maximum as number;
  }
  return Infinity;
};

/** Each entity's list in the file (the negotiation has none) and the schema of its items. */
const LIST = {} as Record<TableName, Schema | null>;
const ITEM = {} as Record<TableName, Schema>;
function describeTable(table: TableName): Schema {
  if (ITEM[table]) return ITEM[table];
  const { key, within } = ENTITIES[table].file;
  let list: Schema | null = null;
  if (table === 'negotiation') ITEM[table] = shapeOf(negotiationFile)[key]!;
  else {
    const owner = within ? (ENTITIES[table].columns[within]!.ref as TableName) : null;
    list = shapeOf(owner ? describeTable(owner) : negotiationFile)[key]!;
    ITEM[table] = elementOf(list);
  }
  LIST[table] = list;
  return ITEM[table];
}
for (const table of ENTITY_NAMES) describeTable(table);
const HISTORY_LIST = shapeOf(negotiationFile).history!;
const CHANGE = elementOf(HISTORY_LIST);
const CHANGE_ROW = elementOf(shapeOf(CHANGE).rows!);

/**
 * Whether parsing with `schema` can only accept or refuse a value, never change it: no default,
 * transform, coercion or trimming anywhere in it, and no object that drops keys it does not
 * know. A value such a schema accepted once is then the very value it would parse to again.
 */
export function passesThrough(schema: Schema): boolean {
  const def = defOf(schema);
  if (def.coerce || (def.checks ?? []).some((c) => defOf(c).check === 'overwrite')) return false;
  const inner = (s: unknown) => passesThrough(s as Schema);
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'enum':
    case 'literal':
      return true;
    case 'nullable':
    case 'optional':
      return inner(def.innerType);
    case 'array':
      return inner(def.element);
    case 'union':
      return (def.options as unknown[]).every(inner);
    case 'record':
      return inner(def.keyType) && inner(def.valueType);
    case 'object': {
      // A strict object refuses unknown keys, a loose one keeps them; a plain one drops them.
      const rest = def.catchall;
      if (!rest) return false;
      const kind = defOf(rest).type;
      if (kind !== 'never' && kind !== 'unknown' && !inner(rest)) return false;
      return Object.values(def.shape as Record<string, unknown>).every(inner);
    }
    default:
      return false;
  }
}

/**
 * A history row the first reading accepted, for writing: the row as read when its schema cannot
 * change it (as now: the writing reads a hundred thousand of them for a large file, and parsing
 * each again took a twentieth of the import), else parsed again.
 */
const checkedRow: (row: unknown) => FileChange['rows'][number] = passesThrough(CHANGE_ROW)
  ? (row) => row as FileChange['rows'][number]
  : (row) => CHANGE_ROW.parse(row) as FileChange['rows'][number];

/**
 * A change the first reading has checked, parsed again for writing: its rows one at a time, each
 * put in the place of the row as read, so a change of a hundred thousand rows is never held twice
 * over (as read, and as parsed).
 */
function parseCheckedChange(value: unknown): FileChange {
  const { rows, ...head } = value as { rows: unknown[] };
  for (let i = 0; i < rows.length; i++) rows[i] = checkedRow(rows[i]);
  return {
    ...(CHANGE.parse({ ...head, rows: [] }) as FileChange),
    rows: rows as FileChange['rows'],
  };
}

const TOP_BY_KEY = new Map(TOP.map((t) => [ENTITIES[t].file.key, t]));
const CHILD_BY_KEY = new Map(
  ENTITY_NAMES.map((t) => [t, new Map(CHILDREN[t].map((c) => [ENTITIES[c].file.key, c]))]),
);

/** The top-level lists whose elements are read one at a time: each entity's, and the history. */
const LIST_KEYS = new Set([...TOP_BY_KEY.keys(), 'history']);
/**
 * The lists inside those elements read one at a time too: each item's own items (a round's
 * positions: a round of a large negotiation holds hundreds) and a change's rows (a file's
 * history may be one change of every row).
 */
const INNER_LISTS = new Map<string, ReadonlySet<string>>([
  ...TOP.filter((t) => CHILDREN[t].length > 0).map(
    (t) => [ENTITIES[t].file.key, new Set(CHILDREN[t].map((c) => ENTITIES[c].file.key))] as const,
  ),
  ['history', new Set(['rows'])],
]);

/** The file names nothing as it should before its first item: read whole, as before. */
class ReadWhole extends Error {}
/** The JSON itself is broken: described from the text (see describeJsonError). */
class BrokenJson extends Error {}

interface Visitor {
  /** A top-level value other than a list of items (lists arrive emptied, as []). */
  top(key: string, value: unknown): void;
  /** An item of `table`, with its children already visited and removed. */
  item(table: TableName, value: unknown, at: (string | number)[], ownerPath: string | null): void;
  change(value: unknown, at: (string | number)[]): void;
  /**
   * A row of the change `index`, as it is read, with the change as read so far: returns whether
   * it was taken (then the change arrives without it).
   */
  changeRow?(index: number, row: unknown, change: Readonly<Record<string, unknown>>): boolean;
}

type FileDocument = z.output<typeof fileDocument>;

const pathOf = (at: readonly (string | number)[]) =>
  at.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );

/**
 * How much of the file is read between two full collections (see memory.ts): often enough that
 * the items already handled never pile up to more than a few times this, rarely enough that the
 * collections cost a few percent of the import. Measured as the app runs an import (on a data
 * worker, 8 MB young generation), a 33 MB file peaked at 2.5 times its size at 8 MB (1.5–2.3 at
 * 4 MB), and the import took 6–9% less time than at 4 MB.
 */
const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

/**
 * Reads the source once, handing each item to the visitor as soon as it is complete and then
 * dropping it, so at most one item (without its children) is held at a time. Returns the file's
 * SHA-256 (the second reading checks it is the same file).
 */
function readStream(
  source: ImportSource,
  visitor: Visitor,
  progress: (fraction: number) => void,
): string {
  const digest = createHash('sha256');
  /** An item of `table` at `at`: its nested items first, each then dropped from its list. */
  const visit = (table: TableName, value: unknown, at: (string | number)[]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const children = CHILD_BY_KEY.get(table)!;
      const item = value as Record<string, unknown>;
      for (const key of Object.keys(item)) {
        const child = children.get(key);
        const list = item[key];
        if (!child || !Array.isArray(list)) continue;
        list.forEach((element, index) => visit(child, element, [...at, key, index]));
        // Its owner arrives with the list emptied, as a list at the top does.
        item[key] = [];
      }
    }
    visitor.item(table, value, at, at.length > 2 ? pathOf(at.slice(0, -2)) : null);
  };
  /** What a visitor threw: its own error, not the JSON's (see the catch below). */
  let thrown: unknown = undefined;
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (error) {
        thrown = error;
        throw error;
      }
    };
  const parser = new MemberStream(
    LIST_KEYS,
    {
      member: guard((key, value) => visitor.top(key, value)),
      element: guard((key, index, value) => {
        if (key === 'history') visitor.change(value, [key, index]);
        else visit(TOP_BY_KEY.get(key)!, value, [key, index]);
      }),
      nested: guard((key, index, member, position, value, element) => {
        if (key === 'history') return visitor.changeRow?.(index, value, element) ?? false;
        // An item's own items (a round's positions) as they are read, each before its owner.
        const child = CHILD_BY_KEY.get(TOP_BY_KEY.get(key)!)!.get(member)!;
        visit(child, value, [key, index, member, position]);
        return true;
      }),
    },
    INNER_LISTS,
  );
  let done = 0;
  let started = false;
  const collect = collectEvery(COLLECT_EVERY_BYTES);
  try {
    for (const chunk of source.chunks()) {
      digest.update(chunk);
      const bom = done === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      if (!started) {
        // What the file starts with (after a byte order mark): nothing at all, or something
        // other than an object, is read whole (its messages are the whole-document reading's).
        const first = chunk.findIndex(
          (b, i) => !(b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || (bom && i < 3)),
        );
        if (first >= 0) {
          if (chunk[first] !== 0x7b) throw new ReadWhole();
          started = true;
        }
      }
      parser.write(bom ? chunk.subarray(3) : chunk);
      collect(chunk.length);
      done += chunk.length;
      progress(source.bytes ? done / source.bytes : 1);
    }
    if (!started) throw new ReadWhole();
    parser.end();
  } catch (error) {
    if (error === thrown || error instanceof AppError || error instanceof ReadWhole) throw error;
    throw new BrokenJson((error as Error).message);
  }
  return digest.digest('hex');
}

/** The SHA-256 of the source as it reads now. */
function digestOf(source: ImportSource): string {
  const digest = createHash('sha256');
  for (const chunk of source.chunks()) digest.update(chunk);
  return digest.digest('hex');
}

type IdSpace = Record<TableName, Set<number>>;

/** What the checking reading learnt: all the writing needs besides the file itself. */
interface Checked {
  digest: string;
  negotiationId: number;
  title: string;
  exportedBy: string;
  /** Every id of the file per table, with those only its history names. */
  space: IdSpace;
  /** The id of each item that has items nested in it, by its place in the file. */
  owners: Map<string, number>;
  counts: Record<TableName, number>;
  changes: number;
  /** How many history rows the file's changes hold together. */
  historyRows: number;
  /**
   * For a table whose rows name others of it: each row's place in an order where a row comes
   * after those it names (see historyIds).
   */
  order: Map<TableName, Map<number, number>>;
  /** The identities items keep (none when the import is a copy): see fileIdentities. */
  identities: Identities;
  copy: boolean;
}

/** The columns of each table that name another row of the same table. */
const SELF = Object.fromEntries(
  ENTITY_NAMES.map((t) => [
    t,
    Object.entries(REFERENCES[t])
      .filter(([, target]) => target === t)
      .map(([column]) => column),
  ]),
) as Record<TableName, string[]>;

/** Each row's place in an order where every row comes after the rows it names (file order otherwise). */
function selfOrder(refs: Map<number, number[]>): Map<number, number> {
  const placed = new Map<number, number>();
  for (const start of refs.keys()) {
    // Depth first, without recursion: a lineage can run through thousands of rounds.
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.at(-1)!;
      if (placed.has(id)) {
        stack.pop();
        continue;
      }
      const waiting = (refs.get(id) ?? []).filter(
        (r) => r !== id && refs.has(r) && !placed.has(r) && !stack.includes(r),
      );
      if (waiting.length === 0) {
        placed.set(id, placed.size);
        stack.pop();
      } else stack.push(...waiting);
    }
  }
  return placed;
}

/**
 * The history id of each imported row: the file's own history first (recordForeign), then the
 * import's rows table by table in INSERT_ORDER, and within a table in file order, or after the
 * rows it names. Undo takes the rows back in reverse id order and redo puts them in id order,
 * so each must meet every row it references already there, as the whole-document import wrote
 * them; the stream delivers them children first.
 */
function historyIds(first: number, checked: Checked) {
  const base = new Map<TableName, number>();
  let next = first + checked.historyRows;
  for (const table of INSERT_ORDER) {
    base.set(table, next);
    next += checked.counts[table];
  }
  const arrived = new Map<TableName, number>();
  return (table: TableName, fileId: number): number => {
    const rank = checked.order.get(table)?.get(fileId) ?? arrived.get(table) ?? 0;
    arrived.set(table, (arrived.get(table) ?? 0) + 1);
    return base.get(table)! + rank;
  };
}

const emptySpace = () =>
  Object.fromEntries(ENTITY_NAMES.map((t) => [t, new Set<number>()])) as IdSpace;

/** The first reading: every check the whole-document reading makes; nothing is written. */
function check(store: Store, source: ImportSource, progress: Progress): Checked {
  const markingLabels = markingIdsByLabel(store);
  const markingIds = new Set(markingLabels.values());
  const ids = emptySpace();
  const space = emptySpace();
  const owners = new Map<string, number>();
  const counts = Object.fromEntries(ENTITY_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
  const seen = Object.fromEntries(
    ENTITY_NAMES.map((t) => [t, (ENTITIES[t].unique ?? []).map(() => new Set<string>())]),
  ) as Record<TableName, Set<string>[]>;
  /** For a table whose rows name others of it (a position its predecessor): each row's. */
  const selfRefs = new Map<TableName, Map<number, number[]>>();
  for (const table of ENTITY_NAMES) {
    if (SELF[table].length > 0) selfRefs.set(table, new Map());
  }
  /** References to items not (yet) seen: checked once the whole file has been read. */
  const forward: { table: TableName; path: string; column: string; value: number }[] = [];
  const skeleton: Record<string, unknown> = {};
  let version: unknown;
  let negotiationId: number | null = null;
  let title = '';

  // What the domain's own checks need (see exchange.ts, checkReferences).
  const roundSequence = new Map<string, number>();
  const positions = new Map<number, { party: number; issue: number; round: string }>();
  const lineage: { path: string; id: number; previous: number }[] = [];
  const redLines = new Map<number, { party: number; issue: number }>();
  const judgements: { path: string; position: number; redLine: number }[] = [];

  // The history.
  const changeIds = new Set<number>();
  const targets: { index: number; target: number }[] = [];
  const historyForward: { at: string; table: TableName; value: number }[] = [];
  let changes = 0;
  let historyRows = 0;

  const ready = () => {
    // Items before the file says what it is: read whole (see the top of this file).
    if (skeleton.format === undefined || version === undefined) throw new ReadWhole();
  };

  const visitor: Visitor = {
    top(key, value) {
      skeleton[key] = Array.isArray(value) ? [] : value;
      if (key === 'format' && value !== EXCHANGE_FORMAT) {
        throw fault(
          'format',
          `this is not a Parley negotiation file (it must say "format": "${EXCHANGE_FORMAT}").`,
        );
      }
      if (key === 'formatVersion') {
        version = value;
        if (value !== EXCHANGE_VERSION) {
          if ((READABLE_VERSIONS as readonly unknown[]).includes(value)) throw new ReadWhole();
          throw fault(
            'formatVersion',
            typeof value === 'number' && value > EXCHANGE_VERSION
              ? `this file was written by a newer Parley (format version ${value}); this Parley reads versions up to ${EXCHANGE_VERSION}. Update Parley to import it.`
              : `must be ${READABLE_VERSIONS.join(' or ')}, not ${JSON.stringify(value) ?? 'missing'}.`,
          );
        }
      }
      if (key === 'negotiation') visitor.item('negotiation', value, ['negotiation'], null);
    },

    item(table, value, at, ownerPath) {
      ready();
      const path = pathOf(at);
      const index = at.at(-1);
      const list = LIST[table];
      if (list && typeof index === 'number' && index >= maximumOf(list)) {
        throw fault(pathOf(at.slice(0, -1)), tooManyItems(maximumOf(list)));
      }
      const parsed = ITEM[table].safeParse(value);
      if (!parsed.success) throw schemaFault(at, parsed.error.issues[0]!);
      // A document's bytes: checked here, in the reading that writes nothing.
      if (table === 'document') importedContent(parsed.data as FileDocument, path);
      if (table === 'negotiation') {
        // Kept for the envelope's own check at the end (with its fields as parsed).
        skeleton.negotiation = value;
      }
      const row = itemToRow(table, parsed.data as Record<string, unknown>, {});
      const id = row.id as number;
      if (ids[table].has(id)) throw fault(`${path}.id`, `Id ${id} appears twice.`);
      ids[table].add(id);
      space[table].add(id);
      counts[table]++;
      if (CHILDREN[table].length > 0) owners.set(path, id);
      selfRefs.get(table)?.set(
        id,
        SELF[table].map((c) => row[c] as number | null).filter((v): v is number => v !== null),
      );
      if (table === 'negotiation') {
        negotiationId = id;
        title = row.title as string;
      }

      const { columns, unique = [], file } = ENTITIES[table];
      for (const [column, target] of Object.entries(REFERENCES[table])) {
        // The owner it is nested in, and the negotiation: there by the file's very shape.
        if (implied(table, column)) continue;
        const value = row[column];
        if (value === null || value === undefined) continue;
        if (target === 'marking') {
          if (!markingLabels.has(value as string)) {
            throw fault(
              fieldPath(table, path, column),
              `unknown marking ${JSON.stringify(value)} (this Parley knows ${[...markingLabels.keys()].join(', ')}).`,
            );
          }
        } else if (!ids[target].has(value as number)) {
          forward.push({ table, path, column, value: value as number });
        }
      }
      unique.forEach(({ columns: together, what }, k) => {
        const values = together.map((c) =>
          // The owner by its place in the file (its id may come after its items).
          file.within === c
            ? ownerPath
            : columns[c]!.ref === 'negotiation'
              ? 0
              : columns[c]!.kind === 'text'
                ? String(row[c]).toLocaleLowerCase()
                : row[c],
        );
        const key = JSON.stringify(values);
        if (!seen[table][k]!.has(key)) return seen[table][k]!.add(key);
        const shown = together.filter((c) => !implied(table, c));
        const single = shown.length === 1 ? shown[0]! : null;
        throw fault(
          single ? fieldPath(table, path, single) : path,
          `${what} ${single ? JSON.stringify(values[together.indexOf(single)]) : ''}${single ? ' ' : ''}appears twice.`,
        );
      });

      // What the domain forbids beyond references.
      if (table === 'round') {
        const [start, end] = [row.start_date as string | null, row.end_date as string | null];
        if (start && end && endsBeforeStart(start, end)) {
          throw fault(`${path}.endDate`, 'the end date is before the start date.');
        }
        roundSequence.set(path, row.sequence as number);
      } else if (table === 'position') {
        positions.set(id, {
          party: row.party_id as number,
          issue: row.issue_id as number,
          round: ownerPath!,
        });
        if (row.previous_id !== null) {
          lineage.push({ path, id, previous: row.previous_id as number });
        }
      } else if (table === 'red_line') {
        redLines.set(id, { party: row.party_id as number, issue: row.issue_id as number });
      } else if (table === 'conflict_assessment') {
        judgements.push({
          path,
          position: row.position_id as number,
          redLine: row.red_line_id as number,
        });
      }
    },

    change(value, at) {
      ready();
      const index = at[1] as number;
      if (index >= maximumOf(HISTORY_LIST)) {
        throw fault('history', tooManyItems(maximumOf(HISTORY_LIST)));
      }
      const parsed = CHANGE.safeParse(value);
      if (!parsed.success) throw schemaFault(at, parsed.error.issues[0]!);
      const change = parsed.data as FileChange;
      changes++;
      historyRows += change.rows.length;
      if (changeIds.has(change.id)) {
        throw fault(`history[${index}].id`, `Id ${change.id} appears twice.`);
      }
      changeIds.add(change.id);
      if (change.targetId !== null && !changeIds.has(change.targetId)) {
        targets.push({ index, target: change.targetId });
      }
      change.rows.forEach((row, j) => {
        space[row.entity].add(row.entityId);
        checkHistoryRow(row, `history[${index}].rows[${j}]`, markingIds, (at, table, value) => {
          if (!space[table].has(value)) historyForward.push({ at, table, value });
        });
      });
    },
  };

  let digest: string;
  try {
    digest = readStream(source, visitor, (done) =>
      progress(0.05 + 0.35 * done, 'Checking every field…'),
    );
  } catch (error) {
    if (error instanceof BrokenJson) {
      throw fault('', describeJsonError(source.text().replace(/^\uFEFF/, '')));
    }
    throw error;
  }
  ready();

  // The envelope, with every list as the reading left it (emptied), checked whole.
  progress(0.4, 'Checking every reference…');
  const envelope = negotiationFile.safeParse(skeleton);
  if (!envelope.success) throw schemaFault([], envelope.error.issues[0]!);

  for (const table of ENTITY_NAMES) {
    for (const ref of forward) {
      if (ref.table !== table) continue;
      const target = REFERENCES[table][ref.column] as TableName;
      if (!ids[target].has(ref.value)) {
        throw fault(
          fieldPath(table, ref.path, ref.column),
          `unknown ${word(target)} ${ref.value}.`,
        );
      }
    }
  }
  for (const { path, id, previous } of lineage) {
    const before = positions.get(previous)!;
    const own = positions.get(id)!;
    if (
      before.party !== own.party ||
      before.issue !== own.issue ||
      roundSequence.get(before.round)! >= roundSequence.get(own.round)!
    ) {
      throw fault(
        `${path}.previousId`,
        'a position can only follow one of the same party on the same issue in an earlier round.',
      );
    }
  }
  for (const { path, position, redLine } of judgements) {
    const p = positions.get(position)!;
    const line = redLines.get(redLine)!;
    if (line.issue !== p.issue || line.party === p.party) {
      throw fault(
        path,
        'only another party’s red line on the same issue can conflict with a position.',
      );
    }
  }
  for (const { index, target } of targets) {
    if (!changeIds.has(target)) {
      throw fault(`history[${index}].targetId`, `unknown change ${target}.`);
    }
  }
  for (const { at, table, value } of historyForward) {
    if (!space[table].has(value)) throw fault(at, `unknown ${word(table)} ${value}.`);
  }

  const data = envelope.data;
  const { identities, copy } = fileIdentities(store, data.identities, ids);
  const order = new Map<TableName, Map<number, number>>();
  for (const [table, refs] of selfRefs) order.set(table, selfOrder(refs));
  return {
    order,
    identities,
    copy,
    digest,
    negotiationId: negotiationId!,
    title,
    exportedBy: data.exportedBy,
    space,
    owners,
    counts,
    changes,
    historyRows,
  };
}

/**
 * Imports a negotiation file as a new negotiation, reading it as a stream (see the top of this
 * file): one undoable change ("Import …") in the library, with the file's own history kept.
 */
export function importFrom(
  store: Store,
  source: ImportSource,
  progress: Progress = () => {},
  fileName = '',
): ImportResult {
  if (source.bytes > MAX_IMPORT_BYTES) {
    throw fault(
      '',
      `This file is ${(source.bytes / 1024 / 1024).toFixed(1)} MB; Parley imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  progress(0.05, 'Reading the file…');
  let checked: Checked;
  try {
    checked = check(store, source, progress);
  } catch (error) {
    if (error instanceof ReadWhole) {
      return importNegotiation(store, source.text(), progress, fileName);
    }
    throw error;
  }
  const { title } = checked;
  const markingIds = markingIdsByLabel(store);
  progress(0.5, `Writing “${title}”…`);

  return store.write(importMeta(title, fileName, checked.exportedBy), (w) => {
    // Items arrive children first (a round's positions before the round itself), and a
    // position may follow one written further on: references are checked at commit. The
    // first reading has already proved each one sound.
    store.db.pragma('defer_foreign_keys = ON');
    const maps = allocate(checked.space, (table, count) => w.nextId(table, count));
    const negotiationId = maps.negotiation.get(checked.negotiationId)!;
    const changeIds = new Map<number, number>();
    let historyId = w.firstFreeHistoryId();
    const historyIdOf = historyIds(historyId, checked);
    /** The change whose rows are being written as they are read (see changeRow). */
    let streamed: { index: number; id: number | null } | null = null;
    const writer: Visitor = {
      top(key, value) {
        if (key === 'negotiation') writer.item('negotiation', value, ['negotiation'], null);
      },
      item(table, value, _at, ownerPath) {
        const data = ITEM[table].parse(value) as Record<string, unknown>;
        const given: Row = {};
        const { within } = ENTITIES[table].file;
        for (const [column, target] of Object.entries(REFERENCES[table])) {
          if (column === within) given[column] = checked.owners.get(ownerPath!)!;
          else if (target === 'negotiation') given[column] = checked.negotiationId;
        }
        const fileRow = itemToRow(table, data, given);
        const row = remapRow(table, fileRow, maps)!;
        const marking = markingColumn(table);
        if (marking && row[marking] !== null) {
          row[marking] = markingIds.get(row[marking] as string)!;
        }
        if (table === 'document') {
          const d = data as FileDocument;
          storeContent(w, d.sha256, Buffer.from(d.content, 'base64'));
        }
        const historyRow = historyIdOf(table, fileRow.id as number);
        const uid = checked.identities.get(table)?.get(fileRow.id as number);
        if (uid) w.insertWithUid(table, row, uid, historyRow);
        else w.insert(table, row, historyRow);
      },
      changeRow(index, row, change) {
        // Written as they are read, once the change's own fields have come (Parley writes its
        // rows last); a file that puts them after its rows has them written at its end.
        if (streamed?.index !== index) {
          const head = CHANGE.safeParse({ ...change, rows: [] });
          streamed = {
            index,
            id: head.success
              ? w.beginForeign(foreignHead(head.data as FileChange, negotiationId, changeIds))
              : null,
          };
        }
        const id = streamed.id;
        if (id === null) return false;
        w.foreignRow(id, remapHistoryRow(checkedRow(row), maps), historyId++);
        return true;
      },
      change(value, at) {
        const change = parseCheckedChange(value);
        const current = streamed;
        const written = current && current.index === at[1] ? current.id : null;
        if (written !== null) {
          // Its rows were written as they were read.
          changeIds.set(change.id, written);
          return;
        }
        const id = w.recordForeign(
          foreignChange(change, maps, negotiationId, changeIds),
          historyId,
        );
        historyId += change.rows.length;
        changeIds.set(change.id, id);
      },
    };
    const changed = () =>
      fault(
        '',
        'The file changed while it was being imported. Nothing was imported; import it again once nothing is writing to it.',
      );
    let digest: string;
    try {
      digest = readStream(source, writer, (done) =>
        progress(0.5 + 0.4 * done, `Writing “${title}”…`),
      );
    } catch (error) {
      // The file checked a moment ago no longer reads the same: it was changed meanwhile. The
      // writing takes what the checking accepted as read (see checkedRow), so a file changed
      // since may fail anywhere; its digest tells.
      if (
        error instanceof BrokenJson ||
        error instanceof ReadWhole ||
        error instanceof z.ZodError ||
        (!(error instanceof AppError) && digestOf(source) !== checked.digest)
      ) {
        throw changed();
      }
      throw error;
    }
    if (digest !== checked.digest) throw changed();
    progress(0.95, 'Indexing for search…');
    return {
      negotiationId,
      title,
      parties: checked.counts.party,
      issues: checked.counts.issue,
      rounds: checked.counts.round,
      positions: checked.counts.position,
      redLines: checked.counts.red_line,
      sources: checked.counts.source,
      changes: checked.changes,
      copy: checked.copy,
    };
  });
}
