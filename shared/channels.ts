// The names of every invoke channel and event channel, kept apart from their schemas so the
// sandboxed preload can check names without bundling the schema library. `contract.ts` must
// define exactly these channels: the compiler checks that the two lists agree.

export const CHANNELS = [
  'app:info',
  'markings:list',
  'negotiations:list',
  'negotiations:create',
  'negotiations:get',
  'rounds:create',
  'rounds:get',
  'positions:create',
] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const EVENT_CHANNELS = ['data:changed'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
