import type { Row, SqlValue } from '../store';

/** How a domain field maps to its column, for turning update patches into row patches. */
export type ColumnMap<T> = { readonly [K in keyof T]?: string };

/** The columns to set for the fields present in `patch` (undefined fields are left alone). */
export function toColumns<T extends object>(patch: Partial<T>, columns: ColumnMap<T>): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(patch)) {
    const column = columns[key as keyof T];
    if (column && value !== undefined) row[column] = value as SqlValue;
  }
  return row;
}
