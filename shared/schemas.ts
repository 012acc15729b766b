// Input schemas for every channel. Main parses each payload as `unknown` with these; the
// renderer runs the same schemas for instant messages next to fields, but main is the authority.
import { z } from 'zod';
import { endsBeforeStart, formatCanonical, parseFuzzyDate } from './dates';
import { MOVEMENTS, PARTY_ROLES, POSITION_KINDS, POSITION_STATUSES, ROUND_FORMATS } from './domain';

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

/** Optional free text: trimmed, may be empty. */
/** The type error for a field: "required" when it is missing, "must be …" otherwise. */
const typeError =
  (label: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${label} is required.` : `${label} must be ${expected}.`;

export const text = (label: string, max: number) =>
  z
    .string({ error: typeError(label, 'text') })
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

const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
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

const partyInput = z.strictObject({
  name: requiredText('Party name', LIMITS.name),
  shortCode: requiredText('Short code', LIMITS.shortCode),
  role: choice('Role', PARTY_ROLES),
  colour: colour.optional(),
});

const issueInput = z.strictObject({
  title: requiredText('Issue title', LIMITS.title),
  description: text('Description', LIMITS.prose).optional(),
});

/** Reports the second of any two entries whose `key` matches, case-insensitively. */
function refineUnique<T>(
  items: T[],
  ctx: z.RefinementCtx,
  key: (item: T) => string,
  path: (index: number) => (string | number)[],
  message: (value: string) => string,
) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = key(item);
    const folded = value.toLocaleLowerCase();
    if (seen.has(folded))
      ctx.addIssue({ code: 'custom', path: path(index), message: message(value) });
    seen.add(folded);
  });
}

export const negotiationCreateInput = input({
  title: requiredText('Title', LIMITS.title),
  summary: text('Summary', LIMITS.prose).default(''),
  markingId: id('Marking').optional(),
  parties: z
    .array(partyInput, { error: 'Parties must be a list.' })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} parties.` })
    .default([]),
  issues: z
    .array(issueInput, { error: 'Issues must be a list.' })
    .max(LIMITS.listItems, { error: `At most ${LIMITS.listItems} issues.` })
    .default([]),
}).superRefine((value, ctx) => {
  refineUnique(
    value.parties,
    ctx,
    (p) => p.name,
    (i) => ['parties', i, 'name'],
    (v) => `Party name "${v}" is used twice.`,
  );
  refineUnique(
    value.parties,
    ctx,
    (p) => p.shortCode,
    (i) => ['parties', i, 'shortCode'],
    (v) => `Short code "${v}" is used twice.`,
  );
  refineUnique(
    value.issues,
    ctx,
    (p) => p.title,
    (i) => ['issues', i, 'title'],
    (v) => `Issue "${v}" is listed twice.`,
  );
});

export const byId = input({ id: id('Id') });
export const none = input({});

export const roundFields = {
  sequence: z
    .number({ error: 'Sequence must be a number.' })
    .int({ error: 'Sequence must be a whole number.' })
    .min(1, { error: 'Sequence must be 1 or more.' })
    .max(10_000, { error: 'Sequence must be at most 10,000.' }),
  title: requiredText('Round title', LIMITS.title),
  startDate: fuzzyDate('Start date').default(null),
  endDate: fuzzyDate('End date').default(null),
  dateNote: text('Date note', LIMITS.name).default(''),
  location: text('Location', LIMITS.name).default(''),
  format: z.union([choice('Format', ROUND_FORMATS), z.null()]).default(null),
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

export const roundCreateInput = input({
  negotiationId: id('Negotiation'),
  ...roundFields,
}).superRefine(refineRoundDates);

export const positionFields = {
  text: requiredText('Position text', LIMITS.wording),
  kind: choice('Kind', POSITION_KINDS).default('demand'),
  status: choice('Status', POSITION_STATUSES).default('on_the_table'),
  movement: choice('Movement', MOVEMENTS).default('none'),
};

export const positionCreateInput = input({
  roundId: id('Round'),
  partyId: id('Party'),
  issueId: id('Issue'),
  ...positionFields,
});

/** The first problem in a failed parse, as a dotted field path and a message. */
export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'The request was not valid.' };
  const field = issue.path.length ? issue.path.map(String).join('.') : undefined;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
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
