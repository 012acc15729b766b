// The words every module of db/ speaks, in a leaf module that imports nothing: the store, the
// writer, the registry and every query module depend on these, never on each other for them.

export type SqlValue = string | number | bigint | null;
export type Row = Record<string, SqlValue>;

/** Read access: every query function takes one of these. */
export interface Reader {
  all<T = Row>(sql: string, ...params: SqlValue[]): T[];
  get<T = Row>(sql: string, ...params: SqlValue[]): T | undefined;
}

/** A prepared statement, as far as the writer and the search index use one. */
export interface Prepared {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(toggle?: boolean): Prepared;
}

/**
 * The open connection as the writer and the search index's upkeep see it: reads, cached
 * statements, the clock and the actor. The Store implements it; depending on this instead of on
 * the Store keeps store → writer → store from being a cycle.
 */
export interface Connection extends Reader {
  prepare(sql: string): Prepared;
  readonly actor: string;
  readonly now: () => string;
  /**
   * Each table's columns as the database has them, in its order, each with what its declared
   * type makes of a value written to it (SQLite's type affinity).
   */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, Affinity>>;
}

/** SQLite's type affinity of a column (its rules: https://sqlite.org/datatype3.html, 3.1). */
export type Affinity = 'integer' | 'text' | 'blob' | 'real' | 'numeric';

/** The affinity a column's declared type gives it. */
export function affinityOf(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'text';
  if (type.includes('BLOB') || type === '') return 'blob';
  if (/REAL|FLOA|DOUB/.test(type)) return 'real';
  return 'numeric';
}
