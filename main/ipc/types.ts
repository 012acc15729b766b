import type { ChannelName } from '../../shared/channels';
import type { OutputOf, ParsedOf } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { Store } from '../db/store';
import type { BriefingDesk } from '../services/briefing/desk';
import type { Deliver } from '../services/files';
import type { ParleyApp } from '../app';

/** What every handler can reach: the store, the briefing desk and facts about the app. */
export interface HandlerContext {
  store: Store;
  info: AppInfo;
  briefings: BriefingDesk;
  /** How exported files reach the officer (save dialog or download); null where none can. */
  deliver: Deliver | null;
  /** The app itself: backups, restore and recovery. */
  app: ParleyApp;
}

export type Handler<C extends ChannelName> = (
  input: ParsedOf<C>,
  ctx: HandlerContext,
) => OutputOf<C> | Promise<OutputOf<C>>;

/** The handlers of one domain: every channel named `domain:…`, and no other. */
export type DomainHandlers<D extends string> = {
  [C in Extract<ChannelName, `${D}:${string}`>]: Handler<C>;
};

export type Handlers = { [C in ChannelName]: Handler<C> };
