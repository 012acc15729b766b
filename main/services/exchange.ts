// Moving a negotiation between machines: export to one versioned JSON file (shared/exchange.ts)
// and import it back, all or nothing. An import is read and checked whole — JSON, format and
// version, every field, every reference — before anything is written; any problem is refused
// with the place in the file where it is, and the database is left exactly as it was.
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  filePath,
  READABLE_VERSIONS,
  upgradeFile,
  MAX_IMPORT_BYTES,
  negotiationFile,
  type ImportResult,
  type NegotiationFile,
  type Progress,
} from '../../shared/exchange';
import { parse as parseJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { endsBeforeStart } from '../../shared/dates';
import { markingIdsByLabel, readNegotiation, writeImported } from '../db/queries/exchange';
import type { Store } from '../db/store';
import { REFERENCES, type TableName } from '../db/tables';
import type { ForeignChange } from '../db/writer';
import { getNegotiation } from '../db/queries/negotiations';
import { quoted } from './common';
import { MarkingScale, type MarkedItem, type MarkingFloor } from './marking';
import { invalid, notFound } from './errors';

type FileBody = Omit<
  NegotiationFile,
  | 'format'
  | 'formatVersion'
  | 'exportedAt'
  | 'exportedBy'
  | 'application'
  | 'marking'
  | 'historyIncluded'
>;

/**
 * Everything a negotiation file carries, with its marking: every item (an item without a marking
 * of its own carries the negotiation's; a position, its round's), and with the history, every
 * value any item ever had — deleted items and earlier wordings under their earlier markings.
 */
export function* fileMarkedItems(file: FileBody, scale: MarkingScale): Generator<MarkedItem> {
  const id = (label: string | null) =>
    label === null ? null : (scale.byLabel(label)?.id ?? scale.top().id);
  yield { markingId: id(file.negotiation.marking), what: 'the negotiation itself' };
  for (const party of file.parties) {
    for (const person of party.people) {
      yield { markingId: id(person.marking), what: `${quoted(person.name)} of ${party.name}` };
    }
  }
  for (const round of file.rounds) {
    yield { markingId: id(round.marking), what: `round ${round.sequence}, ${quoted(round.title)}` };
    for (const p of round.positions) {
      yield {
        markingId: id(p.marking) ?? id(round.marking),
        what: `a position in round ${round.sequence}, ${quoted(p.text)}`,
      };
    }
  }
  for (const l of file.redLines)
    yield { markingId: id(l.marking), what: `the red line ${quoted(l.text)}` };
  for (const s of file.sources) {
    yield {
      markingId: id(s.marking),
      what: `the source ${quoted([s.speaker, s.outlet].filter(Boolean).join(', ') || s.reference || s.quote)}`,
    };
  }
  for (const change of file.history) {
    for (const row of change.rows) {
      for (const values of [row.before, row.after]) {
        const markingId = values?.marking_id;
        if (typeof markingId === 'number') {
          yield {
            markingId,
            what: `an earlier version of a ${row.entity.replace(/_/g, ' ')} in the history (${quoted(change.label)})`,
          };
        }
      }
    }
  }
}

/** The negotiation as a file's JSON text, marked with the highest marking of what it holds. */
export function exportNegotiation(
  store: Store,
  negotiationId: number,
  about: { appVersion: string; schemaVersion: number },
  options: { includeHistory: boolean } = { includeHistory: false },
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
const fault = (path: string, message: string) =>
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
 */
function describeJsonError(text: string): string {
  const errors: ParseError[] = [];
  parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
    }
    throw fault(filePath(issue.path), message);
  }
  progress(0.4, 'Checking every reference…');
  checkReferences(parsed.data, new Set(markingIdsByLabel(store).keys()), markingIdSet(store));
  return parsed.data;
}

const markingIdSet = (store: Store) => new Set(markingIdsByLabel(store).values());

type IdSpace = Record<TableName, Set<number>>;

const emptySpace = (): IdSpace => ({
  negotiation: new Set(),
  party: new Set(),
  person: new Set(),
  issue: new Set(),
  round: new Set(),
  round_participant: new Set(),
  position: new Set(),
  red_line: new Set(),
  source: new Set(),
  citation: new Set(),
  conflict_assessment: new Set(),
});

const WORDS: Record<TableName | 'marking', string> = {
  negotiation: 'negotiation',
  party: 'party',
  person: 'person',
  issue: 'issue',
  round: 'round',
  round_participant: 'participant',
  position: 'position',
  red_line: 'red line',
  source: 'source',
  citation: 'citation',
  conflict_assessment: 'conflict judgement',
  marking: 'marking',
};

/**
 * Every id the file uses, per table: its items', and those its history names (rows since
 * deleted), so each gets a new id of its own on import.
 */
export function idSpace(file: NegotiationFile): IdSpace {
  const space = emptySpace();
  space.negotiation.add(file.negotiation.id);
  for (const p of file.parties) {
    space.party.add(p.id);
    for (const pe of p.people) space.person.add(pe.id);
  }
  for (const i of file.issues) space.issue.add(i.id);
  for (const r of file.rounds) {
    space.round.add(r.id);
    for (const p of r.participants) space.round_participant.add(p.id);
    for (const p of r.positions) space.position.add(p.id);
  }
  for (const l of file.redLines) space.red_line.add(l.id);
  for (const s of file.sources) space.source.add(s.id);
  for (const c of file.citations) space.citation.add(c.id);
  for (const a of file.conflictAssessments) space.conflict_assessment.add(a.id);
  for (const change of file.history) {
    for (const row of change.rows) space[row.entity].add(row.entityId);
  }
  return space;
}

/** Refuses duplicate ids and names, and any reference to something the file does not hold. */
function checkReferences(
  file: NegotiationFile,
  markingLabels: Set<string>,
  markingIds: Set<number>,
): void {
  const once = (seen: Set<string | number>, value: string | number, path: string, what: string) => {
    if (seen.has(value)) throw fault(path, `${what} ${JSON.stringify(value)} appears twice.`);
    seen.add(value);
  };
  const markingKnown = (label: string | null, path: string) => {
    if (label !== null && !markingLabels.has(label)) {
      throw fault(
        path,
        `unknown marking ${JSON.stringify(label)} (this Parley knows ${[...markingLabels].join(', ')}).`,
      );
    }
  };
  const known = (
    ids: Map<number, unknown> | Set<number>,
    id: number | null,
    path: string,
    what: string,
  ) => {
    if (id !== null && !ids.has(id)) throw fault(path, `unknown ${what} ${id}.`);
  };

  markingKnown(file.negotiation.marking, 'negotiation.marking');

  const parties = new Map<number, NegotiationFile['parties'][number]>();
  const people = new Set<number>();
  const names = new Set<string | number>();
  const codes = new Set<string | number>();
  file.parties.forEach((p, i) => {
    once(new Set(parties.keys()), p.id, `parties[${i}].id`, 'Id');
    parties.set(p.id, p);
    once(names, p.name.toLocaleLowerCase(), `parties[${i}].name`, 'Party name');
    once(codes, p.shortCode.toLocaleLowerCase(), `parties[${i}].shortCode`, 'Short code');
    p.people.forEach((pe, j) => {
      once(people, pe.id, `parties[${i}].people[${j}].id`, 'Id');
    });
  });
  const issues = new Set<number>();
  const titles = new Set<string | number>();
  file.issues.forEach((issue, i) => {
    once(issues, issue.id, `issues[${i}].id`, 'Id');
    once(titles, issue.title.toLocaleLowerCase(), `issues[${i}].title`, 'Issue title');
  });

  const rounds = new Set<number>();
  const sequences = new Set<string | number>();
  const participantIds = new Set<number>();
  const positions = new Map<number, { partyId: number; issueId: number; sequence: number }>();
  file.rounds.forEach((r, i) => {
    const at = `rounds[${i}]`;
    once(rounds, r.id, `${at}.id`, 'Id');
    once(sequences, r.sequence, `${at}.sequence`, 'Round');
    if (r.startDate && r.endDate && endsBeforeStart(r.startDate, r.endDate)) {
      throw fault(`${at}.endDate`, 'the end date is before the start date.');
    }
    markingKnown(r.marking, `${at}.marking`);
    const present = new Set<number>();
    r.participants.forEach((p, j) => {
      once(participantIds, p.id, `${at}.participants[${j}].id`, 'Id');
      known(people, p.personId, `${at}.participants[${j}].personId`, 'person');
      once(present, p.personId, `${at}.participants[${j}].personId`, 'Person');
    });
    r.positions.forEach((p, j) => {
      const pat = `${at}.positions[${j}]`;
      if (positions.has(p.id)) throw fault(`${pat}.id`, `Id ${p.id} appears twice.`);
      known(parties, p.partyId, `${pat}.partyId`, 'party');
      known(issues, p.issueId, `${pat}.issueId`, 'issue');
      markingKnown(p.marking, `${pat}.marking`);
      positions.set(p.id, { partyId: p.partyId, issueId: p.issueId, sequence: r.sequence });
    });
  });
  // Lineage, once every position is known: the same party and issue, in an earlier round.
  file.rounds.forEach((r, i) =>
    r.positions.forEach((p, j) => {
      if (p.previousId === null) return;
      const path = `rounds[${i}].positions[${j}].previousId`;
      const previous = positions.get(p.previousId);
      if (!previous) throw fault(path, `unknown position ${p.previousId}.`);
      if (
        previous.partyId !== p.partyId ||
        previous.issueId !== p.issueId ||
        previous.sequence >= r.sequence
      ) {
        throw fault(
          path,
          'a position can only follow one of the same party on the same issue in an earlier round.',
        );
      }
    }),
  );

  const redLines = new Map<number, { partyId: number; issueId: number }>();
  file.redLines.forEach((l, i) => {
    const at = `redLines[${i}]`;
    if (redLines.has(l.id)) throw fault(`${at}.id`, `Id ${l.id} appears twice.`);
    known(parties, l.partyId, `${at}.partyId`, 'party');
    known(issues, l.issueId, `${at}.issueId`, 'issue');
    known(people, l.declaredByPersonId, `${at}.declaredByPersonId`, 'person');
    markingKnown(l.marking, `${at}.marking`);
    redLines.set(l.id, { partyId: l.partyId, issueId: l.issueId });
  });
  const sources = new Set<number>();
  file.sources.forEach((s, i) => {
    once(sources, s.id, `sources[${i}].id`, 'Id');
    markingKnown(s.marking, `sources[${i}].marking`);
  });
  const citationIds = new Set<number>();
  const cited = new Set<string | number>();
  const targets = { round: rounds, position: positions, redLine: redLines };
  const targetWords = { round: 'round', position: 'position', redLine: 'red line' };
  file.citations.forEach((c, i) => {
    const at = `citations[${i}]`;
    once(citationIds, c.id, `${at}.id`, 'Id');
    known(sources, c.sourceId, `${at}.sourceId`, 'source');
    known(targets[c.targetType], c.targetId, `${at}.targetId`, targetWords[c.targetType]);
    once(cited, `${c.sourceId}:${c.targetType}:${c.targetId}`, at, 'Citation');
  });
  const assessmentIds = new Set<number>();
  const pairs = new Set<string | number>();
  file.conflictAssessments.forEach((a, i) => {
    const at = `conflictAssessments[${i}]`;
    once(assessmentIds, a.id, `${at}.id`, 'Id');
    const position = positions.get(a.positionId);
    if (!position) throw fault(`${at}.positionId`, `unknown position ${a.positionId}.`);
    const line = redLines.get(a.redLineId);
    if (!line) throw fault(`${at}.redLineId`, `unknown red line ${a.redLineId}.`);
    if (line.issueId !== position.issueId || line.partyId === position.partyId) {
      throw fault(
        at,
        'only another party’s red line on the same issue can conflict with a position.',
      );
    }
    once(pairs, `${a.positionId}:${a.redLineId}`, at, 'Judgement');
  });

  // History: every id a row names must be one the file accounts for.
  const space = idSpace(file);
  const changes = new Set<number>();
  file.history.forEach((change, i) => {
    once(changes, change.id, `history[${i}].id`, 'Id');
  });
  file.history.forEach((change, i) => {
    known(changes, change.targetId, `history[${i}].targetId`, 'change');
    change.rows.forEach((row, j) => {
      for (const side of ['before', 'after'] as const) {
        const values = row[side];
        if (!values) continue;
        const at = `history[${i}].rows[${j}].${side}`;
        if ('id' in values && values.id !== row.entityId) {
          throw fault(`${at}.id`, `must be the row's entityId ${row.entityId}.`);
        }
        for (const [column, table] of Object.entries(REFERENCES[row.entity])) {
          const value = values[column];
          if (value === null || value === undefined) continue;
          if (typeof value !== 'number' || !Number.isInteger(value)) {
            throw fault(`${at}.${column}`, 'must be an id.');
          }
          const ids = table === 'marking' ? markingIds : space[table];
          if (!ids.has(value)) throw fault(`${at}.${column}`, `unknown ${WORDS[table]} ${value}.`);
        }
      }
    });
  });
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

/**
 * The file with every id replaced by its new one — items, references, and the ids inside its
 * history rows. The ids of the history's changes themselves stay as they are (the database
 * gives each change its id as it is recorded).
 */
export function remap(file: NegotiationFile, maps: IdMaps): NegotiationFile {
  const to = (table: TableName, id: number) => maps[table].get(id)!;
  const opt = (table: TableName, id: number | null) => (id === null ? null : to(table, id));
  const citationTable = { round: 'round', position: 'position', redLine: 'red_line' } as const;
  return {
    ...file,
    negotiation: { ...file.negotiation, id: to('negotiation', file.negotiation.id) },
    parties: file.parties.map((p) => ({
      ...p,
      id: to('party', p.id),
      people: p.people.map((pe) => ({ ...pe, id: to('person', pe.id) })),
    })),
    issues: file.issues.map((i) => ({ ...i, id: to('issue', i.id) })),
    rounds: file.rounds.map((r) => ({
      ...r,
      id: to('round', r.id),
      participants: r.participants.map((p) => ({
        ...p,
        id: to('round_participant', p.id),
        personId: to('person', p.personId),
      })),
      positions: r.positions.map((p) => ({
        ...p,
        id: to('position', p.id),
        partyId: to('party', p.partyId),
        issueId: to('issue', p.issueId),
        previousId: opt('position', p.previousId),
      })),
    })),
    redLines: file.redLines.map((l) => ({
      ...l,
      id: to('red_line', l.id),
      partyId: to('party', l.partyId),
      issueId: to('issue', l.issueId),
      declaredByPersonId: opt('person', l.declaredByPersonId),
    })),
    sources: file.sources.map((s) => ({ ...s, id: to('source', s.id) })),
    citations: file.citations.map((c) => ({
      ...c,
      id: to('citation', c.id),
      sourceId: to('source', c.sourceId),
      targetId: to(citationTable[c.targetType], c.targetId),
    })),
    conflictAssessments: file.conflictAssessments.map((a) => ({
      ...a,
      id: to('conflict_assessment', a.id),
      positionId: to('position', a.positionId),
      redLineId: to('red_line', a.redLineId),
    })),
    history: file.history.map((change) => ({
      ...change,
      rows: change.rows.map((row) => ({
        ...row,
        entityId: to(row.entity, row.entityId),
        before: remapRow(row.entity, row.before, maps),
        after: remapRow(row.entity, row.after, maps),
      })),
    })),
  };
}

/** A history row's stored values with their ids mapped (markings are the same everywhere). */
function remapRow<R extends Record<string, unknown>>(
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
  const meta = {
    label: `Import ${quoted(title)}`,
    scopeId: null,
    origin: 'import' as const,
    // Who the file says made its changes is kept as the file says it, tied to this import:
    // the history panel shows it as recorded in the file, never as made here.
    source: { file: fileName || 'a negotiation file', by: file.exportedBy },
  };
  return store.write(meta, (w) => {
    const maps = allocate(idSpace(file), (table, count) => w.nextId(table, count));
    const mapped = remap(file, maps);
    const negotiationId = mapped.negotiation.id;
    const changeIds = new Map<number, number>();
    for (const change of mapped.history) {
      const foreign: ForeignChange = {
        kind: change.kind,
        label: change.label,
        actor: change.actor,
        at: change.at,
        scopeId: change.library ? null : negotiationId,
        targetId: change.targetId === null ? null : (changeIds.get(change.targetId) ?? null),
        rows: change.rows,
      };
      changeIds.set(change.id, w.recordForeign(foreign));
    }
    writeImported(w, mapped, markingIds, (done) =>
      progress(0.5 + 0.4 * done, `Writing “${title}”…`),
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
    };
  });
}
