import { isChannelName, type ChannelName } from '../../shared/channels';
import { parseInput, type OutputOf } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { describeError, isBusy } from '../services/errors';
import { automergeBefore } from '../services/share/automerge';
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
    const parsed = parseInput(channel, rawInput);
    if (!parsed.ok) return parsed;
    const handler = handlers[channel] as Handler<ChannelName>;
    return run(
      async () => {
        // Shared negotiations' merge engine, loaded only in a library that needs it.
        await automergeBefore(channel, () => libraryOf(ctx));
        return (await handler(parsed.data as never, ctx)) as OutputOf<typeof channel>;
      },
      channel,
      whenBusy,
    );
  };
}

/** The open library, or null while it is locked or closed (its getter then refuses). */
function libraryOf(ctx: HandlerContext): HandlerContext['store'] | null {
  try {
    return ctx.store;
  } catch {
    return null;
  }
}

/**
 * Runs a call's work to a Result: again while the library is busy (see createDispatch), and
 * any error described for the user. Also for work main itself asks for, with input it trusts
 * (an import of a file the officer chose in main's dialog, or the web binding saved).
 */
export async function run<T>(
  work: () => T | Promise<T>,
  channel: string,
  whenBusy: (attempt: number) => Promise<boolean> = async () => false,
): Promise<Result<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      // A busy library rolled the call's transaction back whole, so running it again is safe.
      if (isBusy(error) && (await whenBusy(attempt))) continue;
      return { ok: false, error: describeError(error, channel) };
    }
  }
}
