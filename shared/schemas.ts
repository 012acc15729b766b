// Input schemas for every channel. Main parses each payload as `unknown` with these; the
// renderer runs the same schemas for instant messages next to fields, but main is the authority.
import { z } from 'zod';
import { BRIEFING_FORMATS, BRIEFING_KINDS, PAGE_SIZES } from './briefing';
import { VERDICTS } from './compare';
import { MAX_DOCUMENT_BASE64, MAX_DOCUMENT_MB } from './documents';
import { SEARCH_KINDS } from './search';
import { cleanText } from './text';
import { endsBeforeStart, formatCanonical, parseFuzzyDate } from './dates';
import {
  CITATION_TARGETS,
  CONFIDENCES,
  DEVELOPMENT_KINDS,
  HISTORY_ENTITIES,
  LINKAGE_KINDS,
  LINKAGE_STATUSES,
  MOVEMENTS,
  PACKAGE_STANCES,
  PARTY_ROLES,
  POSITION_KINDS,
  POSITION_STATUSES,
  RED_LINE_STATUSES,
  RELIABILITIES,
  ROUND_FORMATS,
  SIGNIFICANCES,
  SOURCE_KINDS,
} from './domain';

export const LIMITS = {
  name: 200,
  shortCode: 12,
  title: 300,
  /** Summaries, notes, outcomes. */
  prose: 50_000,
  /** A position's or red line's wording (long treaty text can be pasted in). */
  wording: 200_000,
  listItems: 200,
} as const;

/** The type error for a field: "required" when it is missing, "must be …" otherwise. */
const typeError =
  (label: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${label} is required.` : `${label} must be ${expected}.`;

/** Optional free text: cleaned, trimmed, may be empty. */
export const text = (label: string, max: number) =>
  z
    .string({ error: typeError(label, 'text') })
    .overwrite(cleanText)
    .trim()
    .max(max, { error: `${label} must be at most ${max.toLocaleString('en')} characters.` });

/** Required free text: trimmed, not empty. */
export const requiredText = (label: string, max: number) =>
  text(label, max).min(1, { error: `${label} is required.` });

export const id = (label: string) =>
  z
    .number({ error: typeError(label, 'an id number') })
    .int({ error: `${label} must be a whole number.` })
    .positive({ error: `${label} must be a positive id.` });

/** A whole number within bounds (a count, a limit). */
export const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: typeError(label, 'a number') })
    .int({ error: `${label} must be a whole number.` })
    .min(min, { error: `${label} must be at least ${min}.` })
    .max(max, { error: `${label} must be at most ${max}.` });

export const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `${label} is required.`
        : `${label} must be one of: ${values.join(', ')}.`,
  });

export const colour = z
  .string({ error: 'Colour must be text.' })
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'Colour must look like #1f6feb.' })
  .transform((c) => c.toLowerCase());

/** A fuzzy date in canonical form, or null/empty for "unknown". */
export const fuzzyDate = (label: string) =>
  z
    .union([z.string({ error: `${label} must be a date.` }).trim(), z.null()])
    .transform((value, ctx) => {
      if (value === null || value === '') return null;
      const parsed = parseFuzzyDate(value);
      if (!parsed) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be a real date such as 2026-02-14, 2026-02, 2025-spring, 2026-early or 2026.`,
        });
        return z.NEVER;
      }
      return formatCanonical(parsed);
    });

/** A channel's input: an object with exactly these fields. */
export const input = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'The request must be an object of named fields.' : undefined,
  });

/** The same fields, each optional: for updates that change only what they name. */
function optional<T extends z.core.$ZodLooseShape>(
  shape: T,
): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).optional()]),
  ) as { [K in keyof T]: z.ZodOptional<T[K]> };
}

export const nullable = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/**
 * The fields for adding an item: those `defaults` names may be left out and take the value
 * given; the rest stay as they are (required where they are required).
 */
function creating<
  T extends Record<string, z.ZodType>,
  D extends { [K in keyof T]?: z.util.NoUndefined<z.output<T[K]>> },
>(fields: T, defaults: D): { [K in keyof T]: K extends keyof D ? z.ZodDefault<T[K]> : T[K] } {
  return Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [
      key,
      key in defaults ? schema.default(defaults[key] as never) : schema,
    ]),
  ) as { [K in keyof T]: K extends keyof D ? z.ZodDefault<T[K]> : T[K] };
}

/** A list of ids naming every item of a list in its new order. */
const order = (label: string) =>
  z
    .array(id(label), { error: `${label} order must be a list of ids.` })
    .min(1, { error: `${label} order is empty.` })
    .max(10_000, { error: `${label} order is too long.` })
    .refine((ids) => new Set(ids).size === ids.length, {
      error: `${label} order names an item twice.`,
    });

/**
 * Reports the second of any two entries of `list` whose `field` matches, case-insensitively,
 * at that entry's field.
 */
function refineUnique<K extends string, F extends string>(
  value: Record<K, Record<F, string>[]>,
  ctx: z.RefinementCtx,
  list: K,
  field: F,
  message: (value: string) => string,
) {
  const seen = new Set<string>();
  value[list].forEach((item, index) => {
    const folded = item[field].toLocaleLowerCase();
    if (seen.has(folded))
      ctx.addIssue({ code: 'custom', path: [list, index, field], message: message(item[field]) });
    seen.add(folded);
  });
}

// Negotiations

export const negotiationFields = {
  title: requiredText('Title', LIMITS.title),
  summary: text('Summary', LIMITS.prose),
  markingId: id('Marking'),
};

export const partyFields = {
  name: requiredText('Party name', LIMITS.name),
  shortCode: requiredText('Short code', LIMITS.shortCode),
  role: choice('Role', PARTY_ROLES),
  colour,
};

export const issueFields = {
  title: requiredText('Issue title', LIMITS.title),
  description: text('Description', LIMITS.prose),
};

export const negotiationCreateInput = input({
  title: negotiationFields.title,
  summary: negotiationFields.summary.default(''),
  markingId: negotiationFields.markingId.optional(),
  parties: z
    .array(z.strictObject({ ...partyFields, colour: partyFields.colour.optional() }), {
      error: 'Parties must be a list.',
    })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} parties.` })
    .default([]),
  issues: z
    .array(z.strictObject({ ...issueFields, description: issueFields.description.optional() }), {
      error: 'Issues must be a list.',
    })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} issues.` })
    .default([]),
}).superRefine((value, ctx) => {
  refineUnique(value, ctx, 'parties', 'name', (v) => `Party name "${v}" is used twice.`);
  refineUnique(value, ctx, 'parties', 'shortCode', (v) => `Short code "${v}" is used twice.`);
  refineUnique(value, ctx, 'issues', 'title', (v) => `Issue "${v}" is listed twice.`);
});

export const byId = input({ id: id('Id') });
export const none = input({});

export const negotiationUpdateInput = input({
  id: id('Negotiation'),
  ...optional(negotiationFields),
});

// Parties, people, issues

export const partyCreateInput = input({
  negotiationId: id('Negotiation'),
  ...partyFields,
  colour: colour.optional(),
});
export const partyUpdateInput = input({ id: id('Party'), ...optional(partyFields) });
export const reorderInNegotiation = (label: string) =>
  input({ negotiationId: id('Negotiation'), ids: order(label) });

export const personFields = {
  name: requiredText('Name', LIMITS.name),
  title: text('Title', LIMITS.name),
  markingId: nullable(id('Marking')),
};
export const personCreateInput = input({
  partyId: id('Party'),
  ...creating(personFields, { title: '', markingId: null }),
});
export const personUpdateInput = input({ id: id('Person'), ...optional(personFields) });
export const personReorderInput = input({ partyId: id('Party'), ids: order('People') });

export const issueCreateInput = input({
  negotiationId: id('Negotiation'),
  ...creating(issueFields, { description: '' }),
});
export const issueUpdateInput = input({ id: id('Issue'), ...optional(issueFields) });

// Rounds

export const roundFields = {
  sequence: z
    .number({ error: typeError('Sequence', 'a number') })
    .int({ error: 'Sequence must be a whole number.' })
    .min(1, { error: 'Sequence must be 1 or more.' })
    .max(10_000, { error: 'Sequence must be at most 10,000.' }),
  title: requiredText('Round title', LIMITS.title),
  startDate: fuzzyDate('Start date'),
  endDate: fuzzyDate('End date'),
  dateNote: text('Date note', LIMITS.name),
  location: text('Location', LIMITS.name),
  format: nullable(choice('Format', ROUND_FORMATS)),
};

/** Round fields beyond what is needed to add one: edited on the round's page. */
export const roundDetailFields = {
  channel: text('Channel or mediator', LIMITS.name),
  summary: text('Summary', LIMITS.prose),
  outcome: text('Outcome', LIMITS.prose),
  nextSteps: text('Next steps', LIMITS.prose),
  markingId: nullable(id('Marking')),
  participantIds: z
    .array(id('Participant'), { error: 'Participants must be a list of people.' })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} participants.` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'A participant is listed twice.' }),
};

function refineRoundDates(
  value: { startDate?: string | null; endDate?: string | null },
  ctx: z.RefinementCtx,
) {
  if (value.startDate && value.endDate && endsBeforeStart(value.startDate, value.endDate)) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: 'End date is before the start date.',
    });
  }
}

const roundCreateShape = {
  negotiationId: id('Negotiation'),
  ...creating(roundFields, {
    startDate: null,
    endDate: null,
    dateNote: '',
    location: '',
    format: null,
  }),
};

export const roundCreateInput = input(roundCreateShape).superRefine(refineRoundDates);

export const roundCarryForwardInput = input({
  ...roundCreateShape,
  /** The round whose open positions are copied into the new one. */
  fromRoundId: id('Round to carry forward from'),
  /** The copies cite the sources their originals cite (on unless the officer says not). */
  keepCitations: z
    .boolean({ error: 'Choose whether carried positions keep the sources they cite.' })
    .default(true),
}).superRefine(refineRoundDates);

export const roundUpdateInput = input({
  id: id('Round'),
  ...optional(roundFields),
  ...optional(roundDetailFields),
}).superRefine(refineRoundDates);

// Positions

export const positionFields = {
  text: requiredText('Position text', LIMITS.wording),
  kind: choice('Kind', POSITION_KINDS),
  status: choice('Status', POSITION_STATUSES),
  movement: choice('Movement', MOVEMENTS),
  markingId: nullable(id('Marking')),
  notes: text('Notes', LIMITS.prose),
};

export const positionCreateInput = input({
  roundId: id('Round'),
  partyId: id('Party'),
  issueId: id('Issue'),
  ...creating(positionFields, {
    kind: 'demand',
    status: 'on_the_table',
    movement: 'none',
    markingId: null,
    notes: '',
  }),
});
export const positionUpdateInput = input({ id: id('Position'), ...optional(positionFields) });
export const positionLinkInput = input({
  id: id('Position'),
  previousId: nullable(id('Earlier position')),
});

// Red lines

export const redLineFields = {
  text: requiredText('Red line', LIMITS.wording),
  declaredDate: fuzzyDate('Declared'),
  dateNote: text('Date note', LIMITS.name),
  declaredByPersonId: nullable(id('Declared by')),
  declaredBy: text('Declared by', LIMITS.name),
  status: choice('Status', RED_LINE_STATUSES),
  markingId: nullable(id('Marking')),
  notes: text('Notes', LIMITS.prose),
};
export const redLineCreateInput = input({
  partyId: id('Party'),
  issueId: id('Issue'),
  ...creating(redLineFields, {
    declaredDate: null,
    dateNote: '',
    declaredByPersonId: null,
    declaredBy: '',
    status: 'active',
    markingId: null,
    notes: '',
  }),
});
export const redLineUpdateInput = input({
  id: id('Red line'),
  partyId: id('Party').optional(),
  issueId: id('Issue').optional(),
  ...optional(redLineFields),
});

// Developments

/** A list of distinct ids (the parties involved, the issues touched). */
const idList = (label: string, item: string) =>
  z
    .array(id(item), { error: `${label} must be a list.` })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} ${label.toLowerCase()}.` })
    .refine((ids) => new Set(ids).size === ids.length, { error: `${item} is listed twice.` });

export const developmentFields = {
  kind: choice('Kind', DEVELOPMENT_KINDS),
  startDate: fuzzyDate('Date'),
  endDate: fuzzyDate('Until'),
  dateNote: text('Date note', LIMITS.name),
  title: requiredText('Development title', LIMITS.title),
  summary: text('Summary', LIMITS.prose),
  significance: choice('Significance', SIGNIFICANCES),
  markingId: nullable(id('Marking')),
  partyIds: idList('Parties involved', 'A party'),
  issueIds: idList('Issues touched', 'An issue'),
};

export const developmentCreateInput = input({
  negotiationId: id('Negotiation'),
  ...creating(developmentFields, {
    startDate: null,
    endDate: null,
    dateNote: '',
    summary: '',
    significance: 'medium',
    markingId: null,
    partyIds: [],
    issueIds: [],
  }),
}).superRefine(refineRoundDates);
export const developmentUpdateInput = input({
  id: id('Development'),
  ...optional(developmentFields),
}).superRefine(refineRoundDates);

// Linkages and packages

export const linkageFields = {
  kind: choice('Kind of linkage', LINKAGE_KINDS),
  status: choice('Status', LINKAGE_STATUSES),
  statement: requiredText('Linkage statement', LIMITS.wording),
  notes: text('Notes', LIMITS.prose),
  markingId: nullable(id('Marking')),
  issueIds: idList('Issues tied', 'An issue'),
  positionIds: idList('Positions involved', 'A position'),
};
export const linkageCreateInput = input({
  roundId: id('Round'),
  partyId: id('Party'),
  ...creating(linkageFields, {
    status: 'in_force',
    notes: '',
    markingId: null,
    positionIds: [],
  }),
});
export const linkageUpdateInput = input({
  id: id('Linkage'),
  partyId: id('Party').optional(),
  ...optional(linkageFields),
});

export const packageFields = {
  stance: choice('Offered or demanded', PACKAGE_STANCES),
  title: requiredText('Package title', LIMITS.title),
  notes: text('Notes', LIMITS.prose),
  markingId: nullable(id('Marking')),
  positionIds: idList('Positions in the package', 'A position'),
};
export const packageCreateInput = input({
  roundId: id('Round'),
  partyId: id('Party'),
  ...creating(packageFields, { notes: '', markingId: null }),
});
export const packageUpdateInput = input({
  id: id('Package'),
  partyId: id('Party').optional(),
  ...optional(packageFields),
});

// Source documents

/**
 * A file to attach, its bytes as base64. The length is checked before anything is decoded, so
 * an oversize file is refused without being held twice; main checks the decoded size, the type
 * by content and the text again (services/documents.ts).
 */
export const documentAttachInput = input({
  sourceId: id('Source'),
  fileName: requiredText('File name', 1000),
  dataBase64: z
    .string({ error: 'The file must be sent as base64 text.' })
    .max(MAX_DOCUMENT_BASE64, {
      error: `The file is larger than ${MAX_DOCUMENT_MB} MB; Parley keeps files of at most ${MAX_DOCUMENT_MB} MB. Attach a smaller copy.`,
    })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'The file must be sent as base64 text.' }),
  markingId: nullable(id('Marking')).default(null),
});

export const documentUpdateInput = input({
  id: id('Document'),
  fileName: requiredText('File name', 255).optional(),
  markingId: nullable(id('Marking')).optional(),
});

// Sources and citations

export const sourceFields = {
  kind: choice('Kind of source', SOURCE_KINDS),
  speaker: text('Speaker', LIMITS.name),
  saidDate: fuzzyDate('Date said'),
  dateNote: text('Date note', LIMITS.name),
  outlet: text('Outlet or document', LIMITS.title),
  reference: text('URL or reference', 2_000),
  quote: text('Quote', LIMITS.wording),
  reliability: nullable(choice('Reliability', RELIABILITIES)),
  confidence: nullable(choice('Confidence', CONFIDENCES)),
  markingId: nullable(id('Marking')),
  notes: text('Notes', LIMITS.prose),
};
export const sourceCreateInput = input({
  negotiationId: id('Negotiation'),
  ...creating(sourceFields, {
    speaker: '',
    saidDate: null,
    dateNote: '',
    outlet: '',
    reference: '',
    quote: '',
    reliability: null,
    confidence: null,
    markingId: null,
    notes: '',
  }),
  /** Cite the new source at once, in the same change (one undo takes back both). */
  cite: z
    .strictObject({
      targetType: choice('Cited item', CITATION_TARGETS),
      targetId: id('Cited item'),
      note: text('Pinpoint', LIMITS.name).default(''),
    })
    .optional(),
}).superRefine((value, ctx) => {
  if (!value.speaker && !value.outlet && !value.quote && !value.reference) {
    ctx.addIssue({
      code: 'custom',
      path: ['outlet'],
      message: 'Give at least a speaker, an outlet or document, a reference or a quote.',
    });
  }
});
export const sourceUpdateInput = input({ id: id('Source'), ...optional(sourceFields) });

export const citationCreateInput = input({
  sourceId: id('Source'),
  targetType: choice('Cited item', CITATION_TARGETS),
  targetId: id('Cited item'),
  note: text('Pinpoint', LIMITS.name).default(''),
  documentId: nullable(id('Document')).default(null),
  partNumber: nullable(wholeNumber('Page or paragraph', 1, 1_000_000)).default(null),
  passage: text('Quoted passage', LIMITS.prose).default(''),
});

// Comparisons

export const compareRoundsInput = input({
  fromRoundId: id('First round'),
  toRoundId: id('Second round'),
});
export const trajectoryInput = input({
  negotiationId: id('Negotiation'),
  partyId: nullable(id('Party')),
  /** Send the wordings of the first screenful at once: the first rows, latest rounds. */
  preload: z
    .strictObject({
      rows: wholeNumber('Rows to preload', 0, 200),
      rounds: wholeNumber('Rounds to preload', 0, 100),
    })
    .default({ rows: 0, rounds: 0 }),
  /**
   * Only some rounds' columns, as a grid shows them: the latest few, or `count` from column
   * `first`. Every round when left out.
   */
  window: z
    .union(
      [
        z.strictObject({ latest: wholeNumber('Latest rounds', 1, 500) }),
        z.strictObject({
          first: wholeNumber('First round column', 0, 100_000),
          count: wholeNumber('Round columns', 1, 500),
        }),
      ],
      { error: 'The window must name the latest rounds, or a first column and a count.' },
    )
    .nullable()
    .default(null),
});
export const lineageInput = input({ positionId: id('Position') });
export const excerptsInput = input({
  positionIds: z
    .array(id('Position'), { error: 'Positions must be a list of ids.' })
    .max(5_000, { error: 'At most 5,000 positions at a time.' }),
});
export const partyComparisonInput = input({ roundId: id('Round') });
export const redLineDriftInput = input({ redLineId: id('Red line') });
export const assessConflictInput = input({
  positionId: id('Position'),
  redLineId: id('Red line'),
  /** null withdraws an earlier judgement. */
  verdict: nullable(choice('Verdict', VERDICTS)),
  note: text('Note', LIMITS.prose).default(''),
});

// Briefings

const briefingSubject = {
  kind: choice('Kind of brief', BRIEFING_KINDS),
  negotiationId: id('Negotiation'),
  /** Round brief: the round. */
  roundId: id('Round').optional(),
  /** Comparison brief: the two rounds. */
  fromRoundId: id('First round').optional(),
  toRoundId: id('Second round').optional(),
};

function refineSubject(
  value: { kind: string; roundId?: number; fromRoundId?: number; toRoundId?: number },
  ctx: z.RefinementCtx,
) {
  if (value.kind === 'round' && value.roundId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['roundId'], message: 'Choose the round to brief.' });
  }
  if (value.kind === 'comparison' && (!value.fromRoundId || !value.toRoundId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['toRoundId'],
      message: 'Choose the two rounds to compare.',
    });
  }
}

export const briefingDefaultsInput = input(briefingSubject).superRefine(refineSubject);

export const briefingPreviewInput = input({
  ...briefingSubject,
  bottomLine: text('Bottom line', LIMITS.prose).default(''),
  author: text('Author', LIMITS.name).default(''),
  /** A marking above the default (the default is the highest among the included items). */
  markingId: nullable(id('Marking')).default(null),
  pageSize: choice('Page size', PAGE_SIZES).default('A4'),
  /** Comparison brief: leave out rows that did not change. */
  changesOnly: z.boolean({ error: 'Changes only must be true or false.' }).default(false),
  /** Add a section listing what changed since the last brief of this kind. */
  sinceLast: z.boolean({ error: 'Since last brief must be true or false.' }).default(false),
  /** Overview brief: list developments of low significance in the dated timeline too. */
  lowDevelopments: z
    .boolean({ error: 'Low-significance developments must be true or false.' })
    .default(false),
}).superRefine(refineSubject);

const jobId = z
  .string({ error: 'Job must be text.' })
  .regex(/^[\w-]{8,64}$/, { error: 'Unknown job.' });

export const briefingJobInput = input({ jobId });

export const briefingExportInput = input({
  jobId,
  /** PDF (the final form) or Word (the working one). */
  format: choice('Format', BRIEFING_FORMATS).default('pdf'),
});

// History and undo

export const historyForItemInput = input({
  entity: choice('Item', HISTORY_ENTITIES),
  id: id('Item'),
});

/** Undo and redo act on one negotiation's changes, or (null) on the library's. */
export const undoScopeInput = input({ scopeId: nullable(id('Negotiation')) });

// Search

export const searchInput = input({
  query: z
    .string({ error: 'The search must be text.' })
    .max(500, { error: 'The search must be at most 500 characters.' }),
  negotiationId: nullable(id('Negotiation')).default(null),
  partyId: nullable(id('Party')).default(null),
  issueId: nullable(id('Issue')).default(null),
  fromSequence: nullable(
    z.number().int().min(1, { error: 'From round must be 1 or more.' }),
  ).default(null),
  toSequence: nullable(z.number().int().min(1, { error: 'To round must be 1 or more.' })).default(
    null,
  ),
  kind: nullable(choice('Kind', SEARCH_KINDS)).default(null),
  limit: wholeNumber('Limit', 1, 200).default(6),
}).superRefine((value, ctx) => {
  const needsNegotiation = value.partyId ?? value.issueId ?? value.fromSequence ?? value.toSequence;
  if (needsNegotiation !== null && value.negotiationId === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['negotiationId'],
      message: 'Party, issue and round filters need a negotiation.',
    });
  }
  if (
    value.fromSequence !== null &&
    value.toSequence !== null &&
    value.fromSequence > value.toSequence
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['toSequence'],
      message: 'The last round must not come before the first.',
    });
  }
});

/** The first problem in a failed parse, as a dotted field path and a message. */
const EXPECTED: Record<string, string> = {
  object: 'a group of fields',
  array: 'a list',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  null: 'empty (null)',
};

export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'The request was not valid.' };
  const field = issue.path.length ? issue.path.map(String).join('.') : undefined;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  } else if (/^(Invalid|Too (big|small))\b/.test(message)) {
    // A rule without a message of ours: say plainly what was expected, never zod's wording.
    const what = field === undefined ? 'The request' : `The field “${field}”`;
    message =
      issue.code === 'invalid_type'
        ? `${what} must be ${EXPECTED[issue.expected] ?? `of type ${issue.expected}`}.`
        : `${what} is not valid.`;
  }
  return field === undefined ? { message } : { field, message };
}

/** Every problem in a failed parse, keyed by dotted field path (first message per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}
