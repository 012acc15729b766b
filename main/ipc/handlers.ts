import { CHANNELS } from '../../shared/channels';
import { listMarkings } from '../db/queries/markings';
import * as negotiations from '../services/negotiations';
import * as positions from '../services/positions';
import * as rounds from '../services/rounds';
import type { DomainHandlers, Handlers } from './types';

const app: DomainHandlers<'app'> = {
  'app:info': (_input, ctx) => ctx.info,
};

const markings: DomainHandlers<'markings'> = {
  'markings:list': (_input, ctx) => listMarkings(ctx.store),
};

const negotiationHandlers: DomainHandlers<'negotiations'> = {
  'negotiations:list': (_input, ctx) => negotiations.list(ctx.store),
  'negotiations:create': (input, ctx) => negotiations.create(ctx.store, input),
  'negotiations:get': (input, ctx) => negotiations.get(ctx.store, input.id),
};

const roundHandlers: DomainHandlers<'rounds'> = {
  'rounds:create': (input, ctx) => rounds.create(ctx.store, input),
  'rounds:get': (input, ctx) => rounds.get(ctx.store, input.id),
};

const positionHandlers: DomainHandlers<'positions'> = {
  'positions:create': (input, ctx) => positions.create(ctx.store, input),
};

const DOMAINS = [app, markings, negotiationHandlers, roundHandlers, positionHandlers];

/** All handlers, checked at start: each channel handled exactly once, none unknown. */
export function buildHandlers(): Handlers {
  const all: Record<string, unknown> = {};
  for (const domain of DOMAINS) {
    for (const [name, handler] of Object.entries(domain)) {
      if (name in all) throw new Error(`Channel ${name} has two handlers.`);
      all[name] = handler;
    }
  }
  const missing = CHANNELS.filter((name) => !(name in all));
  const extra = Object.keys(all).filter((name) => !(CHANNELS as readonly string[]).includes(name));
  if (missing.length || extra.length) {
    throw new Error(`Handlers do not match the contract: missing ${missing}, unknown ${extra}.`);
  }
  return all as Handlers;
}
