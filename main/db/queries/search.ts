// What is searched: counts, ranked keys and the context of each hit. The index's upkeep is the
// store's own (../searchIndex.ts).
import { decodeKey, KIND_CODES, KIND_SPAN } from '../searchIndex';
import type { SearchKind } from '../../../shared/search';
import type { Reader } from '../types';

export { decodeKey, KIND_CODES };

/** How many index entries of each kind match (an FTS5 expression built by services/search). */
export function countByKind(db: Reader, match: string): { kind: number; total: number }[] {
  return db.all(
    `SELECT rowid % ${KIND_SPAN} AS kind, COUNT(*) AS total FROM search_index WHERE search_index MATCH ?
     GROUP BY 1`,
    match,
  );
}

/**
 * The first `limit` matching keys: by BM25 relevance (titles weigh most, notes least, the tags
 * nothing), or — cheaper when a word is in thousands of entries — most recently recorded first.
 */
export function matchingKeys(
  db: Reader,
  match: string,
  order: 'relevance' | 'recent',
  limit: number,
): number[] {
  const by =
    order === 'relevance' ? 'bm25(search_index, 4.0, 1.0, 0.5, 0.0), rowid DESC' : 'rowid DESC';
  return db
    .all<{ key: number }>(
      `SELECT rowid AS key FROM search_index WHERE search_index MATCH ? ORDER BY ${by} LIMIT ?`,
      match,
      limit,
    )
    .map((r) => r.key);
}

/** An entry's indexed text: title, body and extra. */
export function entryText(db: Reader, key: number): string[] {
  // better-sqlite3 binds numbers as REAL, which FTS5's rowid lookup would not use: hence CAST.
  const row = db.get<{ title: string; body: string; extra: string }>(
    'SELECT title, body, extra FROM search_index WHERE rowid = CAST(? AS INTEGER)',
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
}

const CONTEXT_SQL: Record<SearchKind, string> = {
  position: `
    SELECT p.id, n.id AS negotiation_id, n.title AS negotiation_title,
           pa.id AS party_id, pa.name AS party_name, pa.short_code AS party_code,
           pa.colour AS party_colour, i.id AS issue_id, i.title AS issue_title,
           r.id AS round_id, r.sequence AS round_sequence, r.title AS round_title,
           p.kind, p.status, NULL AS who, r.start_date AS date
    FROM position p JOIN round r ON r.id = p.round_id JOIN negotiation n ON n.id = r.negotiation_id
    JOIN party pa ON pa.id = p.party_id JOIN issue i ON i.id = p.issue_id
    WHERE p.id IN (SELECT value FROM json_each(?))`,
  red_line: `
    SELECT l.id, n.id AS negotiation_id, n.title AS negotiation_title,
           pa.id AS party_id, pa.name AS party_name, pa.short_code AS party_code,
           pa.colour AS party_colour, i.id AS issue_id, i.title AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           NULL AS kind, l.status, l.declared_by AS who, l.declared_date AS date
    FROM red_line l JOIN party pa ON pa.id = l.party_id JOIN issue i ON i.id = l.issue_id
    JOIN negotiation n ON n.id = pa.negotiation_id
    WHERE l.id IN (SELECT value FROM json_each(?))`,
  source: `
    SELECT s.id, n.id AS negotiation_id, n.title AS negotiation_title,
           NULL AS party_id, NULL AS party_name, NULL AS party_code, NULL AS party_colour,
           NULL AS issue_id, NULL AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           s.kind, NULL AS status, trim(s.speaker || ', ' || s.outlet, ', ') AS who,
           s.said_date AS date
    FROM source s JOIN negotiation n ON n.id = s.negotiation_id
    WHERE s.id IN (SELECT value FROM json_each(?))`,
  round: `
    SELECT r.id, n.id AS negotiation_id, n.title AS negotiation_title,
           NULL AS party_id, NULL AS party_name, NULL AS party_code, NULL AS party_colour,
           NULL AS issue_id, NULL AS issue_title,
           r.id AS round_id, r.sequence AS round_sequence, r.title AS round_title,
           r.format AS kind, NULL AS status, r.location AS who, r.start_date AS date
    FROM round r JOIN negotiation n ON n.id = r.negotiation_id
    WHERE r.id IN (SELECT value FROM json_each(?))`,
  issue: `
    SELECT i.id, n.id AS negotiation_id, n.title AS negotiation_title,
           NULL AS party_id, NULL AS party_name, NULL AS party_code, NULL AS party_colour,
           i.id AS issue_id, i.title AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           NULL AS kind, NULL AS status, NULL AS who, NULL AS date
    FROM issue i JOIN negotiation n ON n.id = i.negotiation_id
    WHERE i.id IN (SELECT value FROM json_each(?))`,
  party: `
    SELECT pa.id, n.id AS negotiation_id, n.title AS negotiation_title,
           pa.id AS party_id, pa.name AS party_name, pa.short_code AS party_code,
           pa.colour AS party_colour, NULL AS issue_id, NULL AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           pa.role AS kind, NULL AS status,
           (SELECT group_concat(name, ', ') FROM
              (SELECT name FROM person WHERE party_id = pa.id ORDER BY sort_order, id)) AS who,
           NULL AS date
    FROM party pa JOIN negotiation n ON n.id = pa.negotiation_id
    WHERE pa.id IN (SELECT value FROM json_each(?))`,
  person: `
    SELECT x.id, n.id AS negotiation_id, n.title AS negotiation_title,
           pa.id AS party_id, pa.name AS party_name, pa.short_code AS party_code,
           pa.colour AS party_colour, NULL AS issue_id, NULL AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           NULL AS kind, NULL AS status, x.title AS who, NULL AS date
    FROM person x JOIN party pa ON pa.id = x.party_id JOIN negotiation n ON n.id = pa.negotiation_id
    WHERE x.id IN (SELECT value FROM json_each(?))`,
  development: `
    SELECT d.id, n.id AS negotiation_id, n.title AS negotiation_title,
           NULL AS party_id, NULL AS party_name, NULL AS party_code, NULL AS party_colour,
           NULL AS issue_id, NULL AS issue_title,
           NULL AS round_id, NULL AS round_sequence, NULL AS round_title,
           d.kind, d.significance AS status,
           (SELECT group_concat(name, ', ') FROM
              (SELECT pa.name FROM development_party dp JOIN party pa ON pa.id = dp.party_id
               WHERE dp.development_id = d.id ORDER BY pa.sort_order, pa.id)) AS who,
           d.start_date AS date
    FROM development d JOIN negotiation n ON n.id = d.negotiation_id
    WHERE d.id IN (SELECT value FROM json_each(?))`,
};

/** What a result needs around it (its party, issue, round, negotiation), by id. */
export function hitContexts(db: Reader, kind: SearchKind, ids: number[]): Map<number, HitContext> {
  if (ids.length === 0) return new Map();
  const rows = db.all<HitContext>(CONTEXT_SQL[kind], JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r]));
}
