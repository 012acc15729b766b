// The typed IPC contract: for each channel its input schema and output type. The renderer's
// `invoke` is typed from this map; main validates every payload against it.
import type { z } from 'zod';
import type {
  BriefingDefaults,
  BriefingPreview,
  BriefingProgress,
  BriefingResult,
  Delivery,
  PrintResult,
} from './briefing';
import type { ChannelName, EventChannel } from './channels';
import {
  changePassphraseInput,
  settingsUpdateInput,
  setupInput,
  unlockInput,
  type RecoveryKey,
  type SecurityState,
  type SettingsView,
  type LibraryLocation,
  locationInput,
} from './settings';
import {
  shareDistrustInput,
  shareExportInput,
  sharePolicyInput,
  shareReceiveInput,
  shareRenameInput,
  shareResolveInput,
  shareStatusInput,
  type Colleague,
  type ReceiveResult,
  type ShareConflict,
  type ShareIdentity,
  type SharePolicy,
  type ShareResult,
  type ShareStatus,
} from './share';
import {
  draftCommitInput,
  draftPutInput,
  draftRemoveInput,
  type Draft,
  type DraftCommitted,
} from './drafts';
import { deskSyncConnectInput, type DeskSyncView } from './deskSync';
import {
  backupsDeleteInput,
  removalInput,
  type RemovalPreview,
  type RemovalResult,
} from './removal';
import type {
  ConflictPair,
  Lineage,
  PartyComparison,
  RedLineDrift,
  RoundComparison,
  Trajectory,
} from './compare';
import type { DocumentInfo, DocumentView } from './documents';
import type {
  AppInfo,
  Citation,
  Development,
  Linkage,
  Package,
  HistoryEntry,
  Issue,
  Marking,
  Negotiation,
  NegotiationDetail,
  NegotiationSummary,
  Party,
  Person,
  Position,
  PositionRef,
  RedLine,
  Round,
  RoundDetail,
  Source,
  SwitcherItem,
  UndoState,
} from './domain';
import type { AppErrorInfo, Result } from './result';
import type { SearchResults } from './search';
import {
  backupNameInput,
  backupSettingsInput,
  type AppStatus,
  type BackupInfo,
  type BackupList,
  type BackupSettings,
  type RestoreResult,
} from './backups';
import {
  exportInput,
  importChosenInput,
  importInput,
  type ExportResult,
  type ImportChoice,
  type ImportResult,
  type TransferProgress,
} from './exchange';
import {
  assessConflictInput,
  briefingDefaultsInput,
  briefingExportInput,
  briefingJobInput,
  briefingPreviewInput,
  byId,
  citationCreateInput,
  compareRoundsInput,
  developmentCreateInput,
  documentAttachInput,
  documentUpdateInput,
  developmentUpdateInput,
  linkageCreateInput,
  linkageUpdateInput,
  packageCreateInput,
  packageUpdateInput,
  excerptsInput,
  historyForItemInput,
  issueCreateInput,
  issueUpdateInput,
  lineageInput,
  negotiationCreateInput,
  negotiationUpdateInput,
  none,
  partyComparisonInput,
  partyCreateInput,
  partyUpdateInput,
  personCreateInput,
  personReorderInput,
  personUpdateInput,
  positionCreateInput,
  positionLinkInput,
  positionUpdateInput,
  redLineCreateInput,
  redLineDriftInput,
  redLineUpdateInput,
  reorderInNegotiation,
  roundCarryForwardInput,
  roundCreateInput,
  roundUpdateInput,
  searchInput,
  sourceCreateInput,
  sourceUpdateInput,
  trajectoryInput,
  undoScopeInput,
  firstIssue,
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
  'negotiations:update': channel<Negotiation>()(negotiationUpdateInput),
  'negotiations:delete': channel<null>()(byId),
  'parties:create': channel<Party>()(partyCreateInput),
  'parties:update': channel<Party>()(partyUpdateInput),
  'parties:delete': channel<null>()(byId),
  'parties:reorder': channel<null>()(reorderInNegotiation('Parties')),
  'people:create': channel<Person>()(personCreateInput),
  'people:update': channel<Person>()(personUpdateInput),
  'people:delete': channel<null>()(byId),
  'people:reorder': channel<null>()(personReorderInput),
  'issues:create': channel<Issue>()(issueCreateInput),
  'issues:update': channel<Issue>()(issueUpdateInput),
  'issues:delete': channel<null>()(byId),
  'issues:reorder': channel<null>()(reorderInNegotiation('Issues')),
  'rounds:create': channel<Round>()(roundCreateInput),
  'rounds:carryForward': channel<Round>()(roundCarryForwardInput),
  'rounds:get': channel<RoundDetail>()(byId),
  'rounds:update': channel<Round>()(roundUpdateInput),
  'rounds:delete': channel<null>()(byId),
  'rounds:reorder': channel<null>()(reorderInNegotiation('Rounds')),
  'positions:create': channel<Position>()(positionCreateInput),
  'positions:update': channel<Position>()(positionUpdateInput),
  'positions:delete': channel<null>()(byId),
  'positions:link': channel<Position>()(positionLinkInput),
  'positions:linkCandidates': channel<PositionRef[]>()(byId),
  'redLines:create': channel<RedLine>()(redLineCreateInput),
  'redLines:update': channel<RedLine>()(redLineUpdateInput),
  'redLines:delete': channel<null>()(byId),
  'developments:create': channel<Development>()(developmentCreateInput),
  'developments:update': channel<Development>()(developmentUpdateInput),
  'developments:delete': channel<null>()(byId),
  'linkages:create': channel<Linkage>()(linkageCreateInput),
  'linkages:update': channel<Linkage>()(linkageUpdateInput),
  'linkages:delete': channel<null>()(byId),
  'packages:create': channel<Package>()(packageCreateInput),
  'packages:update': channel<Package>()(packageUpdateInput),
  'packages:delete': channel<null>()(byId),
  'sources:create': channel<Source>()(sourceCreateInput),
  'sources:update': channel<Source>()(sourceUpdateInput),
  'sources:delete': channel<null>()(byId),
  'documents:attach': channel<DocumentInfo>()(documentAttachInput),
  'documents:update': channel<DocumentInfo>()(documentUpdateInput),
  'documents:delete': channel<null>()(byId),
  'documents:view': channel<DocumentView>()(byId),
  'citations:create': channel<Citation>()(citationCreateInput),
  'citations:delete': channel<null>()(byId),
  'compare:rounds': channel<RoundComparison>()(compareRoundsInput),
  'compare:trajectory': channel<Trajectory>()(trajectoryInput),
  'compare:lineage': channel<Lineage>()(lineageInput),
  'compare:excerpts': channel<Record<number, string>>()(excerptsInput),
  'compare:parties': channel<PartyComparison>()(partyComparisonInput),
  'compare:redLineDrift': channel<RedLineDrift>()(redLineDriftInput),
  'conflicts:assess': channel<ConflictPair>()(assessConflictInput),
  'briefing:defaults': channel<BriefingDefaults>()(briefingDefaultsInput),
  'briefing:preview': channel<BriefingPreview>()(briefingPreviewInput),
  'briefing:export': channel<BriefingResult>()(briefingExportInput),
  'briefing:print': channel<PrintResult>()(briefingJobInput),
  'briefing:cancel': channel<null>()(briefingJobInput),
  'history:forItem': channel<HistoryEntry[]>()(historyForItemInput),
  'history:state': channel<UndoState>()(undoScopeInput),
  'history:undo': channel<UndoState>()(undoScopeInput),
  'history:redo': channel<UndoState>()(undoScopeInput),
  'samples:create': channel<Negotiation>()(none),
  'switcher:items': channel<SwitcherItem[]>()(none),
  'search:query': channel<SearchResults>()(searchInput),
  'transfer:export': channel<ExportResult>()(exportInput),
  'transfer:import': channel<ImportResult>()(importInput),
  'transfer:chooseImport': channel<ImportChoice | null>()(none),
  'transfer:importChosen': channel<ImportResult>()(importChosenInput),
  'share:status': channel<ShareStatus>()(shareStatusInput),
  'share:export': channel<ShareResult>()(shareExportInput),
  'share:receive': channel<ReceiveResult>()(shareReceiveInput),
  'share:conflicts': channel<ShareConflict[]>()(shareStatusInput),
  'share:resolve': channel<{ remaining: number }>()(shareResolveInput),
  'share:identity': channel<ShareIdentity | null>()(none),
  'share:rename': channel<ShareIdentity>()(shareRenameInput),
  'share:trusted': channel<Colleague[]>()(none),
  'share:distrust': channel<Colleague[]>()(shareDistrustInput),
  'share:policy': channel<SharePolicy>()(none),
  'share:setPolicy': channel<SharePolicy>()(sharePolicyInput),
  'app:status': channel<AppStatus>()(none),
  'backups:list': channel<BackupList>()(none),
  'backups:create': channel<BackupInfo>()(none),
  'backups:restore': channel<RestoreResult>()(backupNameInput),
  'backups:settings': channel<BackupSettings>()(backupSettingsInput),
  'recovery:startEmpty': channel<{ keptAs: string }>()(none),
  'settings:get': channel<SettingsView>()(none),
  'settings:update': channel<SettingsView>()(settingsUpdateInput),
  'settings:location': channel<LibraryLocation>()(none),
  'settings:chooseLocation': channel<LibraryLocation>()(locationInput),
  /** Desk sync (issue 19): the server's address, whether a token is stored, the live status. */
  'sync:state': channel<DeskSyncView>()(none),
  'sync:connect': channel<DeskSyncView>()(deskSyncConnectInput),
  'sync:disconnect': channel<DeskSyncView>()(none),
  'app:diagnostics': channel<{ fileName: string; delivery: Delivery }>()(none),
  /** The desktop app shows the data folder in the system's file manager (main/electron). */
  'app:showDataFolder': channel<{ opened: boolean; folder: string }>()(none),
  'removal:preview': channel<RemovalPreview>()(removalInput),
  'removal:confirm': channel<RemovalResult>()(removalInput),
  'backups:delete': channel<{ deleted: string[] }>()(backupsDeleteInput),
  'security:setup': channel<RecoveryKey>()(setupInput),
  'security:unlock': channel<AppStatus>()(unlockInput),
  'security:lock': channel<AppStatus>()(none),
  'security:state': channel<SecurityState>()(none),
  'security:changePassphrase': channel<SecurityState>()(changePassphraseInput),
  'security:recoveryKey': channel<RecoveryKey>()(none),
  'drafts:list': channel<Draft[]>()(none),
  'drafts:put': channel<null>()(draftPutInput),
  'drafts:commit': channel<DraftCommitted>()(draftCommitInput),
  'drafts:remove': channel<null>()(draftRemoveInput),
} satisfies { [K in ChannelName]: ChannelDef<z.ZodType, unknown> };

export type Contract = typeof contract;
/** What the renderer sends (defaults may be left out). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives after validation (defaults filled in, text trimmed). */
export type ParsedOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> =
  Contract[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

/** Commands from the application menu, carried out by the page (it knows what has focus). */
export const MENU_COMMANDS = [
  'undo',
  'redo',
  'shortcuts',
  'switcher',
  'search',
  'new-negotiation',
  'import',
  'backups',
  'settings',
  'print',
  'diagnostics',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface EventPayloads {
  /**
   * Something in the store changed: in one negotiation (or the library, null), in these tables
   * (null: anything may have changed, as after a restore). Views reload only when it touches
   * what they show. `undo` is that scope's undo and redo afterwards, so the undo button needs
   * no call of its own.
   */
  'data:changed': {
    negotiationId: number | null;
    tables: string[] | null;
    undo: UndoState | null;
  };
  'menu:command': { command: MenuCommand };
  'briefing:progress': BriefingProgress;
  /** A backup was taken or restored (error: an automatic backup failed, and why). */
  'backups:changed': { error: string | null };
  /** How far a long import or export has got. */
  'transfer:progress': TransferProgress;
  /** The app locked, unlocked, or is encrypting (the page shows the matching screen). */
  'app:status': AppStatus;
  /** The desk sync connected, disconnected, or its status changed. */
  'sync:status': DeskSyncView;
}
export type EventPayload<E extends EventChannel> = EventPayloads[E];

/**
 * A channel's input checked against its schema: the parsed input, or the refusal every caller
 * gives (the first issue, naming the field). Main checks every call with this, and every save a
 * draft stands for.
 */
export function parseInput<C extends ChannelName>(
  channel: C,
  raw: unknown,
): { ok: true; data: ParsedOf<C> } | { ok: false; error: AppErrorInfo } {
  const parsed = contract[channel].input.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data as ParsedOf<C> }
    : { ok: false, error: { code: 'invalid_input', ...firstIssue(parsed.error) } };
}

/** The one object the preload exposes to the page (`window.parley`). */
export interface ParleyBridge {
  invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
