import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, MemberStream } from '../../main/services/jsonMembers';

/** Reads `text` in chunks of `size` bytes; what the handler was given, in order. */
function read(text: string, size: number, within = new Map([['changes', new Set(['rows'])]])) {
  const seen: unknown[] = [];
  const stream = new MemberStream(
    new Set(['items', 'changes']),
    {
      member: (key, value) => seen.push(['member', key, value]),
      element: (key, index, value) => seen.push(['element', key, index, value]),
    },
    within,
  );
  const bytes = Buffer.from(text, 'utf8');
  // One buffer reused for every chunk, as a file is read.
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(buffer, 0, at, at + size);
    stream.write(buffer.subarray(0, n));
  }
  stream.end();
  return seen;
}

const FILE = {
  format: 'x',
  version: 2,
  ok: true,
  none: null,
  items: [{ id: 1, text: 'a "quoted" \\ back\\slash, {brace} [bracket]' }, 7, 'é中😀', []],
  other: { nested: [1, 2, { deep: 'x' }] },
  changes: [
    { id: 1, rows: [{ a: 1 }, { b: 'ﻻ"' }], after: 'x' },
    { id: 2, rows: [] },
    { id: 3, rows: 'not a list' },
    5,
  ],
  empty: [],
  last: -1.5e3,
};

describe('reading a JSON object member by member', () => {
  it('hands on members and list elements as JSON.parse reads them, in any chunk size', () => {
    const text = JSON.stringify(FILE, null, 1);
    const expected = [
      ['member', 'format', 'x'],
      ['member', 'version', 2],
      ['member', 'ok', true],
      ['member', 'none', null],
      ...FILE.items.map((item, i) => ['element', 'items', i, item]),
      ['member', 'items', []],
      ['member', 'other', FILE.other],
      ...FILE.changes.map((change, i) => ['element', 'changes', i, change]),
      ['member', 'changes', []],
      ['member', 'empty', []],
      ['member', 'last', -1500],
    ];
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      expect(read(text, size), `chunks of ${size}`).toEqual(expected);
    }
    // Without reading a change's rows one by one, the same.
    expect(read(text, 3, new Map())).toEqual(expected);
  });

  it('hands on the rows of a change as they come, keeping those not taken', () => {
    const seen: unknown[] = [];
    const stream = new MemberStream(
      new Set(['changes']),
      {
        member: () => {},
        element: (_key, index, value) => seen.push(['change', index, value]),
        // The odd rows are taken, with the change as read so far.
        nested: (key, index, member, position, value, change) => {
          seen.push(['row', key, index, member, position, value, structuredClone(change)]);
          return (value as { n: number }).n % 2 === 1;
        },
      },
      new Map([['changes', new Set(['rows'])]]),
    );
    stream.write(
      Buffer.from('{"changes": [{"id": 7, "rows": [{"n": 1}, {"n": 2}, {"n": 3}], "x": 1}]}'),
    );
    stream.end();
    expect(seen).toEqual([
      ['row', 'changes', 0, 'rows', 0, { n: 1 }, { id: 7, rows: [] }],
      ['row', 'changes', 0, 'rows', 1, { n: 2 }, { id: 7, rows: [] }],
      ['row', 'changes', 0, 'rows', 2, { n: 3 }, { id: 7, rows: [{ n: 2 }] }],
      ['change', 0, { id: 7, rows: [{ n: 2 }], x: 1 }],
    ]);
  });

  it.each([
    ['a trailing comma in a list', '{"items": [1, 2,]}'],
    ['a trailing comma in the object', '{"a": 1,}'],
    ['a missing colon', '{"a" 1}'],
    ['a missing value', '{"a": }'],
    ['a bare word', '{"a": nul}'],
    ['an unquoted key', '{a: 1}'],
    ['more after the end', '{"a": 1} 2'],
    ['a list, not an object', '[1]'],
    ['cut off in a value', '{"a": {"b": 1'],
    ['cut off in a list', '{"items": [1, 2'],
    ['cut off in a change', '{"changes": [{"id": 1, "rows": [{"a": 1}'],
    ['cut off in a string', '{"a": "abc'],
    ['a broken element', '{"items": [{"id": 1 "x": 2}]}'],
    ['nothing at all', ''],
  ])('refuses %s', (_what, text) => {
    for (const size of [1, 4, 1024]) {
      expect(() => read(text, size)).toThrow(JsonSyntaxError);
    }
  });
});
