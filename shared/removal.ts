// "Remove permanently": the one deletion that undo cannot bring back (see main/db/purge.ts).
import { z } from 'zod';
import { backupNameInput, type BackupInfo } from './backups';
import { historyForItemInput, input } from './schemas';

/** What a permanent removal would take, shown before the officer confirms. */
export interface RemovalPreview {
  /** The item, in words: 'Position: Iran on Ballistic missiles, round 2'. */
  title: string;
  /** Everything that goes with it, counted: '3 positions', '12 earlier versions in history'. */
  parts: string[];
  /** Backups that hold it (they keep it until deleted). */
  backups: BackupInfo[];
}

export interface RemovalResult {
  title: string;
  parts: string[];
  /** Backups that still hold it: the officer may delete them too. */
  backups: BackupInfo[];
}

export const removalInput = historyForItemInput;

export const backupsDeleteInput = input({
  names: z
    .array(backupNameInput.shape.name, { error: 'Choose the backups to delete.' })
    .min(1, { error: 'Choose at least one backup.' })
    .max(500, { error: 'Choose at most 500 backups.' }),
});
