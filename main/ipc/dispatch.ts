import { isChannelName, type ChannelName } from '../../shared/channels';
import { contract, type OutputOf } from '../../shared/contract';
import { firstIssue } from '../../shared/schemas';
import type { AppErrorInfo, Result } from '../../shared/result';
import { RowNotFoundError, sqliteCode } from '../db/errors';
import { UndoConflictError } from '../db/undo';
import { AppError } from '../services/errors';
import { buildHandlers } from './handlers';
import type { HandlerContext, Handler } from './types';
import { log } from '../services/log';

export type Dispatch = (channel: unknown, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * The one entry point both transports call: channel → validate → service → result. Input is
 * untrusted (it comes from the renderer); nothing reaches a service without passing the
 * channel's schema, and no exception crosses back: every outcome is a Result.
 */
export function createDispatch(ctx: HandlerContext): Dispatch {
  const handlers = buildHandlers();
  return async function dispatch(channel, rawInput) {
    if (!isChannelName(channel)) {
      const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
      return {
        ok: false,
        error: { code: 'unknown_channel', message: `Unknown channel “${name}”.` },
      };
    }
    const parsed = contract[channel].input.safeParse(rawInput);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', ...firstIssue(parsed.error) } };
    }
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      const value = (await handler(parsed.data as never, ctx)) as OutputOf<typeof channel>;
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: describeError(error, channel) };
    }
  };
}

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
