// Shared negotiations (issue 19): the update file's envelope, the channels' inputs and what they
// answer. Main validates every input here; an update file is untrusted input like any other,
// checked for shape here and for its signature in main (services/share/update.ts).
import { z } from 'zod';
import type { Delivery } from './briefing';
import { STORED_TABLES } from './domain';
import { id, input, LIMITS, nullable, requiredText, text } from './schemas';

export const UPDATE_FORMAT = 'parley.update';
export const UPDATE_VERSION = 1;
/** The largest update file Parley receives (a whole large negotiation is a few MB). */
export const MAX_UPDATE_BYTES = 200 * 1024 * 1024;

const base64 = (what: string) =>
  z
    .string({ error: `${what} is missing.` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: `${what} is not valid base64.` });

/** The file as written: a signed header (JSON text, kept as signed), the payload, the signature. */
export const updateEnvelope = z.object({
  format: z.literal(UPDATE_FORMAT, { error: 'This is not a Parley update file.' }),
  formatVersion: z.literal(UPDATE_VERSION, {
    error: 'This update file was written by a newer Parley; update Parley to receive it.',
  }),
  header: z.string({ error: 'The update file has no header.' }).max(1_000_000),
  payload: base64('The update’s content'),
  signature: base64('The signature').min(1, {
    error: 'This update file is not signed. Ask the sender to share it again from Parley.',
  }),
});
export type UpdateEnvelope = z.output<typeof updateEnvelope>;

/** What the header says: the negotiation, who signed, what it carries and its marking. */
export const updateHeader = z.object({
  negotiation: z.object({
    uid: z.string().uuid(),
    title: z.string().max(LIMITS.title),
  }),
  signer: z.object({ name: z.string().min(1).max(LIMITS.name), publicKey: base64('The key') }),
  marking: z.string().min(1).max(60),
  /** The whole negotiation, or only what the receiver was known to lack. */
  full: z.boolean(),
  /** The sender's heads once this update is merged: what the receiver may assume they have. */
  heads: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000),
  createdAt: z.string(),
});
export type UpdateHeader = z.output<typeof updateHeader>;

export const shareStatusInput = input({ negotiationId: id('Negotiation') });

export const shareExportInput = input({
  negotiationId: id('Negotiation'),
  /** The officer's name as colleagues will see it on the update. */
  name: requiredText('Your name as colleagues see it', LIMITS.name),
  /** The colleague it is for (their public key): only what they lack. Null: the whole of it. */
  forKey: nullable(base64('The colleague').max(200)),
});

export const shareReceiveInput = input({
  fileName: text('File name', 1_000),
  content: z.string({ error: 'The file must be sent as text.' }).max(MAX_UPDATE_BYTES, {
    error: `The file is larger than ${MAX_UPDATE_BYTES / 1024 / 1024} MB, the most Parley receives.`,
  }),
  /** The officer has checked the signer's fingerprint and trusts them from now on. */
  trust: z.boolean({ error: 'Trust must be true or false.' }).default(false),
});

const uid = z.string({ error: 'The item is missing.' }).uuid({ error: 'The item is not valid.' });

export const shareResolveInput = input({
  negotiationId: id('Negotiation'),
  entity: z.enum(STORED_TABLES, { error: 'The kind of item is not valid.' }),
  uid,
  field: z.string().min(1).max(60),
  /** The value chosen, by the change that wrote it ("12@ab34…"). */
  choice: z.string().regex(/^\d+@[0-9a-f]+$/, { error: 'Choose one of the values.' }),
});

export const shareRenameInput = input({
  name: requiredText('Your name as colleagues see it', LIMITS.name),
});
export const shareDistrustInput = input({ publicKey: base64('The colleague').max(200) });
export const sharePolicyInput = input({ refuseAboveMarkingId: nullable(id('Marking')) });

export interface Colleague {
  name: string;
  publicKey: string;
  fingerprint: string;
  addedAt: string;
}

export interface ShareIdentity {
  name: string;
  fingerprint: string;
}

export interface ShareStatus {
  shared: boolean;
  you: ShareIdentity | null;
  openConflicts: number;
  /** Trusted colleagues, and whether Parley knows what each has of this negotiation. */
  colleagues: (Colleague & { knowsWhatTheyHave: boolean })[];
}

export interface ShareResult {
  fileName: string;
  bytes: number;
  delivery: Delivery;
  markingLabel: string;
  full: boolean;
}

export type ReceiveResult =
  | {
      state: 'received';
      negotiationId: number;
      title: string;
      signer: { name: string; fingerprint: string };
      changed: boolean;
      conflicts: number;
    }
  | {
      state: 'untrusted';
      signer: { name: string; fingerprint: string; publicKey: string };
      title: string;
    };

export interface ConflictValue {
  /** Pass back to choose it. */
  choice: string;
  /** As the views show it ("Agreed", "RESTRICTED", the text itself); deletion: "Deleted". */
  shown: string;
  by: string;
  at: string | null;
}

export interface ShareConflict {
  entity: (typeof STORED_TABLES)[number];
  uid: string;
  field: string;
  /** "Position", "Red line". */
  what: string;
  /** The item's name or text, shortened. */
  subject: string;
  /** "Status", or "Deleted or kept". */
  fieldLabel: string;
  /** The row here, if it is shown (a deleted row is not). */
  rowId: number | null;
  values: ConflictValue[];
}

export interface SharePolicy {
  refuseAboveMarkingId: number | null;
}
