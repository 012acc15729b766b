// Property-based tests of the contract: every channel gets thousands of random and hostile
// payloads. Each call must answer a typed error or a valid result, never crash or throw, never
// report an internal error, never pollute prototypes — and a refused call changes nothing.
//
// Payloads come from three sources, mixed: plausible inputs generated from the channel's own
// schema (so many pass validation and reach the services), those same inputs with one field
// replaced, removed or added with a hostile value, and hostile values on their own. The seed is
// fixed so CI is repeatable; set PARLEY_FUZZ_SEED (and PARLEY_FUZZ_RUNS) to explore others.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, type ChannelName } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/result';
import { call, checksum, tempApp } from './helpers';

const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 160);

// ---- Hostile values -------------------------------------------------------------------------

const MB = 1024 * 1024;
const HUGE_ASCII = 'x'.repeat(10 * MB);
const HUGE_MIXED = 'مذاکره 👩🏽‍💻 <b>\u202e\u0000'.repeat(Math.ceil((10 * MB) / 16)).slice(0, 10 * MB);

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}
const DEEP_OBJECT = nested(10_000, (inner) => ({ a: inner }));
const DEEP_ARRAY = nested(10_000, (inner) => [inner]);

// Keys that pollute prototypes when code copies input carelessly. JSON.parse makes them own
// properties, as they arrive over either transport.
const POLLUTERS = [
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  JSON.parse('{"__proto__": {"toString": "polluted"}}'),
  JSON.parse('{"prototype": {"polluted": true}}'),
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x'];

const hostileConstant = fc.constantFrom<unknown>(
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  999_999,
  1n,
  '',
  ' ',
  '\u0000',
  '\u200b',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-99-99',
  '2026-02-14T25:61:00Z',
  'not a date',
  '1',
  'true',
  'null',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  'C:\\Windows\\System32\\config',
  'CON',
  '<script>alert(1)</script>',
  "'; DROP TABLE negotiation; --",
  '" OR 1=1 --',
  'NEAR(a b) OR c*',
  HUGE_ASCII,
  HUGE_MIXED,
  DEEP_OBJECT,
  DEEP_ARRAY,
  new Date(Number.NaN),
  new Date(0),
  new Map([['id', 1]]),
  new Set([1]),
  new Uint8Array(8),
  [],
  {},
  null,
  undefined,
  true,
  false,
  ...POLLUTERS,
);

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileConstant, weight: 6 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  {
    arbitrary: fc.anything({
      maxDepth: 3,
      key: fc.constantFrom(...HOSTILE_KEYS, 'id', 'title', 'text'),
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
    }),
    weight: 2,
  },
);

// ---- Plausible values, from each channel's own schema ---------------------------------------

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

const WORDS = fc.constantFrom(
  'A',
  'B',
  'Talks',
  'Enrichment',
  '2026-02-14',
  '2026-02',
  'parley-2026-01-01T00-00-00-000Z-manual.sqlite',
  '{"format":"parley.negotiation","formatVersion":1}',
);

function plausible(schema: JsonSchema): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map(plausible));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => plausible({ ...schema, type })));
  }
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, child]) => [key, plausible(child)]),
      );
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(schema.items ? plausible(schema.items) : hostile, { maxLength: 5 });
    case 'integer':
      return fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(999_999));
    case 'number':
      return fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ noNaN: true }));
    case 'string':
      return fc.oneof(WORDS, fc.string({ maxLength: 24 }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return hostile;
  }
}

// ---- One hostile change to a plausible input ------------------------------------------------

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'inside'; at: number; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostile }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.constantFrom(...HOSTILE_KEYS),
    value: hostile,
  }),
  fc.record({ kind: fc.constant('inside' as const), at: fc.nat(), value: hostile }),
);

/** Sets a property as an own, enumerable one — even `__proto__` — as JSON.parse would. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function mutate(input: unknown, change: Mutation): unknown {
  if (input === null || typeof input !== 'object')
    return change.kind === 'remove' ? undefined : input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (change.kind === 'add') {
    setOwn(copy, change.key, change.value);
    return copy;
  }
  if (keys.length === 0) return copy;
  const key = keys[change.at % keys.length]!;
  if (change.kind === 'remove') delete copy[key];
  else if (change.kind === 'replace') copy[key] = change.value;
  else {
    const inner = copy[key];
    if (Array.isArray(inner) && inner.length > 0) {
      copy[key] = inner.map((item, index) =>
        index === change.at % inner.length ? change.value : item,
      );
    } else if (inner !== null && typeof inner === 'object') {
      copy[key] = mutate(inner, { kind: 'replace', at: change.at, value: change.value });
    } else copy[key] = [change.value];
  }
  return copy;
}

function payloads(channel: ChannelName): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(contract[channel].input as z.ZodType, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const valid = plausible(schema);
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    {
      arbitrary: fc.tuple(valid, mutation).map(([input, change]) => mutate(input, change)),
      weight: 6,
    },
    { arbitrary: hostile, weight: 1 },
  );
}

// ---- The app under attack -------------------------------------------------------------------

async function seeded() {
  const app = tempApp({
    printer: { print: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
    deliver: async (fileName) => ({ kind: 'saved', path: `/tmp/${fileName}` }),
  });
  const { dispatch } = app;
  for (const title of ['One', 'Two']) {
    await call(dispatch, 'negotiations:create', {
      title,
      parties: [
        { name: `${title} A`, shortCode: 'A', role: 'principal' },
        { name: `${title} B`, shortCode: 'B', role: 'mediator' },
      ],
      issues: [{ title: 'Enrichment' }, { title: 'Sanctions' }],
    });
  }
  await call(dispatch, 'rounds:create', { negotiationId: 1, sequence: 1, title: 'Muscat' });
  await call(dispatch, 'rounds:create', { negotiationId: 1, sequence: 2, title: 'Rome' });
  await call(dispatch, 'people:create', { partyId: 1, name: 'Envoy' });
  for (const roundId of [1, 2]) {
    await call(dispatch, 'positions:create', {
      roundId,
      partyId: 1,
      issueId: 1,
      text: 'Zero enrichment.',
    });
  }
  await call(dispatch, 'redLines:create', { partyId: 1, issueId: 1, text: 'No weapon.' });
  await call(dispatch, 'sources:create', { negotiationId: 1, kind: 'leak', outlet: 'Wire' });
  await call(dispatch, 'citations:create', { sourceId: 1, targetType: 'round', targetId: 1 });
  return app;
}

const ALLOWED_CODES = ['invalid_input', 'not_found', 'conflict'];
/** Answered by the desktop shell itself (its open dialog); anywhere else, unavailable. */
const SHELL_ONLY = new Set<string>(['transfer:chooseImport', 'transfer:importChosen']);
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
let cases = 0;
let refused = 0;

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
    return text === undefined ? String(input) : text.slice(0, 300);
  } catch {
    return Object.prototype.toString.call(input);
  }
}

describe('every channel under random and hostile input', () => {
  afterAll(() => {
    console.log(
      `[fuzz] ${cases.toLocaleString('en')} cases over ${CHANNELS.length} channels (seed ${SEED}): ` +
        `${refused.toLocaleString('en')} refused with the database unchanged, ` +
        `${(cases - refused).toLocaleString('en')} valid results, 0 crashes`,
    );
  });

  for (const channel of CHANNELS) {
    it(`${channel}`, async () => {
      const app = await seeded();
      const internal: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => internal.push(args);
      try {
        await fc.assert(
          fc.asyncProperty(payloads(channel), async (input) => {
            const before = checksum(app.store);
            const result = await app.dispatch(channel, input);
            cases++;
            const shown = describeInput(input);
            expect(typeof result.ok, shown).toBe('boolean');
            // Whatever is answered can cross the boundary as it is.
            expect(() => JSON.stringify(result), shown).not.toThrow();
            if (!result.ok) {
              refused++;
              expect(
                SHELL_ONLY.has(channel) ? [...ALLOWED_CODES, 'unavailable'] : ALLOWED_CODES,
                `${shown} → ${result.error.message}`,
              ).toContain(result.error.code);
              expect(ERROR_CODES).toContain(result.error.code);
              expect(result.error.message, shown).toMatch(/^\S.{4,}/s);
              expect(result.error.message, shown).not.toMatch(
                /SQLITE|undefined|\[object|at \w+ \(|Invalid input|received \w+$/,
              );
              expect(checksum(app.store), `${shown} was refused but changed the database`).toBe(
                before,
              );
            } else {
              expect('value' in result, shown).toBe(true);
            }
            expect(({} as Record<string, unknown>).polluted, shown).toBeUndefined();
            expect(Object.getOwnPropertyNames(Object.prototype).sort(), shown).toEqual(
              PROTOTYPE_NAMES,
            );
            expect(Object.prototype.toString, shown).toBeTypeOf('function');
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
      } finally {
        console.error = original;
      }
      expect(internal, 'internal errors were logged').toEqual([]);
    }, 120_000);
  }
});
