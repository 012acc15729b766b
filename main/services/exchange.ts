// Moving a negotiation between machines: export to one versioned JSON file (shared/exchange.ts)
// and import it back, all or nothing. An import is read and checked whole — JSON, format and
// version, every field, every reference — before anything is written; any problem is refused
// with the place in the file where it is, and the database is left exactly as it was.
import { storeContent } from '../db/queries/documents';
import { importedContent } from './documents';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  filePath,
  READABLE_VERSIONS,
  upgradeFile,
  MAX_IMPORT_BYTES,
  negotiationFile,
  type FileChange,
  type ImportResult,
  type NegotiationFile,
  type Progress,
} from '../../shared/exchange';
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import { endsBeforeStart } from '../../shared/dates';
import { markingIdsByLabel, readNegotiation, writeImported } from '../db/queries/exchange';
import type { Store } from '../db/store';
import { anyUidKnown } from '../db/queries/share';
import { ENTITIES, ENTITY_NAMES, REFERENCES, word, type TableName } from '../db/entities';
import {
  fieldPath,
  fileToRows,
  implied,
  markingColumn,
  rowsToFile,
  type FileBody,
  type FileRow,
  type FileRows,
} from '../db/fileShape';
import type { Reader, Row } from '../db/types';
import type { ForeignChange } from '../db/writer';
import { getNegotiation } from '../db/queries/negotiations';
import { quoted } from './common';
import { MarkingScale, type MarkedItem, type MarkingFloor } from './marking';
import { invalid, notFound } from './errors';

/**
 * Everything a negotiation file carries, with its marking: every item (an item without a marking
 * of its own carries its owner's — a position, its round's — or the negotiation's), and with the
 * history, every value any item ever had: deleted items and earlier wordings under their
 * earlier markings.
 */
export function* fileMarkedItems(file: FileBody, scale: MarkingScale): Generator<MarkedItem> {
  const id = (label: unknown) =>
    typeof label === 'string' ? (scale.byLabel(label)?.id ?? scale.top().id) : null;
  const rows = fileToRows(file);
  const markingOf = new Map<TableName, Map<number, number | null>>();
  for (const table of ENTITY_NAMES) {
    const entity = ENTITIES[table];
    const column = markingColumn(table);
    if (!column) continue;
    const own = new Map<number, number | null>();
    markingOf.set(table, own);
    for (const { row } of rows[table]) {
      let markingId = id(row[column]);
      if (markingId === null && entity.markingFrom) {
        const owner = entity.columns[entity.markingFrom]!.ref as TableName;
        markingId = markingOf.get(owner)?.get(row[entity.markingFrom] as number) ?? null;
      }
      own.set(row.id as number, markingId);
      yield { markingId, what: describe(table, row) };
    }
  }
  for (const change of file.history) {
    for (const row of change.rows) {
      for (const values of [row.before, row.after]) {
        const markingId = values?.marking_id;
        if (typeof markingId === 'number') {
          yield {
            markingId,
            what: `an earlier version of a ${word(row.entity)} in the history (${quoted(change.label)})`,
          };
        }
      }
    }
  }
}

/** "the red line “No enrichment”", naming an item by its name column (or its first text). */
function describe(table: TableName, row: Row): string {
  const { name, columns } = ENTITIES[table];
  const texts = Object.keys(columns).filter((c) => columns[c]!.kind === 'text');
  const named = [name, ...texts].map((c) => (c ? row[c] : null)).find((v) => v);
  return table === 'negotiation'
    ? 'the negotiation itself'
    : `the ${word(table)} ${quoted(String(named ?? `#${String(row.id)}`))}`;
}

/** The negotiation as a file's JSON text, marked with the highest marking of what it holds. */
export function exportNegotiation(
  store: Store,
  negotiationId: number,
  about: { appVersion: string; schemaVersion: number },
  options: { includeHistory: boolean; includeDocuments?: boolean } = { includeHistory: false },
): { file: NegotiationFile; json: string; floor: MarkingFloor } {
  return store.read((db) => {
    const body = readNegotiation(db, negotiationId, options);
    if (!body) throw notFound('This negotiation', 'negotiationId');
    const scale = MarkingScale.of(db, getNegotiation(db, negotiationId)!.markingId);
    const floor = scale.floor(fileMarkedItems(body, scale));
    const file: NegotiationFile = {
      format: EXCHANGE_FORMAT,
      formatVersion: EXCHANGE_VERSION,
      exportedAt: store.now(),
      exportedBy: store.actor,
      marking: floor.marking.label,
      historyIncluded: options.includeHistory,
      application: {
        name: 'Parley',
        version: about.appVersion,
        schemaVersion: about.schemaVersion,
      },
      ...body,
    };
    return { file, json: `${JSON.stringify(file, null, 1)}\n`, floor };
  });
}

/** A problem in an import file: its place in the file, and what is wrong there. */
export const fault = (path: string, message: string) =>
  invalid('file', path ? `${path}: ${message}` : message);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "line 3, column 14" for a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

const JSON_PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a field name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'the file should end here',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfString: 'a text value is not closed',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape',
  InvalidCharacter: 'a control character inside text',
};

/**
 * Where and what a JSON syntax error is. JSON.parse does not always say where (V8 gives no
 * position for an unexpected token), so the text is scanned again with jsonc-parser, strictly.
 * Its visitor builds nothing, so describing the error of a large file costs only its text.
 */
export function describeJsonError(text: string): string {
  const errors: { error: ParseErrorCode; offset: number }[] = [];
  visit(
    text,
    { onError: (error, offset) => void errors.push({ error, offset }) },
    { disallowComments: true, allowTrailingComma: false },
  );
  const end = text.trimEnd().length;
  const first = errors[0];
  const last = errors.at(-1);
  const cutOff =
    !first ||
    first.offset >= end ||
    (printParseErrorCode(first.error) === 'UnexpectedEndOfString' && last!.offset >= end);
  if (cutOff) {
    return `The file ends too soon (${lineAndColumn(text, end)}): it looks cut off. Export it again and copy the whole file.`;
  }
  const problem =
    JSON_PROBLEMS[printParseErrorCode(first.error)] ?? 'the text breaks the JSON rules';
  return `The file is not valid JSON at ${lineAndColumn(text, first.offset)}: ${problem}.`;
}

/** Reads and checks an import file completely; nothing is written. */
export function readImportFile(
  store: Store,
  content: string,
  progress: Progress = () => {},
): NegotiationFile {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) {
    throw fault(
      '',
      `This file is ${(bytes / 1024 / 1024).toFixed(1)} MB; Parley imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  const text = content.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw fault('', 'The file is empty.');
  progress(0.05, 'Reading the file…');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw fault('', describeJsonError(text));
  }
  if (!isObject(data) || data.format !== EXCHANGE_FORMAT) {
    throw fault(
      'format',
      `this is not a Parley negotiation file (it must say "format": "${EXCHANGE_FORMAT}").`,
    );
  }
  const version = data.formatVersion;
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(version)) {
    throw fault(
      'formatVersion',
      typeof version === 'number' && version > EXCHANGE_VERSION
        ? `this file was written by a newer Parley (format version ${version}); this Parley reads versions up to ${EXCHANGE_VERSION}. Update Parley to import it.`
        : `must be ${READABLE_VERSIONS.join(' or ')}, not ${JSON.stringify(version) ?? 'missing'}.`,
    );
  }
  progress(0.25, 'Checking every field…');
  const parsed = negotiationFile.safeParse(upgradeFile(data));
  if (!parsed.success) throw schemaFault([], parsed.error.issues[0]!);
  progress(0.4, 'Checking every reference…');
  checkReferences(
    parsed.data,
    fileToRows(parsed.data),
    new Set(markingIdsByLabel(store).keys()),
    markingIdSet(store),
  );
  return parsed.data;
}

/** The first thing the schema found wrong, at its place in the file (below `at`). */
export function schemaFault(at: readonly PropertyKey[], issue: z.core.$ZodIssue) {
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  }
  return fault(filePath([...at, ...issue.path]), message);
}

const markingIdSet = (store: Store) => new Set(markingIdsByLabel(store).values());

type IdSpace = Record<TableName, Set<number>>;

/**
 * Every id the file uses, per table: its items', and those its history names (rows since
 * deleted), so each gets a new id of its own on import.
 */
export function idSpace(file: NegotiationFile, rows: FileRows = fileToRows(file)): IdSpace {
  const space = Object.fromEntries(
    ENTITY_NAMES.map((t) => [t, new Set(rows[t].map((r) => r.row.id as number))]),
  ) as IdSpace;
  for (const change of file.history) {
    for (const row of change.rows) space[row.entity].add(row.entityId);
  }
  return space;
}

/** The identities a file's items keep on import, by kind and by the item's id in the file. */
export type Identities = Map<TableName, Map<number, string>>;

/**
 * The identities a file gives its items (issue 19), checked against the items it holds: each
 * names an item of the file, and no two items share one. They are kept when none is in the
 * library yet, so the negotiation arrives as itself and can take a colleague's shared updates;
 * when any is (the file was imported before, or was exported from this library), the import is
 * a separate copy, and its items get identities of their own.
 */
export function fileIdentities(
  db: Reader,
  given: Record<string, Record<string, string>>,
  items: IdSpace,
): { identities: Identities; copy: boolean } {
  const identities: Identities = new Map();
  const seen = new Set<string>();
  for (const [kind, byId] of Object.entries(given)) {
    if (!(ENTITY_NAMES as readonly string[]).includes(kind)) {
      throw fault(`identities.${kind}`, 'not a kind of item a negotiation file holds.');
    }
    const table = kind as TableName;
    const own = new Map<number, string>();
    for (const [id, uid] of Object.entries(byId)) {
      const at = `identities.${kind}.${id}`;
      if (!items[table].has(Number(id))) {
        throw fault(at, `the file holds no ${word(table)} ${id}.`);
      }
      const key = uid.toLowerCase();
      if (seen.has(key)) throw fault(at, `identity ${uid} is given to two items.`);
      seen.add(key);
      own.set(Number(id), key);
    }
    identities.set(table, own);
  }
  const copy = anyUidKnown(db, [...seen]);
  return { identities: copy ? new Map() : identities, copy };
}

/**
 * Refuses duplicate ids and values that must be unique, any reference to something the file
 * does not hold, and what the domain forbids (a round ending before it starts, a position
 * following one of another party, a judgement between a position and its own party's line).
 */
function checkReferences(
  file: NegotiationFile,
  rows: FileRows,
  markingLabels: Set<string>,
  markingIds: Set<number>,
): void {
  const byId = {} as Record<TableName, Map<number, FileRow>>;
  for (const table of ENTITY_NAMES) {
    byId[table] = new Map();
    for (const item of rows[table]) {
      const id = item.row.id as number;
      if (byId[table].has(id)) throw fault(`${item.path}.id`, `Id ${id} appears twice.`);
      byId[table].set(id, item);
    }
  }
  for (const table of ENTITY_NAMES) {
    const { columns, unique = [] } = ENTITIES[table];
    const seen = unique.map(() => new Set<string>());
    for (const { path, row } of rows[table]) {
      for (const [column, target] of Object.entries(REFERENCES[table])) {
        const value = row[column];
        if (value === null) continue;
        if (target === 'marking') {
          if (!markingLabels.has(value as string)) {
            throw fault(
              fieldPath(table, path, column),
              `unknown marking ${JSON.stringify(value)} (this Parley knows ${[...markingLabels].join(', ')}).`,
            );
          }
        } else if (!byId[target].has(value as number)) {
          throw fault(fieldPath(table, path, column), `unknown ${word(target)} ${String(value)}.`);
        }
      }
      unique.forEach(({ columns: together, what }, k) => {
        const values = together.map((c) =>
          columns[c]!.kind === 'text' ? String(row[c]).toLocaleLowerCase() : row[c],
        );
        const key = JSON.stringify(values);
        if (!seen[k]!.has(key)) return seen[k]!.add(key);
        // Named by the one field the file shows, where there is one (the rest is implied).
        const shown = together.filter((c) => !implied(table, c));
        const single = shown.length === 1 ? shown[0]! : null;
        throw fault(
          single ? fieldPath(table, path, single) : path,
          `${what} ${single ? JSON.stringify(values[together.indexOf(single)]) : ''}${single ? ' ' : ''}appears twice.`,
        );
      });
    }
  }

  // What the domain forbids beyond references.
  for (const { path, row } of rows.round) {
    const [start, end] = [row.start_date as string | null, row.end_date as string | null];
    if (start && end && endsBeforeStart(start, end)) {
      throw fault(`${path}.endDate`, 'the end date is before the start date.');
    }
  }
  const roundOf = (position: Row) => byId.round.get(position.round_id as number)!.row;
  for (const { path, row } of rows.position) {
    if (row.previous_id === null) continue;
    const previous = byId.position.get(row.previous_id as number)!.row;
    if (
      previous.party_id !== row.party_id ||
      previous.issue_id !== row.issue_id ||
      (roundOf(previous).sequence as number) >= (roundOf(row).sequence as number)
    ) {
      throw fault(
        `${path}.previousId`,
        'a position can only follow one of the same party on the same issue in an earlier round.',
      );
    }
  }
  // A linkage's and a package's positions are of their own round (a package's, of its party),
  // and one carried forward follows one of the same party in an earlier round.
  for (const [join, owner] of [
    ['linkage_position', 'linkage'],
    ['package_position', 'package'],
  ] as const) {
    for (const { path, row } of rows[join]) {
      const parent = byId[owner].get(row[`${owner}_id`] as number)!.row;
      const position = byId.position.get(row.position_id as number)!.row;
      if (
        position.round_id !== parent.round_id ||
        (owner === 'package' && position.party_id !== parent.party_id)
      ) {
        throw fault(
          `${path}.positionId`,
          owner === 'package'
            ? 'a package holds only its party’s positions in its own round.'
            : 'a linkage involves only positions of its own round.',
        );
      }
    }
  }
  for (const table of ['linkage', 'package'] as const) {
    for (const { path, row } of rows[table]) {
      if (row.previous_id === null) continue;
      const previous = byId[table].get(row.previous_id as number)!.row;
      if (
        previous.party_id !== row.party_id ||
        (roundOf(previous).sequence as number) >= (roundOf(row).sequence as number)
      ) {
        throw fault(
          `${path}.previousId`,
          `a ${table} can only follow one of the same party in an earlier round.`,
        );
      }
    }
  }
  for (const { path, row } of rows.conflict_assessment) {
    const position = byId.position.get(row.position_id as number)!.row;
    const line = byId.red_line.get(row.red_line_id as number)!.row;
    if (line.issue_id !== position.issue_id || line.party_id === position.party_id) {
      throw fault(
        path,
        'only another party’s red line on the same issue can conflict with a position.',
      );
    }
  }

  // History: every id a row names must be one the file accounts for.
  const space = idSpace(file, rows);
  const changes = new Set<number>();
  file.history.forEach((change, i) => {
    if (changes.has(change.id)) throw fault(`history[${i}].id`, `Id ${change.id} appears twice.`);
    changes.add(change.id);
  });
  file.history.forEach((change, i) => {
    if (change.targetId !== null && !changes.has(change.targetId)) {
      throw fault(`history[${i}].targetId`, `unknown change ${change.targetId}.`);
    }
    change.rows.forEach((row, j) =>
      checkHistoryRow(row, `history[${i}].rows[${j}]`, markingIds, (at, table, value) => {
        if (!space[table].has(value)) throw fault(at, `unknown ${word(table)} ${value}.`);
      }),
    );
  });
}

/**
 * Checks the values one history row records, before and after: its own id is the row's, and
 * every reference is an id of a marking this database has. Every other reference is handed to
 * `reference` with its place in the file, to check as far as the caller can yet.
 */
export function checkHistoryRow(
  row: FileChange['rows'][number],
  path: string,
  markingIds: ReadonlySet<number>,
  reference: (at: string, table: TableName, value: number) => void,
): void {
  for (const side of ['before', 'after'] as const) {
    const values = row[side];
    if (!values) continue;
    const at = `${path}.${side}`;
    if ('id' in values && values.id !== row.entityId) {
      throw fault(`${at}.id`, `must be the row's entityId ${row.entityId}.`);
    }
    for (const [column, table] of Object.entries(REFERENCES[row.entity])) {
      const value = values[column];
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw fault(`${at}.${column}`, 'must be an id.');
      }
      if (table !== 'marking') reference(`${at}.${column}`, table, value);
      else if (!markingIds.has(value)) {
        throw fault(`${at}.${column}`, `unknown ${word(table)} ${value}.`);
      }
    }
  }
}

/** New ids for every id in the file: above every id this database has ever used, per table. */
export function allocate(space: IdSpace, next: (table: TableName, count: number) => number) {
  const maps = {} as Record<TableName, Map<number, number>>;
  for (const table of Object.keys(space) as TableName[]) {
    const base = next(table, space[table].size);
    maps[table] = new Map([...space[table]].sort((a, b) => a - b).map((id, i) => [id, base + i]));
  }
  return maps;
}

type IdMaps = ReturnType<typeof allocate>;

/** Rows with every id and reference replaced by its new one (markings keep their labels). */
function remapRows(rows: FileRows, maps: IdMaps): FileRows {
  const out = {} as FileRows;
  for (const table of ENTITY_NAMES) {
    out[table] = rows[table].map(({ path, row }) => ({
      path,
      row: remapRow(table, row, maps)!,
    }));
  }
  return out;
}

/**
 * The file with every id replaced by its new one — items, references, and the ids inside its
 * history rows. The ids of the history's changes themselves stay as they are (the database
 * gives each change its id as it is recorded).
 */
export function remap(file: NegotiationFile, maps: IdMaps): NegotiationFile {
  const rows = remapRows(fileToRows(file), maps);
  const byTable = Object.fromEntries(
    ENTITY_NAMES.map((t) => [t, rows[t].map((r) => r.row)]),
  ) as Record<TableName, Row[]>;
  const identities = Object.fromEntries(
    Object.entries(file.identities).map(([table, byId]) => [
      table,
      Object.fromEntries(
        Object.entries(byId).map(([id, uid]) => [
          String(maps[table as TableName]?.get(Number(id)) ?? id),
          uid,
        ]),
      ),
    ]),
  );
  return {
    ...file,
    ...rowsToFile(byTable),
    history: remapHistory(file.history, maps),
    identities,
  };
}

function remapHistory(history: NegotiationFile['history'], maps: IdMaps) {
  return history.map((change) => ({ ...change, rows: remapHistoryRows(change, maps) }));
}

function remapHistoryRows(change: FileChange, maps: IdMaps): FileChange['rows'] {
  return change.rows.map((row) => remapHistoryRow(row, maps));
}

/** One history row of the file with its ids mapped. */
export function remapHistoryRow(row: FileChange['rows'][number], maps: IdMaps) {
  return {
    ...row,
    entityId: maps[row.entity].get(row.entityId)!,
    before: remapRow(row.entity, row.before, maps),
    after: remapRow(row.entity, row.after, maps),
  };
}

/**
 * One change of the file as this database records it: its rows' ids remapped, tied to the
 * imported negotiation (or to the library), and to the change it undid or redid by that
 * change's id here (`changeIds`: file id → id here, of the changes recorded so far).
 */
export function foreignChange(
  change: FileChange,
  maps: IdMaps,
  negotiationId: number,
  changeIds: ReadonlyMap<number, number>,
): ForeignChange {
  return { ...foreignHead(change, negotiationId, changeIds), rows: remapHistoryRows(change, maps) };
}

/** A change of the file as this database records it, without its rows (see foreignChange). */
export function foreignHead(
  change: Omit<FileChange, 'rows'>,
  negotiationId: number,
  changeIds: ReadonlyMap<number, number>,
): Omit<ForeignChange, 'rows'> {
  return {
    kind: change.kind,
    label: change.label,
    actor: change.actor,
    at: change.at,
    scopeId: change.library ? null : negotiationId,
    targetId: change.targetId === null ? null : (changeIds.get(change.targetId) ?? null),
  };
}

/** What an import records itself as: one undoable change in the library. */
export function importMeta(title: string, fileName: string, exportedBy: string) {
  return {
    label: `Import ${quoted(title)}`,
    scopeId: null,
    origin: 'import' as const,
    // Who the file says made its changes is kept as the file says it, tied to this import:
    // the history panel shows it as recorded in the file, never as made here.
    source: { file: fileName || 'a negotiation file', by: exportedBy },
  };
}

/** A row's values with their ids mapped (markings are the same everywhere). */
export function remapRow<R extends Record<string, unknown>>(
  entity: TableName,
  row: R | null,
  maps: IdMaps,
): R | null {
  if (row === null) return null;
  const out: Record<string, unknown> = { ...row };
  if (typeof out.id === 'number') out.id = maps[entity].get(out.id)!;
  for (const [column, table] of Object.entries(REFERENCES[entity])) {
    const value = out[column];
    if (typeof value === 'number' && table !== 'marking') out[column] = maps[table].get(value)!;
  }
  return out as R;
}

/**
 * Imports a negotiation file as a new negotiation: one undoable change ("Import …") in the
 * library, with the file's own history kept (read-only) so every item's past stays visible.
 */
export function importNegotiation(
  store: Store,
  content: string,
  progress: Progress = () => {},
  fileName = '',
): ImportResult {
  const file = readImportFile(store, content, progress);
  const markingIds = markingIdsByLabel(store);
  const title = file.negotiation.title;
  progress(0.5, `Writing “${title}”…`);

  const rows = fileToRows(file);
  const { identities, copy } = fileIdentities(
    store,
    file.identities,
    Object.fromEntries(
      ENTITY_NAMES.map((t) => [t, new Set(rows[t].map((r) => r.row.id as number))]),
    ) as IdSpace,
  );

  return store.write(importMeta(title, fileName, file.exportedBy), (w) => {
    const maps = allocate(idSpace(file, rows), (table, count) => w.nextId(table, count));
    const mapped = remapRows(rows, maps);
    const negotiationId = maps.negotiation.get(file.negotiation.id)!;
    const changeIds = new Map<number, number>();
    for (const change of file.history) {
      changeIds.set(
        change.id,
        w.recordForeign(foreignChange(change, maps, negotiationId, changeIds)),
      );
    }
    // Documents' bytes, checked (a throw here leaves nothing written) and kept by hash.
    file.sources.forEach((source, i) =>
      source.documents.forEach((d, j) =>
        storeContent(w, d.sha256, importedContent(d, `sources[${i}].documents[${j}]`)),
      ),
    );
    // Each kept identity under the item's id in this library.
    const uids = new Map(
      [...identities].map(([table, byId]) => [
        table,
        new Map([...byId].map(([id, uid]) => [maps[table].get(id)!, uid])),
      ]),
    );
    writeImported(
      w,
      mapped,
      markingIds,
      (done) => progress(0.5 + 0.4 * done, `Writing “${title}”…`),
      (table, id) => uids.get(table)?.get(id),
    );
    progress(0.95, 'Indexing for search…');
    return {
      negotiationId,
      title,
      parties: file.parties.length,
      issues: file.issues.length,
      rounds: file.rounds.length,
      positions: file.rounds.reduce((sum, r) => sum + r.positions.length, 0),
      redLines: file.redLines.length,
      sources: file.sources.length,
      changes: file.history.length,
      copy,
    };
  });
}
