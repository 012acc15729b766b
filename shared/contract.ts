// The typed IPC contract: for each channel its input schema and output type. The renderer's
// `invoke` is typed from this map; main validates every payload against it.
import type { z } from 'zod';
import type { ChannelName, EventChannel } from './channels';
import type {
  AppInfo,
  Marking,
  Negotiation,
  NegotiationDetail,
  NegotiationSummary,
  Position,
  Round,
  RoundDetail,
} from './domain';
import type { Result } from './result';
import {
  byId,
  negotiationCreateInput,
  none,
  positionCreateInput,
  roundCreateInput,
} from './schemas';

/** A channel: its runtime input schema, and (as a type only) what it answers. */
export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  /** Never set: carries the output type. */
  readonly output?: O;
}

const channel =
  <O>() =>
  <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input });

export const contract = {
  'app:info': channel<AppInfo>()(none),
  'markings:list': channel<Marking[]>()(none),
  'negotiations:list': channel<NegotiationSummary[]>()(none),
  'negotiations:create': channel<Negotiation>()(negotiationCreateInput),
  'negotiations:get': channel<NegotiationDetail>()(byId),
  'rounds:create': channel<Round>()(roundCreateInput),
  'rounds:get': channel<RoundDetail>()(byId),
  'positions:create': channel<Position>()(positionCreateInput),
} satisfies { [K in ChannelName]: ChannelDef<z.ZodType, unknown> };

export type Contract = typeof contract;
/** What the renderer sends (defaults may be left out). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives after validation (defaults filled in, text trimmed). */
export type ParsedOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> =
  Contract[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export interface EventPayloads {
  /** Something in the store changed; views showing that negotiation reload. */
  'data:changed': { negotiationId: number | null };
}
export type EventPayload<E extends EventChannel> = EventPayloads[E];

/** The one object the preload exposes to the page (`window.parley`). */
export interface ParleyBridge {
  invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
