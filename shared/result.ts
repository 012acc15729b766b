// What crosses the IPC boundary: values, never thrown exceptions.

export const ERROR_CODES = [
  /** The input did not fit the channel's schema or a rule of the data (names the field). */
  'invalid_input',
  /** No such channel. */
  'unknown_channel',
  /** An id that names nothing (or something deleted). */
  'not_found',
  /** The request clashes with existing data (a duplicate name, a stale reference). */
  'conflict',
  /** The database cannot be used right now (damaged and awaiting recovery, or being restored). */
  'unavailable',
  /** Something the app did not expect; the message says so without internals. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorInfo {
  code: ErrorCode;
  /** Plain words for the user: what was wrong and what to do. */
  message: string;
  /** Dotted path of the offending input field, e.g. `parties.1.name`. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AppErrorInfo): Result<T> => ({ ok: false, error });
