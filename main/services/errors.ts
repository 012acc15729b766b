import type { AppErrorInfo, ErrorCode } from '../../shared/result';

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
