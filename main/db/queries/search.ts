import type { SearchKind } from '../../../shared/search';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Connection } from '../types';
import type { Reader } from '../types';

// The search index's rowid is id * 4 + kind (see migration 4).
export const KIND_CODES: Record<SearchKind, number> = {
  position: 0,
  red_line: 1,
  source: 2,
  round: 3,
};
const KIND_BY_CODE: SearchKind[] = ['position', 'red_line', 'source', 'round'];

export const decodeKey = (key: number): { kind: SearchKind; id: number } => ({
  kind: KIND_BY_CODE[key & 3]!,
  id: Math.floor(key / 4),
});

/** How many index entries of each kind match (an FTS5 expression built by services/search). */
export function countByKind(db: Reader, match: string): { kind: number; total: number }[] {
  return db.all(
    `SELECT rowid & 3 AS kind, COUNT(*) AS total FROM search_index WHERE search_index MATCH ?
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
  /** Position kind, red line status, source kind. */
  kind: string | null;
  status: string | null;
  /** A source's speaker and outlet, a red line's declarer. */
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
};

/** What a result needs around it (its party, issue, round, negotiation), by id. */
export function hitContexts(db: Reader, kind: SearchKind, ids: number[]): Map<number, HitContext> {
  if (ids.length === 0) return new Map();
  const rows = db.all<HitContext>(CONTEXT_SQL[kind], JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r]));
}

// The index entry of a row, as the migration's first fill computes it (keep the two alike):
// the query for all rows, and the column that picks one.
const ENTRY: Record<SearchKind, { select: string; id: string }> = {
  position: {
    select: `
      SELECT p.id * 4 AS key, '' AS title, p.text AS body, p.notes AS extra,
             'n' || r.negotiation_id || ' k0 p' || p.party_id || ' i' || p.issue_id ||
             ' r' || p.round_id AS tags
      FROM position p JOIN round r ON r.id = p.round_id`,
    id: 'p.id',
  },
  red_line: {
    select: `
      SELECT l.id * 4 + 1 AS key, l.declared_by AS title, l.text AS body, l.notes AS extra,
             'n' || p.negotiation_id || ' k1 p' || l.party_id || ' i' || l.issue_id AS tags
      FROM red_line l JOIN party p ON p.id = l.party_id`,
    id: 'l.id',
  },
  source: {
    select: `
      SELECT id * 4 + 2 AS key, trim(speaker || ' ' || outlet) AS title, quote AS body,
             trim(reference || ' ' || notes) AS extra, 'n' || negotiation_id || ' k2' AS tags
      FROM source`,
    id: 'id',
  },
  round: {
    select: `
      SELECT id * 4 + 3 AS key, title,
             trim(summary || char(10) || outcome || char(10) || next_steps) AS body,
             trim(location || ' ' || channel || ' ' || date_note) AS extra,
             'n' || negotiation_id || ' k3 r' || id AS tags
      FROM round`,
    id: 'id',
  },
};

export const SEARCHABLE: ReadonlySet<string> = new Set(Object.keys(ENTRY));

interface Entry {
  key: number;
  title: string;
  body: string;
  extra: string;
  tags: string;
}

/**
 * Brings the index entries of the given rows up to date: each is removed, then written again
 * from the row as it now is (or not at all, if the row is gone). Runs at the end of a change
 * set, inside its transaction. Every statement here is a single-row read or write, so none
 * opens a savepoint (which would make FTS5 flush its pending data each time).
 */
export function reindex(
  store: Connection,
  rows: Iterable<{ kind: SearchKind; id: number; fresh: boolean }>,
): void {
  const remove = store.prepare('DELETE FROM search_index WHERE rowid = ?');
  const insert = store.prepare(
    'INSERT INTO search_index (rowid, title, body, extra, tags) VALUES (?, ?, ?, ?, ?)',
  );
  for (const { kind, id, fresh } of rows) {
    const key = id * 4 + KIND_CODES[kind];
    if (!fresh) remove.run(BigInt(key));
    const { select, id: column } = ENTRY[kind];
    const entry = store.prepare(`${select} WHERE ${column} = ?`).get(id) as Entry | undefined;
    if (entry) insert.run(BigInt(entry.key), entry.title, entry.body, entry.extra, entry.tags);
  }
}

/** Every index entry as the data says it should be, in rowid order. */
export function entriesFromData(db: Reader): Entry[] {
  const all = (Object.keys(ENTRY) as SearchKind[]).flatMap((kind) =>
    db.all<Entry>(ENTRY[kind].select),
  );
  return all.sort((a, b) => a.key - b.key);
}

/** Every entry the index holds, in rowid order. */
export function entriesInIndex(db: Reader): Entry[] {
  return db.all<Entry>(
    'SELECT rowid AS key, title, body, extra, tags FROM search_index ORDER BY rowid',
  );
}

/** The index's definition, as migration 4 created it (a migration is never edited: keep alike). */
const INDEX_DDL = `
  CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body, extra, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  )`;

/** Its write buffer, as migration 6 set it (see there why). */
const INDEX_CONFIG = `INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216)`;

/**
 * Builds the whole index afresh from the tables, after it was found damaged: dropped (with
 * its damaged pages), created again and filled, in one transaction.
 *
 * In an encrypted file a damaged page does not decrypt, and dropping a table reads its pages
 * to free them; so when the drop itself fails, the index's tables are struck from the schema
 * without being read, built again, and the file rebuilt whole (VACUUM), which leaves the
 * unreadable pages behind.
 */
export function rebuildIndex(db: Database.Database): number {
  const fill = () => {
    const insert = db.prepare(
      'INSERT INTO search_index (rowid, title, body, extra, tags) VALUES (?, ?, ?, ?, ?)',
    );
    const entries = entriesFromData({
      all: <T>(sql: string) => db.prepare(sql).all() as T[],
      get: <T>(sql: string) => db.prepare(sql).get() as T | undefined,
    });
    for (const e of entries) insert.run(BigInt(e.key), e.title, e.body, e.extra, e.tags);
    return entries.length;
  };
  try {
    return db.transaction(() => {
      db.exec(`DROP TABLE search_index; ${INDEX_DDL}; ${INDEX_CONFIG};`);
      return fill();
    })();
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_CORRUPT')) throw error;
  }
  // **Important**: defensive mode (on by default) forbids editing the schema table; it is lifted
  // for this one statement only.
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  try {
    db.transaction(() => {
      db.exec(
        "DELETE FROM sqlite_schema WHERE name = 'search_index' OR substr(name, 1, 13) = 'search_index_'",
      );
    })();
  } finally {
    db.pragma('writable_schema = OFF');
    db.unsafeMode(false);
  }
  // The connection forgets the old schema before the index is made again.
  db.exec('VACUUM');
  const count = db.transaction(() => {
    db.exec(`${INDEX_DDL}; ${INDEX_CONFIG};`);
    return fill();
  })();
  return count;
}
