/** The database was written by a newer Parley; opening it here could damage it. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of Parley (schema ${found}; this version ` +
        `understands up to ${supported}). Update Parley to open it; the file has not been changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** A row that was expected to exist does not (an unknown or deleted id). */
export class RowNotFoundError extends Error {
  constructor(
    readonly table: string,
    readonly id: number,
  ) {
    super(`No ${table.replace(/_/g, ' ')} with id ${id}.`);
    this.name = 'RowNotFoundError';
  }
}

/** SQLite's own error code (`SQLITE_CONSTRAINT_UNIQUE`, …) when `error` came from SQLite. */
export function sqliteCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** A row cannot be removed on its own because other rows still refer to it. */
export class DependentRowsError extends Error {
  constructor(
    readonly table: string,
    readonly id: number,
  ) {
    super(`Other rows still refer to ${table.replace(/_/g, ' ')} ${id}.`);
    this.name = 'DependentRowsError';
  }
}
