// The negotiation file: one negotiation, everything in it and its history, as one JSON document
// that another Parley imports. This schema is the format's definition; `exchange-format.md`
// beside it describes it for people. Field rules are the app's own (shared/schemas.ts), so a file
// can never bring in what the app would refuse to store.
import { z } from 'zod';
import { MAX_IMPORT_BYTES } from './limits';
import {
  CITATION_TARGETS,
  MOVEMENTS,
  PARTY_ROLES,
  POSITION_KINDS,
  POSITION_STATUSES,
  STORED_TABLES,
} from './domain';
import type { Delivery } from './briefing';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BASE64, MAX_DOCUMENT_MB } from './documents';
import { VERDICTS } from './compare';
import {
  choice,
  colour,
  developmentFields,
  id,
  linkageFields,
  input,
  issueFields,
  LIMITS,
  nullable,
  packageFields,
  redLineFields,
  requiredText,
  roundDetailFields,
  roundFields,
  sourceFields,
  text,
} from './schemas';

export const EXCHANGE_FORMAT = 'parley.negotiation';
export const EXCHANGE_VERSION = 2;
/** Versions this Parley still reads (a version 1 file is read as version 2: see upgradeFile). */
export const READABLE_VERSIONS = [1, 2] as const;
export { MAX_IMPORT_BYTES };

/** An id inside the file: ties items together; the importing database gives them new ones. */
const fileId = z
  .number({
    error: (issue) =>
      issue.input === undefined ? 'is missing.' : 'must be a whole number (an id within the file).',
  })
  .int({ error: 'must be a whole number (an id within the file).' })
  .positive({ error: 'must be a positive id.' });

const timestamp = z.iso.datetime({ error: 'must be a UTC time such as 2026-02-14T09:30:00.000Z' });

const whole = (label: string) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(0, { error: `${label} must not be negative.` });

/** A handling marking, by its label (UNCLASSIFIED, RESTRICTED, …). */
const marking = z.string({ error: 'must be a marking label' }).min(1).max(60);
/** What a list longer than its limit is told (also by the streaming import, which counts). */
export const tooManyItems = (max: number) => `must have at most ${max} items`;
const list = <T extends z.ZodType>(item: T, max = 1_000_000) =>
  z.array(item, { error: 'must be a list' }).max(max, { error: tooManyItems(max) });

const stamps = { createdAt: timestamp, updatedAt: timestamp };

type InFile<T, L extends PropertyKey> = {
  [K in Exclude<keyof T, L> as K extends 'markingId' ? 'marking' : K]: K extends 'markingId'
    ? typeof fileMarking
    : T[K];
};
const fileMarking = nullable(marking);

/**
 * An entity's fields as the app takes them (shared/schemas.ts), as a file holds them: in the
 * same order, the marking by its label (`marking`) rather than by its id here, and without the
 * `leave` fields (lists the file holds as items of their own).
 */
function inFile<T extends z.core.$ZodLooseShape, L extends keyof T = never>(
  fields: T,
  ...leave: L[]
): InFile<T, L> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([key]) => !(leave as PropertyKey[]).includes(key))
      .map(([key, schema]) => (key === 'markingId' ? ['marking', fileMarking] : [key, schema])),
  ) as InFile<T, L>;
}

export const filePerson = z.strictObject({
  id: fileId,
  name: requiredText('Name', LIMITS.name),
  title: text('Title', LIMITS.name),
  marking: nullable(marking),
  sortOrder: whole('Place in list'),
  ...stamps,
});

export const fileParty = z.strictObject({
  id: fileId,
  name: requiredText('Party name', LIMITS.name),
  shortCode: requiredText('Short code', LIMITS.shortCode),
  colour,
  role: choice('Role', PARTY_ROLES),
  sortOrder: whole('Place in list'),
  ...stamps,
  people: list(filePerson, LIMITS.listItems),
});

export const fileIssue = z.strictObject({
  id: fileId,
  ...issueFields,
  sortOrder: whole('Place in list'),
  ...stamps,
});

export const filePosition = z.strictObject({
  id: fileId,
  partyId: fileId,
  issueId: fileId,
  text: requiredText('Position text', LIMITS.wording),
  kind: choice('Kind', POSITION_KINDS),
  status: choice('Status', POSITION_STATUSES),
  movement: choice('Movement', MOVEMENTS),
  /** The same demand in an earlier round (lineage), or null. */
  previousId: nullable(fileId),
  marking: nullable(marking),
  notes: text('Notes', LIMITS.prose),
  sortOrder: whole('Place in list'),
  ...stamps,
});

export const fileRound = z.strictObject({
  id: fileId,
  ...roundFields,
  // A file has always been told this when its round has no sequence.
  sequence: z
    .number({ error: 'Sequence must be a number.' })
    .int({ error: 'Sequence must be a whole number.' })
    .min(1, { error: 'Sequence must be 1 or more.' })
    .max(10_000, { error: 'Sequence must be at most 10,000.' }),
  ...inFile(roundDetailFields, 'participantIds'),
  ...stamps,
  participants: list(
    z.strictObject({ id: fileId, personId: fileId, createdAt: timestamp }),
    LIMITS.listItems,
  ),
  positions: list(filePosition),
});

export const fileRedLine = z.strictObject({
  id: fileId,
  partyId: fileId,
  issueId: fileId,
  ...inFile(redLineFields),
  declaredByPersonId: nullable(fileId),
  ...stamps,
});

export const fileDevelopment = z.strictObject({
  id: fileId,
  ...inFile(developmentFields, 'partyIds', 'issueIds'),
  ...stamps,
  parties: list(
    z.strictObject({ id: fileId, partyId: fileId, createdAt: timestamp }),
    LIMITS.listItems,
  ),
  issues: list(
    z.strictObject({ id: fileId, issueId: fileId, createdAt: timestamp }),
    LIMITS.listItems,
  ),
});

const joinItem = <K extends string>(key: K) =>
  list(
    z.strictObject({ id: fileId, [key]: fileId, createdAt: timestamp } as {
      id: typeof fileId;
      createdAt: typeof timestamp;
    } & Record<K, typeof fileId>),
    LIMITS.listItems,
  );

export const fileLinkage = z.strictObject({
  id: fileId,
  roundId: fileId,
  partyId: fileId,
  ...inFile(linkageFields, 'issueIds', 'positionIds'),
  /** The same linkage in the round it was carried from, or null. */
  previousId: nullable(fileId),
  ...stamps,
  issues: joinItem('issueId'),
  positions: joinItem('positionId'),
});

export const filePackage = z.strictObject({
  id: fileId,
  roundId: fileId,
  partyId: fileId,
  ...inFile(packageFields, 'positionIds'),
  previousId: nullable(fileId),
  ...stamps,
  positions: joinItem('positionId'),
});

/**
 * A document attached to a source: its description, its bytes (base64) and its extracted pages
 * or paragraphs. Written only when the export asks for documents (off by default).
 */
export const fileDocument = z.strictObject({
  id: fileId,
  fileName: requiredText('File name', 255),
  mediaType: choice('Type', DOCUMENT_TYPES),
  size: whole('Size'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 in hexadecimal' }),
  marking: fileMarking,
  ...stamps,
  content: z
    .string({ error: 'must be the file’s bytes as base64' })
    .max(MAX_DOCUMENT_BASE64, { error: `must be a file of at most ${MAX_DOCUMENT_MB} MB` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be the file’s bytes as base64' }),
  parts: list(
    z.strictObject({
      id: fileId,
      number: whole('Number'),
      text: text('Text', LIMITS.wording),
      createdAt: timestamp,
    }),
  ),
});

export const fileSource = z
  .strictObject({
    id: fileId,
    ...inFile(sourceFields),
    ...stamps,
    documents: list(fileDocument).default([]),
  })
  .refine((s) => s.speaker || s.outlet || s.quote || s.reference, {
    error: 'A source needs at least a speaker, an outlet or document, a reference or a quote.',
  });

export const fileCitation = z.strictObject({
  id: fileId,
  sourceId: fileId,
  targetType: choice('Cited item', CITATION_TARGETS),
  targetId: fileId,
  note: text('Pinpoint', LIMITS.name),
  createdAt: timestamp,
  /** Added within version 2: a document of the source, its page or paragraph, a passage. */
  documentId: nullable(fileId).default(null),
  partNumber: nullable(whole('Page or paragraph')).default(null),
  passage: text('Quoted passage', LIMITS.prose).default(''),
});

export const fileConflictAssessment = z.strictObject({
  id: fileId,
  positionId: fileId,
  redLineId: fileId,
  verdict: choice('Verdict', VERDICTS),
  note: text('Note', LIMITS.prose),
  ...stamps,
});

/** A row as stored: column name → value. */
const storedRow = z.record(
  z.string().max(64),
  z.union([z.string(), z.number(), z.null()], {
    error: 'must hold only text, numbers and nulls',
  }),
);

export const fileHistoryRow = z
  .strictObject({
    entity: choice('Entity', STORED_TABLES),
    entityId: fileId,
    op: choice('Operation', ['create', 'update', 'delete'] as const),
    before: nullable(storedRow),
    after: nullable(storedRow),
    at: timestamp,
  })
  .superRefine((row, ctx) => {
    const shape = { create: [false, true], update: [true, true], delete: [true, false] }[row.op];
    if ((row.before !== null) !== shape[0] || (row.after !== null) !== shape[1]) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `a ${row.op} must have ${shape[0] ? 'a' : 'no'} "before" and ${shape[1] ? 'an' : 'no'} "after"`,
      });
    }
  });

/** One user action (an edit, an undo, a redo) and the rows it changed. */
export const fileChange = z.strictObject({
  id: fileId,
  kind: choice('Kind', ['edit', 'undo', 'redo'] as const),
  label: requiredText('Label', 500),
  actor: text('Actor', LIMITS.name),
  at: timestamp,
  /** For an undo or redo: the change it undid or redid (an id within this list), if present. */
  targetId: nullable(fileId),
  /** Library-level actions (creating, deleting the negotiation) rather than edits inside it. */
  library: z.boolean({ error: 'must be true or false' }),
  rows: list(fileHistoryRow),
});

export const negotiationFile = z.strictObject({
  format: z.literal(EXCHANGE_FORMAT, { error: `must be "${EXCHANGE_FORMAT}"` }),
  formatVersion: z.literal(EXCHANGE_VERSION, {
    error: `must be ${EXCHANGE_VERSION}`,
  }),
  exportedAt: timestamp,
  exportedBy: text('Exported by', LIMITS.name),
  /** The highest marking of anything in the file, history included: the file's own. */
  marking,
  /** Whether `history` holds the negotiation's history, or was left out (empty). */
  historyIncluded: z.boolean({ error: 'must be true or false' }),
  application: z.strictObject({
    name: z.string().max(100),
    version: z.string().max(100),
    schemaVersion: whole('Schema version'),
  }),
  negotiation: z.strictObject({
    id: fileId,
    title: requiredText('Title', LIMITS.title),
    summary: text('Summary', LIMITS.prose),
    marking,
    ...stamps,
  }),
  parties: list(fileParty, LIMITS.listItems),
  issues: list(fileIssue, LIMITS.listItems),
  rounds: list(fileRound, 10_000),
  redLines: list(fileRedLine),
  /** Added within version 2: a file written before developments existed has none. */
  developments: list(fileDevelopment).default([]),
  /** Added within version 2, as developments were. */
  linkages: list(fileLinkage).default([]),
  packages: list(filePackage).default([]),
  sources: list(fileSource),
  citations: list(fileCitation),
  conflictAssessments: list(fileConflictAssessment),
  history: list(fileChange),
  /**
   * Added within version 2: each item's stable identity (a UUID), by kind of item and the item's
   * id in this file, so a negotiation moved by file stays the same negotiation for sharing
   * (issue 19). A file written before identities existed has none; its items get new ones.
   */
  identities: z
    .record(
      z.string().max(40),
      z.record(
        z.string().regex(/^[1-9][0-9]{0,15}$/, { error: 'must be an item’s id' }),
        z.uuid({ error: 'must be a UUID' }),
      ),
    )
    .default({}),
});

export type NegotiationFile = z.output<typeof negotiationFile>;
export type FileRound = NegotiationFile['rounds'][number];
export type FilePosition = FileRound['positions'][number];
export type FileChange = NegotiationFile['history'][number];

/** `rounds[3].positions[1].partyId`: a place in the file, as a person would write it. */
export function filePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
    '',
  );
}

/** What an import brought in. */
export interface ImportResult {
  negotiationId: number;
  title: string;
  parties: number;
  issues: number;
  rounds: number;
  positions: number;
  redLines: number;
  sources: number;
  changes: number;
  /**
   * The file's items were already in this library (it was imported before, or exported from
   * it): the import is a separate copy with identities of its own, which shared updates to the
   * original do not reach.
   */
  copy: boolean;
}

/** A step of a long import or export, for its progress bar. */
export interface TransferProgress {
  operation: 'import' | 'export';
  /** 0 to 1. */
  fraction: number;
  message: string;
}

/** Reports progress from inside a long operation. */
export type Progress = (fraction: number, message: string) => void;

/** What an export produced, and how it reached the officer. */
export interface ExportResult {
  fileName: string;
  bytes: number;
  delivery: Delivery;
  /** The marking the file carries (in its name, and inside it). */
  markingLabel: string;
}

export const EXPORT_KINDS = [
  'negotiation',
  'positions-csv',
  'trajectory-csv',
  'timeline-csv',
  'linkages-csv',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

// The channels' inputs.

export const exportInput = input({
  negotiationId: id('Negotiation'),
  kind: choice('Export', EXPORT_KINDS),
  /** Negotiation files only: with every earlier wording and deleted item (off by default). */
  includeHistory: z
    .boolean({ error: 'Include full history must be true or false.' })
    .default(false),
  /** Negotiation files only: with the documents attached to sources, bytes and all (off). */
  includeDocuments: z
    .boolean({ error: 'Include attached documents must be true or false.' })
    .default(false),
});

/**
 * A version 1 file in version 2's shape: it said nothing of its own marking (its negotiation's
 * is the best it declared), always held its history, and people had no marking. Anything that
 * is not of the expected shape is left as it is, for the schema to name.
 */
export function upgradeFile(data: Record<string, unknown>): Record<string, unknown> {
  if (data.formatVersion !== 1) return data;
  const negotiation = data.negotiation as { marking?: unknown } | undefined;
  const parties = Array.isArray(data.parties) ? (data.parties as unknown[]) : data.parties;
  return {
    ...data,
    formatVersion: 2,
    marking: negotiation?.marking ?? 'UNCLASSIFIED',
    historyIncluded: true,
    parties: Array.isArray(parties)
      ? parties.map((p) =>
          p && typeof p === 'object' && Array.isArray((p as { people?: unknown }).people)
            ? {
                ...p,
                people: (p as { people: unknown[] }).people.map((pe) =>
                  pe && typeof pe === 'object' ? { marking: null, ...pe } : pe,
                ),
              }
            : p,
        )
      : parties,
  };
}

export const importInput = input({
  fileName: text('File name', 1_000),
  content: z.string({ error: 'The file must be sent as text.' }).max(MAX_IMPORT_BYTES, {
    error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Parley imports.`,
  }),
});

/**
 * A file the officer chose in the desktop app's open dialog: its name, and a token standing for
 * it. The page never learns (or names) the file's path; main keeps it against the token.
 */
export interface ImportChoice {
  choice: string;
  fileName: string;
}

export const importChosenInput = input({
  choice: z
    .string({ error: 'Choose the file to import again.' })
    .regex(/^[\w-]{8,64}$/, { error: 'Choose the file to import again.' }),
});
