// What is searched: counts, ranked keys and the context of each hit. The index's upkeep is the
// store's own (../searchIndex.ts); it is two tables, positions apart (see INDEX_TABLES there).
import {
  decodeKey,
  indexTableOf,
  KIND_CODES,
  KIND_SPAN,
  NEGOTIATION_SPAN,
  type IndexTable,
} from '../searchIndex';
import type { SearchKind } from '../../../shared/search';
import type { Reader } from '../types';

export { decodeKey, indexTableOf, KIND_CODES };

/**
 * Which entries of a table a search reads: an FTS5 expression (built by services/search) and,
 * for the positions of one negotiation, their range of keys (see NEGOTIATION_SPAN).
 */
export interface Where {
  match: string;
  range: [bigint, bigint] | null;
}

const where = (table: IndexTable, { range }: Where) =>
  `${table} MATCH ?${range ? ' AND rowid BETWEEN ? AND ?' : ''}`;
const params = ({ match, range }: Where) => (range ? [match, ...range] : [match]);

/**
 * How many index entries of each kind match, by kind code; `only` counts one kind's table
 * alone.
 */
export function countByKind(
  db: Reader,
  scope: Record<IndexTable, Where>,
  only: SearchKind | null = null,
): Map<number, number> {
  const totals = new Map<number, number>();
  const positions: IndexTable = 'search_index_position';
  if (only === null || only === 'position') {
    const n = db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${positions} WHERE ${where(positions, scope[positions])}`,
      ...params(scope[positions]),
    )!.n;
    if (n > 0) totals.set(KIND_CODES.position, n);
  }
  if (only !== 'position') {
    const rows = db.all<{ kind: number; total: number }>(
      `SELECT rowid % ${KIND_SPAN} AS kind, COUNT(*) AS total FROM search_index
       WHERE ${where('search_index', scope.search_index)} GROUP BY 1`,
      ...params(scope.search_index),
    );
    for (const { kind, total } of rows) totals.set(kind, total);
  }
  return totals;
}

const bm25 = (table: IndexTable) => `bm25(${table}, 4.0, 1.0, 0.5, 0.0)`;

/**
 * The first `limit` matching keys of a table: by BM25 relevance (titles weigh most, notes least,
 * the tags nothing), or — cheaper when a word is in thousands of entries — most recently
 * recorded first.
 */
export function matchingKeys(
  db: Reader,
  table: IndexTable,
  scope: Where,
  order: 'relevance' | 'recent',
  limit: number,
): number[] {
  // Positions' keys lead with their negotiation: across negotiations, the newest is the
  // highest id.
  const recent =
    table === 'search_index_position' && !scope.range
      ? `rowid % ${NEGOTIATION_SPAN} DESC`
      : 'rowid DESC';
  const by = order === 'relevance' ? `${bm25(table)}, ${recent}` : recent;
  return db
    .all<{ key: number }>(
      `SELECT rowid AS key FROM ${table} WHERE ${where(table, scope)} ORDER BY ${by} LIMIT ?`,
      ...params(scope),
      limit,
    )
    .map((r) => r.key);
}

/**
 * The first `limit` matching keys of each kind the expression lets through in a table, by BM25
 * relevance as `matchingKeys` ranks them: one pass over the table for several small kinds,
 * where a query per kind would read the words' entries once each.
 */
export function rankedKeysByKind(
  db: Reader,
  table: IndexTable,
  scope: Where,
  limit: number,
): number[] {
  const recent = table === 'search_index_position' ? `key % ${NEGOTIATION_SPAN}` : 'key';
  return db
    .all<{ key: number }>(
      `SELECT key FROM (
         SELECT key, ROW_NUMBER() OVER (PARTITION BY key % ${KIND_SPAN} ORDER BY rank, ${recent} DESC) AS n
         FROM (SELECT rowid AS key, ${bm25(table)} AS rank
               FROM ${table} WHERE ${where(table, scope)}))
       WHERE n <= ? ORDER BY key % ${KIND_SPAN}, n`,
      ...params(scope),
      limit,
    )
    .map((r) => r.key);
}

/** An entry's indexed text: title, body and extra. */
export function entryText(db: Reader, key: number): string[] {
  const table = indexTableOf(decodeKey(key).kind);
  // better-sqlite3 binds numbers as REAL, which FTS5's rowid lookup would not use: hence CAST.
  const row = db.get<{ title: string; body: string; extra: string }>(
    `SELECT title, body, extra FROM ${table} WHERE rowid = CAST(? AS INTEGER)`,
    key,
  );
  return row ? [row.title, row.body, row.extra] : [];
}

/** The ids of a negotiation's rounds numbered within a range. */
export function roundIdsBetween(db: Reader, negotiationId: number, from: number, to: number) {
  return db
    .all<{ id: number }>(
      'SELECT id FROM round WHERE negotiation_id = ? AND sequence BETWEEN ? AND ? ORDER BY id',
      negotiationId,
      from,
      to,
    )
    .map((r) => r.id);
}

export interface HitContext {
  id: number;
  negotiation_id: number;
  negotiation_title: string;
  party_id: number | null;
  party_name: string | null;
  party_code: string | null;
  party_colour: string | null;
  issue_id: number | null;
  issue_title: string | null;
  round_id: number | null;
  round_sequence: number | null;
  round_title: string | null;
  /** Position kind, source kind, round format, party role. */
  kind: string | null;
  status: string | null;
  /** A source's speaker and outlet, a red line's declarer, a person's title. */
  who: string | null;
  date: string | null;
  document_id: number | null;
  part_number: number | null;
  source_id: number | null;
}

type ContextField = Exclude<keyof HitContext, 'id' | 'negotiation_id' | 'negotiation_title'>;

const CONTEXT_FIELDS: readonly ContextField[] = [
  'party_id',
  'party_name',
  'party_code',
  'party_colour',
  'issue_id',
  'issue_title',
  'round_id',
  'round_sequence',
  'round_title',
  'kind',
  'status',
  'who',
  'date',
  'document_id',
  'part_number',
  'source_id',
];

/**
 * The statement reading one kind's contexts: `row` is the alias of the kind's own table in
 * `from`, which joins its negotiation as `n`; each field is read as `fields` says, NULL where
 * the kind has none (an issue has no round).
 */
function contextSql(
  row: string,
  from: string,
  fields: Partial<Record<ContextField, string>>,
): string {
  return `
    SELECT ${row}.id, n.id AS negotiation_id, n.title AS negotiation_title,
           ${CONTEXT_FIELDS.map((f) => `${fields[f] ?? 'NULL'} AS ${f}`).join(', ')}
    FROM ${from}
    WHERE ${row}.id IN (SELECT value FROM json_each(?))`;
}

const PARTY = {
  party_id: 'pa.id',
  party_name: 'pa.name',
  party_code: 'pa.short_code',
  party_colour: 'pa.colour',
};
const ISSUE = { issue_id: 'i.id', issue_title: 'i.title' };
/** A group_concat of names, in the order the statement lists them. */
const names = (select: string) => `(SELECT group_concat(name, ', ') FROM (${select}))`;

const CONTEXT_SQL: Record<SearchKind, string> = {
  position: contextSql(
    'p',
    `position p JOIN round r ON r.id = p.round_id JOIN negotiation n ON n.id = r.negotiation_id
     JOIN party pa ON pa.id = p.party_id JOIN issue i ON i.id = p.issue_id`,
    {
      ...PARTY,
      ...ISSUE,
      round_id: 'r.id',
      round_sequence: 'r.sequence',
      round_title: 'r.title',
      kind: 'p.kind',
      status: 'p.status',
      date: 'r.start_date',
    },
  ),
  red_line: contextSql(
    'l',
    `red_line l JOIN party pa ON pa.id = l.party_id JOIN issue i ON i.id = l.issue_id
     JOIN negotiation n ON n.id = pa.negotiation_id`,
    { ...PARTY, ...ISSUE, status: 'l.status', who: 'l.declared_by', date: 'l.declared_date' },
  ),
  source: contextSql('s', 'source s JOIN negotiation n ON n.id = s.negotiation_id', {
    kind: 's.kind',
    who: "trim(s.speaker || ', ' || s.outlet, ', ')",
    date: 's.said_date',
  }),
  round: contextSql('r', 'round r JOIN negotiation n ON n.id = r.negotiation_id', {
    round_id: 'r.id',
    round_sequence: 'r.sequence',
    round_title: 'r.title',
    kind: 'r.format',
    who: 'r.location',
    date: 'r.start_date',
  }),
  issue: contextSql('i', 'issue i JOIN negotiation n ON n.id = i.negotiation_id', ISSUE),
  party: contextSql('pa', 'party pa JOIN negotiation n ON n.id = pa.negotiation_id', {
    ...PARTY,
    kind: 'pa.role',
    who: names('SELECT name FROM person WHERE party_id = pa.id ORDER BY sort_order, id'),
  }),
  person: contextSql(
    'x',
    `person x JOIN party pa ON pa.id = x.party_id JOIN negotiation n ON n.id = pa.negotiation_id`,
    { ...PARTY, who: 'x.title' },
  ),
  development: contextSql('d', 'development d JOIN negotiation n ON n.id = d.negotiation_id', {
    kind: 'd.kind',
    status: 'd.significance',
    who: names(`SELECT pa.name FROM development_party dp JOIN party pa ON pa.id = dp.party_id
               WHERE dp.development_id = d.id ORDER BY pa.sort_order, pa.id`),
    date: 'd.start_date',
  }),
  linkage: contextSql(
    'l',
    `linkage l JOIN round r ON r.id = l.round_id JOIN negotiation n ON n.id = r.negotiation_id
     JOIN party pa ON pa.id = l.party_id`,
    {
      ...PARTY,
      round_id: 'r.id',
      round_sequence: 'r.sequence',
      round_title: 'r.title',
      kind: 'l.kind',
      status: 'l.status',
      who: names(`SELECT i.title AS name FROM linkage_issue li JOIN issue i ON i.id = li.issue_id
                 WHERE li.linkage_id = l.id ORDER BY i.sort_order, i.id`),
      date: 'r.start_date',
    },
  ),
  document_part: contextSql(
    'x',
    `document_part x JOIN document d ON d.id = x.document_id JOIN source s ON s.id = d.source_id
     JOIN negotiation n ON n.id = s.negotiation_id`,
    {
      kind: 'd.media_type',
      who: 'd.file_name',
      date: 's.said_date',
      document_id: 'd.id',
      part_number: 'x.number',
      source_id: 's.id',
    },
  ),
};

/** What a result needs around it (its party, issue, round, negotiation), by id. */
export function hitContexts(db: Reader, kind: SearchKind, ids: number[]): Map<number, HitContext> {
  if (ids.length === 0) return new Map();
  const rows = db.all<HitContext>(CONTEXT_SQL[kind], JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r]));
}
