import type { ChannelName } from '../../shared/channels';
import type { OutputOf, ParsedOf } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { Store } from '../services/common';
import type { BriefingDesk } from '../services/briefing/desk';
import type { Deliver } from '../services/files';
import type { AppStatus, BackupInfo, RestoreResult } from '../../shared/backups';
import type { Delivery } from '../../shared/briefing';
import type {
  LibraryLocation,
  RecoveryKey,
  SecurityState,
  Settings,
  SettingsView,
} from '../../shared/settings';
import type { AppEvents } from '../events';
import type { Backups } from '../services/backups';
import type { DeskSyncView } from '../../shared/deskSync';

/**
 * What handlers may ask of the app itself (backups, restore, the key, settings), declared here
 * rather than imported from app.ts: the app implements it, and handlers see nothing more.
 */
export interface AppControls {
  status(): AppStatus;
  events: AppEvents;
  backups: Backups;
  backupNow(): Promise<BackupInfo>;
  restore(name: string): Promise<RestoreResult>;
  startEmpty(): { keptAs: string };
  settings(): SettingsView;
  updateSettings(patch: Partial<Settings>): Promise<SettingsView>;
  security(): SecurityState;
  setUp(passphrase: string | null, askEveryStart: boolean): Promise<RecoveryKey>;
  unlock(secret: { passphrase: string } | { recoveryKey: string }): Promise<AppStatus>;
  lock(reason: 'start' | 'idle'): AppStatus;
  changePassphrase(current: string | null, next: string): Promise<SecurityState>;
  recoveryKey(): RecoveryKey;
  /** Where the library lives, and the folder chosen for the next start. */
  location(): LibraryLocation;
  chooseLocation(folder: string | null): Promise<LibraryLocation>;
  /** Desk sync (issue 19): what Settings shows, and connecting or disconnecting. */
  deskSync(): DeskSyncView;
  connectDeskSync(address: string, token: string | null): Promise<DeskSyncView>;
  disconnectDeskSync(): Promise<DeskSyncView>;
  /** Versions, system and log as a text file for IT (no negotiation data). */
  diagnostics(): Promise<{ fileName: string; delivery: Delivery }>;
}

/** What every handler can reach: the store, the briefing desk and facts about the app. */
export interface HandlerContext {
  store: Store;
  info: AppInfo;
  briefings: BriefingDesk;
  /** How exported files reach the officer (save dialog or download); null where none can. */
  deliver: Deliver | null;
  /** The app itself: backups, restore, recovery, the key and settings. */
  app: AppControls;
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
