// The officer's settings: kept in settings.json beside the database (never negotiation data),
// validated like every other input.
import { z } from 'zod';
import { backupSettingsFields } from './backups';
import { input, LIMITS, text } from './schemas';

export const youFields = {
  /** Recorded in history as who made each change, and printed as "Prepared by". */
  name: text('Your name', LIMITS.name),
  /** Printed after the name ("Prepared by Dana Whitfield, Iran desk"). */
  organisation: text('Organisation', LIMITS.name),
};

export const settingsSchema = z.strictObject({
  you: z.strictObject(youFields),
  backups: z.strictObject(backupSettingsFields),
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
});
