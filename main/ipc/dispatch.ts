import { isChannelName, type ChannelName } from '../../shared/channels';
import { contract, type OutputOf } from '../../shared/contract';
import { firstIssue } from '../../shared/schemas';
import type { AppErrorInfo, Result } from '../../shared/result';
import { RowNotFoundError, sqliteCode } from '../db/errors';
import { UndoConflictError } from '../db/undo';
import { AppError } from '../services/errors';
import { buildHandlers } from './handlers';
import type { HandlerContext, Handler } from './types';

export type Dispatch = (channel: unknown, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * The one entry point both transports call: channel → validate → service → result. Input is
 * untrusted (it comes from the renderer); nothing reaches a service without passing the
 * channel's schema, and no exception crosses back: every outcome is a Result.
 */
export function createDispatch(
  ctx: HandlerContext,
  /**
   * Called when a call found the library busy (another lane's write holds it; nothing of the
   * call was written): resolves true once it is worth trying the call again, false to give up.
   */
  whenBusy: (attempt: number) => Promise<boolean> = async () => false,
): Dispatch {
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
    for (let attempt = 1; ; attempt++) {
      try {
        const handler = handlers[channel] as Handler<ChannelName>;
        const value = (await handler(parsed.data as never, ctx)) as OutputOf<typeof channel>;
        return { ok: true, value };
      } catch (error) {
        const code = sqliteCode(error);
        // A busy library rolled the call's transaction back whole, so running it again is safe.
        if (
          (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) &&
          (await whenBusy(attempt))
        ) {
          continue;
        }
        return { ok: false, error: describeError(error, channel) };
      }
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
  return {
    code: 'internal',
    message: 'Parley hit an unexpected problem and saved nothing for this action.',
  };
}
