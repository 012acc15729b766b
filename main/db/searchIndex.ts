// The search index's upkeep, part of the store's core: the writer brings the entries of every
// row it touched up to date at the end of each change set (reindex), and a damaged index is
// rebuilt from the tables (rebuildIndex). What is searched lives in queries/search.ts; which
// tables are searchable and which of their fields go where is stated here, once (ENTRY), and the
// registry's tables are checked against it by test/unit/search.test.ts.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { SearchKind } from '../../shared/search';
import type { TableName } from './entities';
import type { Connection, Reader } from './types';

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

/** The registry's tables whose rows are searchable. */
export const SEARCHABLE: ReadonlySet<TableName> = new Set(Object.keys(ENTRY) as TableName[]);

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
