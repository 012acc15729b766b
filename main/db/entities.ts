// The entity registry: every stored table of a negotiation, declared once. What the rest of
// main/ used to state by hand in about ten places is derived from here — the dependents a delete
// removes first, the references import and export remap, the path from a row to its
// negotiation, history's names for tables and fields, the row types, the camelCase ↔ snake_case
// mapping, and the negotiation file's read, write and id-remap loops.
//
// Adding an entity: a migration, an entry here (and its name in shared/domain.ts's
// STORED_TABLES, which makes a missing entry a compile error), its place in the negotiation
// file's schema (shared/exchange.ts) and documentation, and its queries, service, channels and
// views. test/unit/entities.test.ts fails when a table of the schema has no entry, when an
// entry disagrees with the schema's columns or foreign keys, or when a negotiation file round
// trip loses any table or column. See docs/architecture.md, "Adding an entity".
import { DOCUMENT_TYPE_LABELS } from '../../shared/documents';
import { STORED_TABLES } from '../../shared/domain';
import {
  CONFIDENCE_LABELS,
  DEVELOPMENT_KIND_LABELS,
  LINKAGE_KIND_LABELS,
  LINKAGE_STATUS_LABELS,
  MOVEMENT_LABELS,
  PACKAGE_STANCE_LABELS,
  PARTY_ROLE_LABELS,
  POSITION_KIND_LABELS,
  POSITION_STATUS_LABELS,
  RED_LINE_STATUS_LABELS,
  ROUND_FORMAT_LABELS,
  SIGNIFICANCE_LABELS,
  SOURCE_KIND_LABELS,
} from '../../shared/labels';
import { textHash } from './textHash';
import type { Row, SqlValue } from './types';

export type TableName = (typeof STORED_TABLES)[number];
export const TABLES: readonly TableName[] = STORED_TABLES;

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

type Kind =
  'id' | 'text' | 'int' | 'order' | 'date' | 'stamp' | 'ref' | 'marking' | 'choice' | 'derived';

export interface Column<V = SqlValue, K extends Kind = Kind> {
  readonly kind: K;
  /** How history names the field ("Start date"); empty for bookkeeping the officer never sees. */
  readonly label: string;
  readonly nullable: boolean;
  /** For a reference: the table it points into. */
  readonly ref?: TableName | 'marking';
  /** For a reference: what deleting the row it points to does to this one. */
  readonly onDelete?: 'cascade' | 'detach';
  /** For a reference: this row is a part of the one it points to, whose history shows it. */
  readonly part?: boolean;
  /** For a choice: the stored values and their wording. */
  readonly values?: Readonly<Record<string, string>>;
  /** For a derived column: computed from the row's other values whenever `text` is written. */
  readonly compute?: (row: Row) => SqlValue;
  /** Never set: carries the value's type to RowOf. */
  readonly type?: V;
}

const column = <V, K extends Kind>(
  kind: K,
  label: string,
  nullable: boolean,
  more: Omit<Column<V, K>, 'kind' | 'label' | 'nullable'> = {},
): Column<V, K> => ({ kind, label, nullable, ...more });

const id = () => column<number, 'id'>('id', '', false);
const text = (label: string) => column<string, 'text'>('text', label, false);
const int = (label: string) => column<number, 'int'>('int', label, false);
const order = () => column<number, 'order'>('order', 'Place in list', false);
const date = (label: string) => column<string | null, 'date'>('date', label, true);
const stamp = () => column<string, 'stamp'>('stamp', '', false);
const marking = () =>
  column<number | null, 'marking'>('marking', 'Marking', true, { ref: 'marking' });
const choice = <K extends string>(label: string, values: Record<K, string>) =>
  column<K, 'choice'>('choice', label, false, { values });
const optionalChoice = <K extends string>(label: string, values: Record<K, string>) =>
  column<K | null, 'choice'>('choice', label, true, { values });
/** The row this one belongs to: deleting that one deletes this one first. */
const owner = (table: TableName, label: string, more: { part?: boolean } = {}) =>
  column<number, 'ref'>('ref', label, false, { ref: table, onDelete: 'cascade', ...more });
/** As `owner`, for one of several columns of which exactly one is set. */
const optionalOwner = (table: TableName, label: string, more: { part?: boolean } = {}) =>
  column<number | null, 'ref'>('ref', label, true, { ref: table, onDelete: 'cascade', ...more });
/** A pointer that is cleared (set to NULL) when the row it points to is deleted. */
const link = (table: TableName, label: string) =>
  column<number | null, 'ref'>('ref', label, true, { ref: table, onDelete: 'detach' });
/** A whole number that may be absent. */
const optionalInt = (label: string) => column<number | null, 'int'>('int', label, true);
const derived = (compute: (row: Row) => SqlValue) =>
  column<number, 'derived'>('derived', '', false, { compute });

/**
 * A join entity: one row ties a row of `owner` (of which it is a part, and whose history shows
 * it) to a row of `other`, at most once, and is written inside its owner's item in the file.
 */
function joinEntity<O extends TableName, X extends TableName>(
  display: string,
  [ownerTable, ownerLabel]: [O, string],
  [otherTable, otherLabel]: [X, string],
  fileKey: string,
) {
  const ownerId = `${ownerTable}_id` as const;
  const otherId = `${otherTable}_id` as const;
  return {
    display,
    // Built in this order (the file writes an item's fields in its columns' order).
    columns: {
      id: id(),
      [ownerId]: owner(ownerTable, ownerLabel, { part: true }),
      [otherId]: owner(otherTable, otherLabel),
      created_at: stamp(),
    } as { id: Column<number, 'id'>; created_at: Column<string, 'stamp'> } & Record<
      `${O}_id` | `${X}_id`,
      Column<number, 'ref'>
    >,
    scope: ownerId,
    grows: true,
    name: otherId,
    unique: [{ columns: [ownerId, otherId], what: otherLabel }],
    file: { key: fileKey, within: ownerId, order: ['id'] },
  };
}

/** Where an entity sits in the negotiation file (shared/exchange.ts). */
export interface FileShape {
  /** The key of its list in the file (or of its one object, for the negotiation). */
  key: string;
  /** Its items are written inside their owner's item, under `key`: the column naming the owner. */
  within?: string;
  /** A group of nullable references of which exactly one is set, written as a type and an id. */
  oneOf?: { type: string; id: string; columns: Readonly<Record<string, string>> };
  /** The columns its items are listed by. */
  order: readonly string[];
}

export interface EntityDef {
  /** What one row is called, capitalised ("Red line"). */
  display: string;
  columns: Readonly<Record<string, Column<unknown>>>;
  /** The reference that leads towards the negotiation; null for the negotiation itself. */
  scope: string | null;
  /** Its rows grow with the work recorded: a statement may never read it row by row. */
  grows: boolean;
  /** The column that names a row to the officer (in history, in messages). */
  name?: string;
  /** Takes its marking from this owner when it has none of its own (a position: its round's). */
  markingFrom?: string;
  /**
   * Values no two rows may share (text compared regardless of case), as the schema's unique
   * indexes say: an import is refused with the place in the file instead of failing on write.
   */
  unique?: readonly { columns: readonly string[]; what: string }[];
  file: FileShape;
}

// Declared in deletion order: a row's dependents are removed in the order of this list, so
// rounds (with their positions) go before parties and issues, and citations before sources.
const ENTITY_LIST = {
  negotiation: {
    display: 'Negotiation',
    columns: {
      id: id(),
      title: text('Title'),
      summary: text('Summary'),
      marking_id: column<number, 'marking'>('marking', 'Marking', false, { ref: 'marking' }),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: null,
    grows: false,
    name: 'title',
    file: { key: 'negotiation', order: ['id'] },
  },
  development: {
    display: 'Development',
    columns: {
      id: id(),
      negotiation_id: owner('negotiation', 'Negotiation', { part: true }),
      kind: choice('Kind', DEVELOPMENT_KIND_LABELS),
      start_date: date('Date'),
      end_date: date('Until'),
      date_note: text('Date note'),
      title: text('Title'),
      summary: text('Summary'),
      significance: choice('Significance', SIGNIFICANCE_LABELS),
      marking_id: marking(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'negotiation_id',
    grows: true,
    name: 'title',
    file: { key: 'developments', order: ['id'] },
  },
  development_party: joinEntity(
    'Party involved',
    ['development', 'Development'],
    ['party', 'Party'],
    'parties',
  ),
  development_issue: joinEntity(
    'Issue touched',
    ['development', 'Development'],
    ['issue', 'Issue'],
    'issues',
  ),
  // A round's linkages and packages go before its positions (their join rows name positions).
  linkage: {
    display: 'Linkage',
    columns: {
      id: id(),
      round_id: owner('round', 'Round'),
      party_id: owner('party', 'Party'),
      kind: choice('Kind', LINKAGE_KIND_LABELS),
      status: choice('Status', LINKAGE_STATUS_LABELS),
      statement: text('Statement'),
      notes: text('Notes'),
      previous_id: link('linkage', 'Follows'),
      marking_id: marking(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'round_id',
    grows: true,
    markingFrom: 'round_id',
    name: 'statement',
    file: { key: 'linkages', order: ['id'] },
  },
  linkage_issue: joinEntity('Issue tied', ['linkage', 'Linkage'], ['issue', 'Issue'], 'issues'),
  linkage_position: joinEntity(
    'Position involved',
    ['linkage', 'Linkage'],
    ['position', 'Position'],
    'positions',
  ),
  package: {
    display: 'Package',
    columns: {
      id: id(),
      round_id: owner('round', 'Round'),
      party_id: owner('party', 'Party'),
      stance: choice('Offered or demanded', PACKAGE_STANCE_LABELS),
      title: text('Title'),
      notes: text('Notes'),
      previous_id: link('package', 'Follows'),
      marking_id: marking(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'round_id',
    grows: true,
    markingFrom: 'round_id',
    name: 'title',
    file: { key: 'packages', order: ['id'] },
  },
  package_position: joinEntity(
    'Position in package',
    ['package', 'Package'],
    ['position', 'Position'],
    'positions',
  ),
  round: {
    display: 'Round',
    columns: {
      id: id(),
      negotiation_id: owner('negotiation', 'Negotiation', { part: true }),
      sequence: int('Sequence'),
      title: text('Title'),
      start_date: date('Start date'),
      end_date: date('End date'),
      date_note: text('Date note'),
      location: text('Location'),
      format: optionalChoice('Format', ROUND_FORMAT_LABELS),
      channel: text('Channel or mediator'),
      summary: text('Summary'),
      outcome: text('Outcome'),
      next_steps: text('Next steps'),
      marking_id: marking(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'negotiation_id',
    grows: true,
    name: 'title',
    unique: [{ columns: ['negotiation_id', 'sequence'], what: 'Round' }],
    file: { key: 'rounds', order: ['sequence'] },
  },
  party: {
    display: 'Party',
    columns: {
      id: id(),
      negotiation_id: owner('negotiation', 'Negotiation', { part: true }),
      name: text('Name'),
      short_code: text('Short code'),
      colour: text('Colour'),
      role: choice('Role', PARTY_ROLE_LABELS),
      sort_order: order(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'negotiation_id',
    grows: false,
    name: 'name',
    unique: [
      { columns: ['negotiation_id', 'name'], what: 'Party name' },
      { columns: ['negotiation_id', 'short_code'], what: 'Short code' },
    ],
    file: { key: 'parties', order: ['sort_order', 'id'] },
  },
  issue: {
    display: 'Issue',
    columns: {
      id: id(),
      negotiation_id: owner('negotiation', 'Negotiation', { part: true }),
      title: text('Title'),
      description: text('Description'),
      sort_order: order(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'negotiation_id',
    grows: false,
    name: 'title',
    unique: [{ columns: ['negotiation_id', 'title'], what: 'Issue title' }],
    file: { key: 'issues', order: ['sort_order', 'id'] },
  },
  source: {
    display: 'Source',
    columns: {
      id: id(),
      negotiation_id: owner('negotiation', 'Negotiation', { part: true }),
      kind: choice('Kind', SOURCE_KIND_LABELS),
      speaker: text('Speaker'),
      said_date: date('Date said'),
      date_note: text('Date note'),
      outlet: text('Outlet or document'),
      reference: text('URL or reference'),
      quote: text('Quote'),
      reliability: optionalChoice('Reliability', {
        A: 'A',
        B: 'B',
        C: 'C',
        D: 'D',
        E: 'E',
        F: 'F',
      }),
      confidence: optionalChoice('Confidence', CONFIDENCE_LABELS),
      marking_id: marking(),
      notes: text('Notes'),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'negotiation_id',
    grows: true,
    name: 'outlet',
    file: { key: 'sources', order: ['id'] },
  },
  // Declared before citation and after source: deleting a source removes its documents (and
  // their parts) first, each with its own history, so one undo puts all of them back.
  document: {
    display: 'Document',
    columns: {
      id: id(),
      source_id: owner('source', 'Source', { part: true }),
      file_name: text('File name'),
      media_type: choice('Type', DOCUMENT_TYPE_LABELS),
      size: int('Size in bytes'),
      sha256: text('SHA-256'),
      marking_id: marking(),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'source_id',
    grows: true,
    name: 'file_name',
    file: { key: 'documents', within: 'source_id', order: ['id'] },
  },
  document_part: {
    display: 'Page or paragraph',
    columns: {
      id: id(),
      // Not shown as a part of the document's history: a PDF of 300 pages would list 300 rows
      // of extracted text under "Attach".
      document_id: owner('document', 'Document'),
      number: int('Number'),
      text: text('Text'),
      created_at: stamp(),
    },
    scope: 'document_id',
    grows: true,
    name: 'number',
    unique: [{ columns: ['document_id', 'number'], what: 'Page or paragraph' }],
    file: { key: 'parts', within: 'document_id', order: ['number'] },
  },
  position: {
    display: 'Position',
    columns: {
      id: id(),
      round_id: owner('round', 'Round'),
      party_id: owner('party', 'Party'),
      issue_id: owner('issue', 'Issue'),
      text: text('Text'),
      kind: choice('Kind', POSITION_KIND_LABELS),
      status: choice('Status', POSITION_STATUS_LABELS),
      movement: choice('Movement', MOVEMENT_LABELS),
      previous_id: link('position', 'Follows'),
      marking_id: marking(),
      notes: text('Notes'),
      sort_order: order(),
      created_at: stamp(),
      updated_at: stamp(),
      text_hash: derived((row) => textHash(String(row.text))),
    },
    scope: 'round_id',
    grows: true,
    markingFrom: 'round_id',
    name: 'text',
    file: { key: 'positions', within: 'round_id', order: ['sort_order', 'id'] },
  },
  round_participant: joinEntity(
    'Participant',
    ['round', 'Round'],
    ['person', 'Person'],
    'participants',
  ),
  red_line: {
    display: 'Red line',
    columns: {
      id: id(),
      party_id: owner('party', 'Party'),
      issue_id: owner('issue', 'Issue'),
      text: text('Text'),
      declared_date: date('Declared'),
      date_note: text('Date note'),
      declared_by_person_id: link('person', 'Declared by'),
      declared_by: text('Declared by (as written)'),
      status: choice('Status', RED_LINE_STATUS_LABELS),
      marking_id: marking(),
      notes: text('Notes'),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'party_id',
    grows: true,
    name: 'text',
    file: { key: 'redLines', order: ['id'] },
  },
  person: {
    display: 'Person',
    columns: {
      id: id(),
      party_id: owner('party', 'Party', { part: true }),
      name: text('Name'),
      title: text('Title'),
      sort_order: order(),
      created_at: stamp(),
      updated_at: stamp(),
      marking_id: marking(),
    },
    scope: 'party_id',
    grows: true,
    name: 'name',
    file: { key: 'people', within: 'party_id', order: ['sort_order', 'id'] },
  },
  citation: {
    display: 'Citation',
    columns: {
      id: id(),
      source_id: owner('source', 'Source', { part: true }),
      round_id: optionalOwner('round', 'Round', { part: true }),
      position_id: optionalOwner('position', 'Position', { part: true }),
      red_line_id: optionalOwner('red_line', 'Red line', { part: true }),
      development_id: optionalOwner('development', 'Development', { part: true }),
      linkage_id: optionalOwner('linkage', 'Linkage', { part: true }),
      note: text('Pinpoint'),
      created_at: stamp(),
      document_id: link('document', 'Document'),
      part_number: optionalInt('Page or paragraph'),
      passage: text('Quoted passage'),
    },
    scope: 'source_id',
    grows: true,
    name: 'note',
    unique: [
      {
        columns: [
          'source_id',
          'round_id',
          'position_id',
          'red_line_id',
          'development_id',
          'linkage_id',
        ],
        what: 'Citation',
      },
    ],
    file: {
      key: 'citations',
      order: ['id'],
      oneOf: {
        type: 'targetType',
        id: 'targetId',
        columns: {
          round_id: 'round',
          position_id: 'position',
          red_line_id: 'redLine',
          development_id: 'development',
          linkage_id: 'linkage',
        },
      },
    },
  },
  conflict_assessment: {
    display: 'Conflict judgement',
    columns: {
      id: id(),
      position_id: owner('position', 'Position'),
      red_line_id: owner('red_line', 'Red line'),
      verdict: choice('Verdict', { conflicts: 'Conflicts', compatible: 'Compatible' }),
      note: text('Note'),
      created_at: stamp(),
      updated_at: stamp(),
    },
    scope: 'red_line_id',
    grows: true,
    name: 'note',
    unique: [{ columns: ['position_id', 'red_line_id'], what: 'Judgement' }],
    file: { key: 'conflictAssessments', order: ['id'] },
  },
} satisfies Record<TableName, EntityDef>;

type Entities = typeof ENTITY_LIST;
export const ENTITIES: { readonly [T in TableName]: EntityDef } = ENTITY_LIST;

/** Every table, in deletion order (the registry's own). */
export const ENTITY_NAMES = Object.keys(ENTITY_LIST) as TableName[];

type ValueOf<C> = C extends { type?: infer V extends SqlValue } ? V : never;
type ColumnsOf<T extends TableName> = Entities[T]['columns'];

/** A stored row of `T`, typed from its declaration. */
export type RowOf<T extends TableName> = {
  -readonly [K in keyof ColumnsOf<T>]: ValueOf<ColumnsOf<T>[K]>;
};

type Camel<S extends string> = S extends `${infer H}_${infer R}`
  ? `${H}${Capitalize<Camel<R>>}`
  : S;

/** The same row as the domain speaks it: camelCase fields, derived columns left out. */
export type ItemOf<T extends TableName> = {
  -readonly [
    K in keyof ColumnsOf<T> as ColumnsOf<T>[K] extends { kind: 'derived' }
      ? never
      : Camel<K & string>
  ]: ValueOf<ColumnsOf<T>[K]>;
};

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

interface Derived {
  /** camelCase field → column, per table. */
  fields: Map<string, string>;
  /** column → camelCase field. */
  camelOf: Map<string, string>;
}

const DERIVED_NAMES = new Map<TableName, Derived>(
  ENTITY_NAMES.map((table) => {
    const columns = Object.keys(ENTITIES[table].columns);
    return [
      table,
      {
        fields: new Map(columns.map((c) => [camel(c), c])),
        camelOf: new Map(columns.map((c) => [c, camel(c)])),
      },
    ];
  }),
);

/** The row as the domain speaks it (camelCase; derived columns left out). */
export function toItem<T extends TableName>(table: T, row: RowOf<T>): ItemOf<T> {
  const { camelOf } = DERIVED_NAMES.get(table)!;
  const columns = ENTITIES[table].columns;
  const item: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (columns[name]?.kind === 'derived') continue;
    item[camelOf.get(name) ?? name] = value;
  }
  return item as ItemOf<T>;
}

type Stamps = 'createdAt' | 'updatedAt';

/** As toItem, without the timestamps (for the types the renderer is sent without them). */
export function toBareItem<T extends TableName>(table: T, row: RowOf<T>): Omit<ItemOf<T>, Stamps> {
  const item = toItem(table, row) as Record<string, unknown>;
  delete item.createdAt;
  delete item.updatedAt;
  return item as Omit<ItemOf<T>, Stamps>;
}

/**
 * The columns to set for the fields present in `patch`: fields that are not columns of the
 * table (a party's `people`) and undefined values are left alone.
 */
export function toColumns<T extends TableName>(
  table: T,
  patch: Partial<ItemOf<T>> | Record<string, unknown>,
): Partial<RowOf<T>> {
  const { fields } = DERIVED_NAMES.get(table)!;
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const name = fields.get(key);
    if (name && name !== 'id' && value !== undefined) row[name] = value;
  }
  return row as Partial<RowOf<T>>;
}

/** The wording of a choice column's stored value ("on_the_table" → "On the table"). */
export function choiceLabel<T extends TableName>(
  table: T,
  column: keyof ColumnsOf<T> & string,
  value: string | null | undefined,
): string | undefined {
  return value == null ? undefined : ENTITIES[table].columns[column]?.values?.[value];
}

export const camelCaseOf = (table: TableName, column: string): string =>
  DERIVED_NAMES.get(table)!.camelOf.get(column) ?? column;

// ---- Derived relations ----------------------------------------------------------------------

export interface Dependent {
  table: TableName;
  column: string;
  /** 'cascade': the dependent is deleted too; 'detach': its reference is set to NULL. */
  mode: 'cascade' | 'detach';
}

const references = (table: TableName) =>
  Object.entries(ENTITIES[table].columns).filter(
    (entry): entry is [string, Column<unknown> & { ref: TableName | 'marking' }] =>
      entry[1].ref !== undefined,
  );

/**
 * What refers to each table, in the registry's order: deleting a row first deletes (or
 * detaches) these through the writer, so every row that disappears has its own history entry
 * and an undo can put all of them back.
 */
export const DEPENDENTS: Readonly<Record<TableName, readonly Dependent[]>> = (() => {
  const out = Object.fromEntries(ENTITY_NAMES.map((t) => [t, [] as Dependent[]])) as Record<
    TableName,
    Dependent[]
  >;
  for (const table of ENTITY_NAMES) {
    for (const [name, c] of references(table)) {
      if (c.ref === 'marking') continue;
      out[c.ref].push({ table, column: name, mode: c.onDelete ?? 'cascade' });
    }
  }
  return out;
})();

/** Every column that holds another row's id, and the table it points into. */
export const REFERENCES: Readonly<
  Record<TableName, Readonly<Record<string, TableName | 'marking'>>>
> = Object.fromEntries(
  ENTITY_NAMES.map((table) => [
    table,
    Object.fromEntries(references(table).map(([name, c]) => [name, c.ref])),
  ]),
) as Record<TableName, Record<string, TableName | 'marking'>>;

/**
 * Columns computed from others of the same row, filled in by the writer whenever their source
 * is written (also when undo puts back a row recorded before the column existed).
 */
export const DERIVED: Readonly<Partial<Record<TableName, Record<string, (row: Row) => SqlValue>>>> =
  Object.fromEntries(
    ENTITY_NAMES.flatMap((table) => {
      const found = Object.entries(ENTITIES[table].columns).filter(([, c]) => c.compute);
      return found.length
        ? [[table, Object.fromEntries(found.map(([n, c]) => [n, c.compute!]))]]
        : [];
    }),
  );

/** Tables in an order in which every row's references are already in (self-references aside). */
export const INSERT_ORDER: readonly TableName[] = (() => {
  const done: TableName[] = [];
  const visit = (table: TableName, path: TableName[]) => {
    if (done.includes(table)) return;
    if (path.includes(table))
      throw new Error(`The registry's references loop: ${path.join(' → ')}`);
    for (const [, c] of references(table)) {
      if (c.ref !== 'marking' && c.ref !== table) visit(c.ref, [...path, table]);
    }
    done.push(table);
  };
  for (const table of ENTITY_NAMES) visit(table, []);
  return done;
})();

/**
 * The way from a table to its negotiation: the joins from its own row (alias t0) and the
 * expression that gives the negotiation's id.
 */
function scopePath(table: TableName): { joins: string; negotiation: string } {
  if (table === 'negotiation') return { joins: '', negotiation: 't0.id' };
  const joins: string[] = [];
  let current: TableName = table;
  let alias = 0;
  for (;;) {
    const via = ENTITIES[current].scope!;
    const target = ENTITIES[current].columns[via]!.ref as TableName;
    if (target === 'negotiation')
      return { joins: joins.join(' '), negotiation: `t${alias}.${via}` };
    joins.push(`JOIN ${target} t${alias + 1} ON t${alias + 1}.id = t${alias}.${via}`);
    current = target;
    alias++;
  }
}

/** The query that gives the negotiation a row of `table` belongs to (`n`), by the row's id. */
export const SCOPE_SQL: Readonly<Record<TableName, string>> = Object.fromEntries(
  ENTITY_NAMES.map((table) => {
    const { joins, negotiation } = scopePath(table);
    return [table, `SELECT ${negotiation} AS n FROM ${table} t0 ${joins} WHERE t0.id = ?`];
  }),
) as Record<TableName, string>;

/** The query that gives every row of `table` in one negotiation, in the file's order. */
export const IN_NEGOTIATION_SQL: Readonly<Record<TableName, string>> = Object.fromEntries(
  ENTITY_NAMES.map((table) => {
    const { joins, negotiation } = scopePath(table);
    const by = ENTITIES[table].file.order.map((c) => `t0.${c}`).join(', ');
    return [table, `SELECT t0.* FROM ${table} t0 ${joins} WHERE ${negotiation} = ? ORDER BY ${by}`];
  }),
) as Record<TableName, string>;

/** The rows shown in an item's history besides its own: its parts, by the column naming it. */
export const PARTS: Readonly<Record<TableName, readonly { table: TableName; column: string }[]>> =
  Object.fromEntries(
    ENTITY_NAMES.map((owner) => [
      owner,
      ENTITY_NAMES.flatMap((table) =>
        references(table)
          .filter(([, c]) => c.ref === owner && c.part)
          .map(([column]) => ({ table, column })),
      ),
    ]),
  ) as Record<TableName, { table: TableName; column: string }[]>;

/** "Red line" → "This red line", for messages about one item. */
export const thisOne = (table: TableName): string =>
  `This ${ENTITIES[table].display.toLowerCase()}`;

/** "Red line" → "red line", inside a sentence. */
export const word = (table: TableName | 'marking'): string =>
  table === 'marking' ? 'marking' : ENTITIES[table].display.toLowerCase();
