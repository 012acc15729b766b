// The words every module of db/ speaks, in a leaf module that imports nothing: the store, the
// writer, the registry and every query module depend on these, never on each other for them.

export type SqlValue = string | number | bigint | null;
export type Row = Record<string, SqlValue>;

/** Read access: every query function takes one of these. */
export interface Reader {
  all<T = Row>(sql: string, ...params: SqlValue[]): T[];
  get<T = Row>(sql: string, ...params: SqlValue[]): T | undefined;
}
