// Drafts: the exact call that saves a field's unsaved typing, kept in the library until saved.
import { z } from 'zod';
import { CHANNELS } from './channels';
import { input } from './schemas';

const UPDATE_CHANNELS = CHANNELS.filter((c) => c.endsWith(':update'));

/** The most a draft may weigh: a position's longest wording, as JSON, with room to spare. */
export const MAX_DRAFT_CHARS = 2_000_000;

export const draftKey = z
  .string({ error: 'A draft needs its key.' })
  .regex(/^[a-z_]+\.\d{1,15}\.[A-Za-z]{1,40}$/, { error: 'That is not a draft key.' });

export const draftSave = z.strictObject({
  channel: z.enum(UPDATE_CHANNELS as [string, ...string[]], {
    error: 'A draft saves through an update channel.',
  }),
  input: z.record(z.string().max(64), z.unknown(), { error: 'A draft holds the fields to save.' }),
});

export const draftPutInput = input({ key: draftKey, save: draftSave });
export const draftRemoveInput = input({ key: draftKey });

export interface Draft {
  key: string;
  save: { channel: string; input: Record<string, unknown> };
}
