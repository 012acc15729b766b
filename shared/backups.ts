// Automatic backups and recovery: what the Backups screen and the recovery screen show.
import { z } from 'zod';
import { input } from './schemas';

export const BACKUP_REASONS = [
  'start',
  'quit',
  'interval',
  'manual',
  'before-restore',
  'before-upgrade',
] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const BACKUP_REASON_LABELS: Record<BackupReason, string> = {
  start: 'On start',
  quit: 'On quit',
  interval: 'While editing',
  manual: 'Made by hand',
  'before-restore': 'Before a restore',
  'before-upgrade': 'Before an upgrade',
};

export interface BackupInfo {
  /** The file's name in the backups folder; also its id. */
  name: string;
  /** When it was taken (ISO, UTC). */
  createdAt: string;
  reason: BackupReason;
  bytes: number;
  /** How many negotiations it holds; null when it cannot be read. */
  negotiations: number | null;
  schemaVersion: number;
}

export const backupSettingsFields = {
  intervalMinutes: z
    .number({ error: 'Minutes must be a number.' })
    .int({ error: 'Minutes must be a whole number.' })
    .min(1, { error: 'Back up at most once a minute.' })
    .max(1440, { error: 'Back up at least once a day (1,440 minutes) while editing.' }),
  keep: z
    .number({ error: 'Keep must be a number.' })
    .int({ error: 'Keep must be a whole number.' })
    .min(2, { error: 'Keep at least 2 backups.' })
    .max(200, { error: 'Keep at most 200 backups.' }),
};
export const backupSettings = z.strictObject(backupSettingsFields);
export type BackupSettings = z.output<typeof backupSettings>;

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { intervalMinutes: 10, keep: 10 };

export interface BackupList {
  backups: BackupInfo[];
  settings: BackupSettings;
  /** Where the backups are kept, shown to the officer. */
  folder: string;
}

/** The state of the app's database. */
export type AppStatus =
  | { state: 'ready' }
  /** The library is encrypted and its key not yet given (at start, or after an idle lock). */
  | {
      state: 'locked';
      reason: 'start' | 'idle';
      /** Whether a passphrase unlocks it (else only the recovery key, or the keychain). */
      passphrase: boolean;
      /** Set when the keychain was tried and failed (its message), so the officer knows why. */
      keychainProblem: string | null;
    }
  /** First start of this Parley on this library: the key is to be made (and, for a library an
   * earlier Parley wrote in the clear, everything encrypted with it). */
  | {
      state: 'setup';
      /** An earlier Parley's unencrypted library is there: setup encrypts it. */
      plaintext: boolean;
      /** The desktop app can keep the key in the system's keychain (no passphrase needed). */
      keychain: boolean;
    }
  /** Encrypting an earlier Parley's library, file by file. */
  | { state: 'encrypting'; fraction: number; message: string }
  | {
      /** The database file failed its check on open (or could not be read at all). */
      state: 'damaged';
      databasePath: string;
      problem: string;
      /** The newest backup that passed a full integrity check, offered first. */
      suggestion: BackupInfo | null;
    };

export interface RestoreResult {
  restored: BackupInfo;
  /** The copy of the data as it was just before the restore (none when it was damaged). */
  safetyCopy: BackupInfo | null;
  /** Where a damaged database file was set aside. */
  keptAs: string | null;
}

export const backupNameInput = input({
  name: z
    .string({ error: 'Choose a backup.' })
    .regex(/^parley-[\dTZ-]+-[a-z-]+(?:-\d+)?\.sqlite$/, { error: 'That is not a backup name.' }),
});
export const backupSettingsInput = input(backupSettingsFields);
