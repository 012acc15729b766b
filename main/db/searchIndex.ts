// The search index's upkeep, part of the store's core: the writer brings the entries of every
// row it touched up to date at the end of each change set (reindex), and a damaged index is
// rebuilt from the tables (rebuildIndex). What is searched lives in queries/search.ts; which
// tables are searchable and which of their fields go where is stated here, once (ENTRY), and the
// registry's tables are checked against it by test/unit/search.test.ts.
import type Database from 'better-sqlite3-multiple-ciphers';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import type { SearchKind } from '../../shared/search';
import type { TableName } from './entities';
import type { Connection, Reader, Row } from './types';

// The search index's rowid is id * 16 + kind (migration 9; it was id * 4 + kind before):
// four bits of kind, room for the entities still to come, so rowid order is still entry order.
// A position's has its negotiation above that (migration 19; see NEGOTIATION_SPAN).
export const KIND_CODES: Record<SearchKind, number> = {
  position: 0,
  red_line: 1,
  source: 2,
  round: 3,
  issue: 4,
  party: 5,
  person: 6,
  development: 7,
  linkage: 8,
  document_part: 9,
};
export const KIND_SPAN = 16;
/**
 * A position's key is negotiation id * 2^36 + id * 16 (migration 19): a negotiation's positions
 * are one range of keys, which FTS5 reads alone (it seeks to a range's first key and stops past
 * its last), where a tag of the negotiation's would be matched against the whole table's list.
 * Ids below 2^32 and negotiation ids below 2^17 keep every key an exact JavaScript number.
 */
export const NEGOTIATION_SPAN = 2 ** 36;
const ID_SPAN = NEGOTIATION_SPAN / KIND_SPAN;
const KIND_BY_CODE = Object.fromEntries(
  Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as SearchKind]),
) as Record<number, SearchKind>;

/** The index key of a row; a position's names its negotiation too. */
export const searchKey = (kind: SearchKind, id: number, negotiationId: number): number =>
  (kind === 'position' ? negotiationId * NEGOTIATION_SPAN : 0) + id * KIND_SPAN + KIND_CODES[kind];

export const decodeKey = (key: number): { kind: SearchKind; id: number } => ({
  kind: KIND_BY_CODE[key % KIND_SPAN]!,
  id: Math.floor(key / KIND_SPAN) % ID_SPAN,
});

/** The keys of a negotiation's positions, first and last. */
export const positionKeys = (negotiationId: number): [bigint, bigint] => [
  BigInt(negotiationId) * BigInt(NEGOTIATION_SPAN),
  BigInt(negotiationId + 1) * BigInt(NEGOTIATION_SPAN) - 1n,
];

const key = (kind: SearchKind, id: string) => `${id} * ${KIND_SPAN} + ${KIND_CODES[kind]}`;

/**
 * The index is two FTS5 tables (migration 19): positions in `search_index_position`, every other
 * kind in `search_index`. Positions are nearly all of a library's entries (96,000 of 100,000 in
 * the huge bench negotiation). Each query pays for the whole of a table's lists of the words it
 * names — BM25 counts every entry holding each word to weigh it, and a typed prefix ("sanct")
 * gathers all its words' lists first — so ranking a few hundred red lines and sources no longer
 * reads the positions' lists, and counting positions no longer sorts them with everything else.
 */
export const INDEX_TABLES = ['search_index', 'search_index_position'] as const;
export type IndexTable = (typeof INDEX_TABLES)[number];

/** The table holding a kind's entries. */
export const indexTableOf = (kind: SearchKind): IndexTable =>
  kind === 'position' ? 'search_index_position' : 'search_index';

/**
 * The key a row's entry has now, for the writer to remove it before the row changes or goes:
 * a position's negotiation is its round's, read while the round is still there (a round's
 * positions are removed before it).
 */
export function currentKey(db: Reader, kind: SearchKind, id: number, row: Row): number | null {
  if (kind !== 'position') return searchKey(kind, id, 0);
  const negotiationId = db.get<{ n: number }>(
    'SELECT negotiation_id AS n FROM round WHERE id = ?',
    row.round_id as number,
  )?.n;
  if (negotiationId !== undefined) return searchKey(kind, id, negotiationId);
  // Never expected (a round cannot go before its positions): found among the entries instead.
  return (
    db.get<{ key: number }>(
      `SELECT rowid AS key FROM search_index_position_content WHERE rowid % ${NEGOTIATION_SPAN} = ?`,
      id * KIND_SPAN,
    )?.key ?? null
  );
}

// Each kind's entry, as migration 9 first filled them (keep the two alike): the query for every
// row, and the column that picks one. A person's entry names the person only: their party is a tag (a filter) and shown around the
// hit, not indexed words, so renaming a party never leaves its people's entries stale (the
// writer re-indexes only the rows a change set touched).
const ENTRY: Record<SearchKind, { select: string; id: string }> = {
  position: {
    select: `
      SELECT r.negotiation_id * ${NEGOTIATION_SPAN} + ${key('position', 'p.id')} AS key, '' AS title, p.text AS body, p.notes AS extra,
             'n' || r.negotiation_id || ' k0 p' || p.party_id || ' i' || p.issue_id ||
             ' r' || p.round_id AS tags
      FROM position p JOIN round r ON r.id = p.round_id`,
    id: 'p.id',
  },
  red_line: {
    select: `
      SELECT ${key('red_line', 'l.id')} AS key, l.declared_by AS title, l.text AS body,
             l.notes AS extra,
             'n' || p.negotiation_id || ' k1 p' || l.party_id || ' i' || l.issue_id AS tags
      FROM red_line l JOIN party p ON p.id = l.party_id`,
    id: 'l.id',
  },
  source: {
    select: `
      SELECT ${key('source', 'id')} AS key, trim(speaker || ' ' || outlet) AS title,
             quote AS body, trim(reference || ' ' || notes) AS extra,
             'n' || negotiation_id || ' k2' AS tags
      FROM source`,
    id: 'id',
  },
  round: {
    select: `
      SELECT ${key('round', 'id')} AS key, title,
             trim(summary || char(10) || outcome || char(10) || next_steps) AS body,
             trim(location || ' ' || channel || ' ' || date_note) AS extra,
             'n' || negotiation_id || ' k3 r' || id AS tags
      FROM round`,
    id: 'id',
  },
  issue: {
    select: `
      SELECT ${key('issue', 'id')} AS key, title, description AS body, '' AS extra,
             'n' || negotiation_id || ' k4 i' || id AS tags
      FROM issue`,
    id: 'id',
  },
  party: {
    select: `
      SELECT ${key('party', 'id')} AS key, name AS title, short_code AS body, role AS extra,
             'n' || negotiation_id || ' k5 p' || id AS tags
      FROM party`,
    id: 'id',
  },
  person: {
    select: `
      SELECT ${key('person', 'x.id')} AS key, x.name AS title, x.title AS body, '' AS extra,
             'n' || p.negotiation_id || ' k6 p' || x.party_id AS tags
      FROM person x JOIN party p ON p.id = x.party_id`,
    id: 'x.id',
  },
  // As migration 11 first filled them. Tagged with every party involved and issue touched, so
  // the party and issue filters find a development by any of them.
  development: {
    select: `
      SELECT ${key('development', 'd.id')} AS key, d.title, d.summary AS body,
             d.date_note AS extra,
             'n' || d.negotiation_id || ' k7' ||
             IFNULL((SELECT group_concat(' p' || party_id, '') FROM development_party
                     WHERE development_id = d.id), '') ||
             IFNULL((SELECT group_concat(' i' || issue_id, '') FROM development_issue
                     WHERE development_id = d.id), '') AS tags
      FROM development d`,
    id: 'd.id',
  },
  // As migration 13 first filled them: the statement and the notes, tagged
  // with the linkage's party, round and every issue it ties.
  linkage: {
    select: `
      SELECT ${key('linkage', 'l.id')} AS key, '' AS title, l.statement AS body,
             l.notes AS extra,
             'n' || r.negotiation_id || ' k8 p' || l.party_id || ' r' || l.round_id ||
             IFNULL((SELECT group_concat(' i' || issue_id, '') FROM linkage_issue
                     WHERE linkage_id = l.id), '') AS tags
      FROM linkage l JOIN round r ON r.id = l.round_id`,
    id: 'l.id',
  },
  // As migration 15 first filled them: a page or paragraph of a document's text, the file name
  // as its title, so a search for the name finds the document too.
  document_part: {
    select: `
      SELECT ${key('document_part', 'x.id')} AS key, d.file_name AS title, x.text AS body,
             '' AS extra, 'n' || s.negotiation_id || ' k9' AS tags
      FROM document_part x JOIN document d ON d.id = x.document_id
      JOIN source s ON s.id = d.source_id`,
    id: 'x.id',
  },
};

/**
 * Rows whose change alters another row's entry: a development's parties and issues are its
 * tags, so adding or removing one re-indexes the development.
 */
export const SEARCH_PARTS: Readonly<
  Partial<Record<TableName, { kind: SearchKind; column: string }>>
> = {
  development_party: { kind: 'development', column: 'development_id' },
  development_issue: { kind: 'development', column: 'development_id' },
  linkage_issue: { kind: 'linkage', column: 'linkage_id' },
};

/** The registry's tables whose rows are searchable. */
export const SEARCHABLE: ReadonlySet<TableName> = new Set(Object.keys(ENTRY) as TableName[]);

interface Entry {
  key: number;
  title: string;
  body: string;
  extra: string;
  tags: string;
}

/** A searchable row a change set touched: its entry's key before it (null: it is new). */
export interface Touched {
  kind: SearchKind;
  id: number;
  key: number | null;
}

/**
 * Brings the index entries of the given rows up to date: each is removed, then written again
 * from the row as it now is (or not at all, if the row is gone). Runs at the end of a change
 * set, inside its transaction. Every statement here is a single-row read or write, so none
 * opens a savepoint (which would make FTS5 flush its pending data each time).
 */
export function reindex(store: Connection, rows: Iterable<Touched>): void {
  // In ascending key order, removals first: FTS5 writes out what it holds each time a key comes
  // lower than the one before, and an undo of a large change (its rows taken out newest first)
  // wrote hundreds of one-row segments, then merged them: seconds for one undo at huge.
  const touched = [...rows];
  const removed = touched.flatMap(({ kind, key }) => (key === null ? [] : [{ kind, key }]));
  for (const { kind, key } of removed.sort((a, b) => a.key - b.key)) {
    store.prepare(`DELETE FROM ${indexTableOf(kind)} WHERE rowid = ?`).run(BigInt(key));
  }
  // A position's key leads with its negotiation: by id, it is in order within each one.
  const order = ({ kind, id }: Touched) => searchKey(kind, id, 0);
  for (const { kind, id } of touched.sort((a, b) => order(a) - order(b))) {
    const { select, id: column } = ENTRY[kind];
    const entry = store.prepare(`${select} WHERE ${column} = ?`).get(id) as Entry | undefined;
    if (entry) {
      store
        .prepare(
          `INSERT INTO ${indexTableOf(kind)} (rowid, title, body, extra, tags) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(BigInt(entry.key), entry.title, entry.body, entry.extra, entry.tags);
    }
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
    `SELECT rowid AS key, title, body, extra, tags FROM search_index
     UNION ALL SELECT rowid, title, body, extra, tags FROM search_index_position
     ORDER BY key`,
  );
}

/**
 * A table's definition and write buffer, as migrations 4, 6, 9 and 19 made them (never edited:
 * keep alike; see migration 6 for the buffer).
 */
const indexDdl = (table: IndexTable) => `
  CREATE VIRTUAL TABLE ${table} USING fts5 (
    title, body, extra, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', 16777216)`;

/** The index made and filled from the tables, where it does not exist (one transaction). */
function fillIndex(db: Database.Database, drop: boolean): number {
  return db.transaction(() => {
    for (const table of INDEX_TABLES) {
      db.exec(`${drop ? `DROP TABLE IF EXISTS ${table};` : ''} ${indexDdl(table)};`);
    }
    // One INSERT…SELECT per kind: the rows never pass through JavaScript, so a large library
    // is rebuilt in seconds.
    return (Object.keys(ENTRY) as SearchKind[]).reduce(
      (count, kind) =>
        count +
        db
          .prepare(
            `INSERT INTO ${indexTableOf(kind)} (rowid, title, body, extra, tags)
             SELECT key, title, body, extra, tags FROM (${ENTRY[kind].select})`,
          )
          .run().changes,
      0,
    );
  })();
}

/** The index's pages cannot be read (and so not freed): only a copy of the file can leave them. */
export class IndexUnreadableError extends Error {
  constructor(cause: unknown) {
    super(`The search index's pages cannot be read: ${(cause as Error).message}`);
    this.name = 'IndexUnreadableError';
  }
}

/**
 * Builds the whole index afresh from the tables, after it was found damaged: dropped (with
 * its damaged pages), created again and filled, in one transaction — on the open library.
 *
 * Dropping a table reads its pages to free them, and in an encrypted file a damaged page does
 * not decrypt: then nothing is changed and IndexUnreadableError is thrown, for the library to
 * be repaired on a copy (rebuildIndexOnCopy), with no connection open.
 */
export function rebuildIndex(db: Database.Database): number {
  try {
    return fillIndex(db, true);
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('SQLITE_CORRUPT')) {
      throw new IndexUnreadableError(error);
    }
    throw error;
  }
}

/**
 * The library rebuilt without its unreadable index, into `target`, from a copy of it: the
 * index's tables struck from the copy's schema (never read), the copy written out whole
 * (VACUUM INTO, encrypted as the library; in-place VACUUM would read the damaged pages), the
 * index made again there and the result checked. The library itself is not written to: the
 * caller puts `target` in its place. `open` opens a connection to a file with the library's key.
 */
export function rebuildIndexOnCopy(
  path: string,
  target: string,
  open: (path: string) => Database.Database,
): number {
  const work = `${path}.repairing`;
  const files = (base: string) => ['', '-wal', '-shm'].map((side) => base + side);
  for (const file of [...files(work), ...files(target)]) rmSync(file, { force: true });
  try {
    // The log holds the latest commits when the library was not closed cleanly.
    copyFileSync(path, work);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${work}-wal`);
    const copy = open(work);
    try {
      // **Important**: defensive mode (on by default) forbids editing the schema table; it is
      // lifted for this one transaction, on the copy only.
      copy.unsafeMode(true);
      copy.pragma('writable_schema = ON');
      copy.transaction(() => {
        copy.exec(
          "DELETE FROM sqlite_schema WHERE name = 'search_index' OR substr(name, 1, 13) = 'search_index_'",
        );
        // A new schema version makes the connection read the schema again: without it, VACUUM
        // still knows the index's tables and copies them, meeting the damaged page again.
        const version = copy.pragma('schema_version', { simple: true }) as number;
        copy.pragma(`schema_version = ${version + 1}`);
      })();
      copy.pragma('writable_schema = OFF');
      copy.unsafeMode(false);
      copy.prepare('VACUUM INTO ?').run(target);
    } finally {
      copy.close();
    }
    const rebuilt = open(target);
    try {
      const count = fillIndex(rebuilt, false);
      const check = rebuilt.pragma('quick_check') as { quick_check: string }[];
      if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
        throw new Error(`the rebuilt copy does not check whole: ${check[0]?.quick_check ?? ''}`);
      }
      return count;
    } finally {
      rebuilt.close();
    }
  } catch (error) {
    for (const file of files(target)) rmSync(file, { force: true });
    throw error;
  } finally {
    for (const file of files(work)) rmSync(file, { force: true });
  }
}
