// The officer's settings: kept in settings.json beside the database (never negotiation data),
// validated like every other input.
import { z } from 'zod';
import { backupSettingsFields } from './backups';
import { PAGE_SIZES } from './briefing';
import { choice, input, LIMITS, text } from './schemas';

export const youFields = {
  /** Recorded in history as who made each change, and printed as "Prepared by". */
  name: text('Your name', LIMITS.name),
  /** Printed after the name ("Prepared by Dana Whitfield, Iran desk"). */
  organisation: text('Organisation', LIMITS.name),
};

export const securityFields = {
  /** Ask for the passphrase at every start, even where the system's keychain could hold the key. */
  askEveryStart: z.boolean({ error: 'Choose whether to ask at every start.' }),
  /** Lock after this many minutes without use (0: never). Needs a passphrase to unlock. */
  lockAfterMinutes: z
    .number({ error: 'Minutes must be a number.' })
    .int({ error: 'Minutes must be a whole number.' })
    .min(0, { error: 'Minutes cannot be negative.' })
    .max(24 * 60, { error: 'Lock at least once a day (1,440 minutes) when idle, or never (0).' }),
};

// Documents, appearance and spelling (the desktop habits of issue #18).

export const documentFields = {
  /** The paper briefs are laid out for, PDF and Word alike (the briefing dialog can change it). */
  pageSize: choice('Paper size', PAGE_SIZES),
};

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

export const appearanceFields = {
  theme: choice('Theme', THEMES),
};

export const spellingFields = {
  /**
   * Underline misspelt words as you type. Only the desktop app on macOS checks spelling (the
   * system does it, in the languages chosen in macOS's own settings): elsewhere Chromium would
   * download dictionaries from Google, and Parley never touches the network.
   */
  checkAsYouType: z.boolean({ error: 'Choose whether to check spelling as you type.' }),
};

/** How a date in numbers that could be either (04/05/2026) is read; 'system' asks the locale. */
export const DATE_ORDER_CHOICES = ['system', 'day-first', 'month-first'] as const;
export type DateOrderChoice = (typeof DATE_ORDER_CHOICES)[number];

export const datesFields = {
  order: z.enum(DATE_ORDER_CHOICES, {
    error:
      'Choose how dates in numbers are read: day first, month first, or as this computer does.',
  }),
};

export const settingsSchema = z.strictObject({
  you: z.strictObject(youFields),
  backups: z.strictObject(backupSettingsFields),
  security: z.strictObject(securityFields),
  documents: z.strictObject(documentFields),
  appearance: z.strictObject(appearanceFields),
  spelling: z.strictObject(spellingFields),
  dates: z.strictObject(datesFields),
});
export type Settings = z.output<typeof settingsSchema>;

/** The settings with what Parley found on this machine filled in (the name from the system). */
export interface SettingsView extends Settings {
  /** The name Parley uses when "Your name" is empty: the system's full name, else the login. */
  systemName: string;
  /** Where settings.json lives, shown to the officer. */
  file: string;
}

export const settingsUpdateInput = input({
  you: z.strictObject(youFields).partial().optional(),
  security: z.strictObject(securityFields).partial().optional(),
  backups: z.strictObject(backupSettingsFields).partial().optional(),
  documents: z.strictObject(documentFields).partial().optional(),
  appearance: z.strictObject(appearanceFields).partial().optional(),
  spelling: z.strictObject(spellingFields).partial().optional(),
  dates: z.strictObject(datesFields).partial().optional(),
});

// Where the library lives. The folder is chosen before Parley opens anything, so the choice is
// kept outside the library (beside the desktop app's own files) and honoured at the next start.

/** An absolute folder path on any system: /…, C:\…, or \\server\share\…. */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/;

export const locationInput = input({
  /** The folder to open at the next start; null goes back to the usual folder. */
  folder: z
    .string({ error: 'The folder must be text.' })
    .trim()
    .min(1, { error: 'Write the folder’s full path.' })
    .max(1000, { error: 'A folder path can have at most 1,000 characters.' })
    .regex(ABSOLUTE, {
      error:
        'Write the folder’s full path, from the top (such as /Users/dana/Parley or D:\\Parley).',
    })
    .nullable(),
});

export interface LibraryLocation {
  /** The folder this Parley opened (the database, its key, settings, backups and log). */
  folder: string;
  /** Why this folder: the usual one, the Settings choice, PARLEY_DATA, or --data-dir. */
  source: 'usual' | 'setting' | 'environment' | 'command line' | 'web binding';
  /** The usual folder (the operating system's place for application data). */
  usual: string;
  /** The folder chosen for the next start, if one differs from this one. */
  next: string | null;
  /** What the next start finds there: a library to open, or nothing (a new, empty library). */
  nextHolds: 'library' | 'nothing' | null;
  /** The choice can be made here (the desktop app); the web binding takes --db instead. */
  canChoose: boolean;
}

/** How the library's key is kept, for the Settings screen. */
export interface SecurityState {
  /** A passphrase unlocks the library. */
  passphrase: boolean;
  /** The system's keychain holds the key (the desktop app opens without asking). */
  keychain: boolean;
  /** This Parley can reach a keychain that truly protects (not in a browser, not Linux's
   * plain-text fallback). */
  keychainAvailable: boolean;
}

const PASSPHRASE_MIN = 10;
export const passphrase = z
  .string({ error: 'Write a passphrase.' })
  .min(PASSPHRASE_MIN, {
    error: `A passphrase needs at least ${PASSPHRASE_MIN} characters: several words are easiest to remember.`,
  })
  .max(1000, { error: 'A passphrase can have at most 1,000 characters.' });

export const setupInput = input({
  /** Null: the keychain keeps the key (only where one is available). */
  passphrase: passphrase.nullable(),
  /** Ask for the passphrase at every start even where a keychain could keep the key. */
  askEveryStart: z.boolean({ error: 'Choose whether to ask at every start.' }).default(false),
});

export const unlockInput = z.union(
  [
    input({ passphrase: z.string({ error: 'Write your passphrase.' }).min(1).max(1000) }),
    input({
      recoveryKey: z.string({ error: 'Write the recovery key.' }).min(1).max(200),
    }),
  ],
  { error: 'Give your passphrase or the recovery key.' },
);

export const changePassphraseInput = input({
  /** The passphrase now, when there is one. */
  current: z.string().max(1000).nullable(),
  next: passphrase,
});

/** What setup (or a recovery key shown again) gives the officer to keep. */
export interface RecoveryKey {
  recoveryKey: string;
}
