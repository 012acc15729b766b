import type { AppErrorInfo, ErrorCode } from '../../shared/result';
import { RowNotFoundError, sqliteCode } from '../db/errors';
import { UndoConflictError } from '../db/undo';
import { log } from '../log';

/** An error meant for the user: it crosses the IPC boundary as `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get info(): AppErrorInfo {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export const invalid = (field: string, message: string) =>
  new AppError('invalid_input', message, field);

export const notFound = (what: string, field?: string) =>
  new AppError('not_found', `${what} no longer exists. It may have been deleted.`, field);

export function describeError(error: unknown, channel: string): AppErrorInfo {
  if (error instanceof AppError) return error.info;
  if (error instanceof UndoConflictError) return { code: 'conflict', message: error.message };
  if (error instanceof RowNotFoundError) {
    return { code: 'not_found', message: `${error.message} It may have been deleted.` };
  }
  const code = sqliteCode(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return { code: 'conflict', message: 'That name or number is already used here.' };
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return { code: 'conflict', message: 'That refers to something that no longer exists.' };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return { code: 'conflict', message: 'The database is busy. Try again in a moment.' };
  }
  console.error(`[parley] ${channel} failed:`, error);
  log.error(`${channel} failed`, error);
  return {
    code: 'internal',
    message: 'Parley hit an unexpected problem and saved nothing for this action.',
  };
}

/** The library was busy (the other lane's write held it): the call changed nothing. */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code?.startsWith('SQLITE_BUSY') === true || code?.startsWith('SQLITE_LOCKED') === true;
}
