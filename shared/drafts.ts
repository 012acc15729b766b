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

/**
 * Where an edit stands among the page's edits of the same field: drafts and saves of a field may
 * reach main in any order (the web binding sends each as its own request), and the larger
 * number wins. Pages number from the clock, so a later page's edits come after an earlier one's.
 */
export const draftSeq = z
  .number({ error: 'A draft needs its sequence number.' })
  .int({ error: 'A draft’s sequence number is a whole number.' })
  .min(1, { error: 'A draft’s sequence number is at least 1.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'That draft sequence number is too large.' });

export const draftPutInput = input({ key: draftKey, seq: draftSeq, save: draftSave });
/** A draft saved: its call is run, and the draft is settled with it (see services/drafts.ts). */
export const draftCommitInput = draftPutInput;
export const draftRemoveInput = input({ key: draftKey, seq: draftSeq });

export interface Draft {
  key: string;
  seq: number;
  save: { channel: string; input: Record<string, unknown> };
}

/** What a committed draft did: `saved` false when a newer save of the field had landed first. */
export interface DraftCommitted {
  saved: boolean;
}
