// The names of every invoke channel and event channel, kept apart from their schemas so the
// sandboxed preload can check names without bundling the schema library. `contract.ts` must
// define exactly these channels: the compiler checks that the two lists agree.

export const CHANNELS = [
  'app:info',
  'markings:list',
  'negotiations:list',
  'negotiations:create',
  'negotiations:get',
  'negotiations:update',
  'negotiations:delete',
  'parties:create',
  'parties:update',
  'parties:delete',
  'parties:reorder',
  'people:create',
  'people:update',
  'people:delete',
  'people:reorder',
  'issues:create',
  'issues:update',
  'issues:delete',
  'issues:reorder',
  'rounds:create',
  'rounds:carryForward',
  'rounds:get',
  'rounds:update',
  'rounds:delete',
  'rounds:reorder',
  'positions:create',
  'positions:update',
  'positions:delete',
  'positions:link',
  'positions:linkCandidates',
  'redLines:create',
  'redLines:update',
  'redLines:delete',
  'sources:create',
  'sources:update',
  'sources:delete',
  'citations:create',
  'citations:delete',
  'compare:rounds',
  'compare:trajectory',
  'compare:lineage',
  'compare:excerpts',
  'compare:parties',
  'compare:redLineDrift',
  'conflicts:assess',
  'briefing:defaults',
  'briefing:preview',
  'briefing:export',
  'briefing:cancel',
  'history:forItem',
  'history:state',
  'history:undo',
  'history:redo',
  'samples:create',
  'switcher:items',
  'search:query',
  'transfer:export',
  'transfer:import',
  'app:status',
  'backups:list',
  'backups:create',
  'backups:restore',
  'backups:settings',
  'recovery:startEmpty',
  'settings:get',
  'settings:update',
  'removal:preview',
  'removal:confirm',
  'backups:delete',
] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const EVENT_CHANNELS = [
  'data:changed',
  'menu:command',
  'briefing:progress',
  'backups:changed',
  'transfer:progress',
] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
