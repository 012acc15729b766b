import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextDiff } from '../../shared/compare';
import { classify } from '../../main/services/compare';
import { cachedWordDiff, wordDiff } from '../../main/services/textDiff';
import { generate } from '../bench/generate';
import { tempApp, call } from './helpers';

describe('word diff', () => {
  it('marks inserted and deleted words, punctuation on its own', () => {
    expect(
      wordDiff(
        'Ship out all uranium, under IAEA watch.',
        'Ship out all enriched uranium, under US watch!',
      ),
    ).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'Ship out all ' },
        { op: 'insert', text: 'enriched ' },
        { op: 'equal', text: 'uranium, under ' },
        { op: 'delete', text: 'IAEA' },
        { op: 'insert', text: 'US' },
        { op: 'equal', text: ' watch' },
        { op: 'delete', text: '.' },
        { op: 'insert', text: '!' },
      ],
    });
  });

  it('handles right-to-left text in logical order', () => {
    const diff = wordDiff(
      'توان موشکی ایران قابل مذاکره نیست.',
      'توان موشکی ایران هرگز قابل مذاکره نیست.',
    );
    expect(diff.replaced).toBe(false);
    expect(diff.parts).toEqual([
      { op: 'equal', text: 'توان موشکی ایران ' },
      { op: 'insert', text: 'هرگز ' },
      { op: 'equal', text: 'قابل مذاکره نیست.' },
    ]);
  });

  it('lines up a changed phrase as one change, not words scattered between spaces', () => {
    expect(
      wordDiff(
        'We will freeze enrichment at current levels, under IAEA watch.',
        'We will halt all enrichment immediately, under IAEA watch.',
      ),
    ).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'We will ' },
        { op: 'delete', text: 'freeze' },
        { op: 'insert', text: 'halt all' },
        { op: 'equal', text: ' enrichment ' },
        { op: 'delete', text: 'at current levels' },
        { op: 'insert', text: 'immediately' },
        { op: 'equal', text: ', under IAEA watch.' },
      ],
    });
  });

  it('splits Persian words at spaces only, keeping the zero-width non-joiner inside', () => {
    // "We want peace" → "We want war": می‌خواهیم is one word, written with a ZWNJ.
    expect(wordDiff('می\u200cخواهیم صلح', 'می\u200cخواهیم جنگ')).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'می\u200cخواهیم ' },
        { op: 'delete', text: 'صلح' },
        { op: 'insert', text: 'جنگ' },
      ],
    });
    expect(wordDiff('אין העשרה על אדמת איראן.', 'אין העשרה כלל על אדמת איראן.').parts).toEqual([
      { op: 'equal', text: 'אין העשרה ' },
      { op: 'insert', text: 'כלל ' },
      { op: 'equal', text: 'על אדמת איראן.' },
    ]);
  });

  it('shows a change of spacing alone as just that', () => {
    expect(wordDiff('Zero enrichment.\nVerified.', 'Zero enrichment. Verified.')).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'Zero enrichment.' },
        { op: 'delete', text: '\n' },
        { op: 'insert', text: ' ' },
        { op: 'equal', text: 'Verified.' },
      ],
    });
  });

  it('judges similarity by words: long words do not outweigh short ones', () => {
    // Half the words are shared, though few of the letters are.
    expect(wordDiff('Accept internationalisation.', 'Accept decommissioning.')).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'Accept ' },
        { op: 'delete', text: 'internationalisation' },
        { op: 'insert', text: 'decommissioning' },
        { op: 'equal', text: '.' },
      ],
    });
    // Shared commas and a full stop say nothing about the words.
    expect(wordDiff('Yes, no, maybe.', 'Up, down, left.').replaced).toBe(true);
  });

  it('calls unrelated texts replaced, keeping their shared opening and ending plain', () => {
    expect(
      wordDiff('No enrichment on Iranian soil.', 'Sanctions must be lifted first, in full.'),
    ).toEqual({
      replaced: true,
      parts: [
        { op: 'delete', text: 'No enrichment on Iranian soil' },
        { op: 'insert', text: 'Sanctions must be lifted first, in full' },
        { op: 'equal', text: '.' },
      ],
    });
    expect(
      wordDiff(
        'Article 5: no enrichment on Iranian soil, whatever is offered. Signed in Geneva.',
        'Article 5: sanctions must be lifted first, in full and at once. Signed in Geneva.',
      ),
    ).toEqual({
      replaced: true,
      parts: [
        { op: 'equal', text: 'Article 5: ' },
        { op: 'delete', text: 'no enrichment on Iranian soil, whatever is offered' },
        { op: 'insert', text: 'sanctions must be lifted first, in full and at once' },
        { op: 'equal', text: '. Signed in Geneva.' },
      ],
    });
    expect(wordDiff('Same.', 'Same.')).toEqual({
      replaced: false,
      parts: [{ op: 'equal', text: 'Same.' }],
    });
  });

  it('always spells both texts back from its parts, and never strikes their shared ends', () => {
    const piece = fc.constantFrom(
      'enrichment',
      'uranium',
      'IAEA',
      'watch',
      'می\u200cخواهیم',
      'صلح',
      'העשרה',
      '5',
      ',',
      '.',
      '—',
      '(',
      ' ',
      '  ',
      '\n',
    );
    const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, text, text, (start, before, after, end) => {
        // The shared ends stop at a space, so they are whole words on both sides.
        const [opening, ending] = [`${start} `, ` ${end}`];
        const diff = wordDiff(opening + before + ending, opening + after + ending);
        const spell = (skip: 'insert' | 'delete') =>
          diff.parts
            .filter((p) => p.op !== skip)
            .map((p) => p.text)
            .join('');
        expect(spell('insert')).toBe(opening + before + ending);
        expect(spell('delete')).toBe(opening + after + ending);
        expect(diff.parts.every((p) => p.text !== '')).toBe(true);
        const equal = diff.parts.filter((p) => p.op === 'equal').map((p) => p.text);
        if (opening.trim()) expect(equal[0]!.startsWith(opening.trimEnd())).toBe(true);
        // "X." against "X X." can be read as an added word before or after the shared one;
        // the opening is matched first, so the ending is whole when the middles start apart.
        const firstToken = (t: string) =>
          /[\p{L}\p{M}\p{N}\u200c\u200d]+|[^\p{L}\p{M}\p{N}\s]/u.exec(t)?.[0];
        const apart = firstToken(before) && firstToken(after);
        if (ending.trim() && apart && firstToken(before) !== firstToken(after))
          expect(equal.at(-1)!.endsWith(ending.trimStart())).toBe(true);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  describe('long texts', () => {
    // A seeded generator (mulberry32), so every run compares the same texts.
    const seeded = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const WORDS =
      'the party will accept no limit on enrichment beyond agreed levels and insists that all stockpiles be shipped abroad under supervision'.split(
        ' ',
      );
    const MARKS = '.,;:!?()-–"/';
    const LENGTH = 200_000;
    const opening = 'Preamble: the parties, meeting in Muscat, agree as follows. ';
    const ending = ' Done at Geneva, in English, Persian and French.';
    const fill = (pick: () => string, length = LENGTH) => {
      const middle = length - opening.length - ending.length;
      let text = '';
      while (text.length < middle) text += pick();
      return opening + text.slice(0, middle) + ending;
    };
    const wordsText = (rand: () => number, length = LENGTH) =>
      fill(() => `${WORDS[Math.floor(rand() * WORDS.length)]} `, length);
    const marksText = (rand: () => number) =>
      fill(() =>
        rand() < 0.5
          ? MARKS[Math.floor(rand() * MARKS.length)]!
          : `${WORDS[Math.floor(rand() * WORDS.length)]!.slice(0, 3)}${rand() < 0.3 ? ' ' : ''}`,
      );
    /** `text` with about one word in `every` swapped for another, its ends left alone. */
    const edited = (rand: () => number, text: string, every: number) =>
      text
        .split(' ')
        .map((w, i, all) => (i > 20 && i < all.length - 20 && rand() < 1 / every ? 'altered' : w))
        .join(' ');
    const spells = (diff: TextDiff, before: string, after: string) => {
      const spell = (skip: string) =>
        diff.parts
          .filter((p) => p.op !== skip)
          .map((p) => p.text)
          .join('');
      expect(spell('insert')).toBe(before);
      expect(spell('delete')).toBe(after);
      expect(diff.parts[0]).toMatchObject({ op: 'equal' });
      expect(diff.parts[0]!.text.startsWith(opening)).toBe(true);
      expect(diff.parts.at(-1)).toMatchObject({ op: 'equal' });
      expect(diff.parts.at(-1)!.text.endsWith(ending)).toBe(true);
    };

    it.each([
      ['random words', wordsText],
      ['punctuation-heavy', marksText],
    ])('compares two unrelated 200,000-character texts (%s) as replaced', (_, make) => {
      const rand = seeded(11);
      const [before, after] = [make(rand), make(rand)];
      expect(before).toHaveLength(LENGTH);
      const diff = wordDiff(before, after);
      expect(diff.replaced).toBe(true);
      spells(diff, before, after);
    });

    it('compares two mostly equal 200,000-character texts, keeping the shared ends', () => {
      const rand = seeded(12);
      const before = wordsText(rand);
      const after = edited(rand, before, 400);
      const diff = wordDiff(before, after);
      spells(diff, before, after);
      // Within the budget the edits show one by one. (A machine too busy to finish within the
      // diff's time limit shows the pair replaced, also an answer, so that is not asserted.)
      if (!diff.replaced) {
        const inserted = diff.parts.filter((p) => p.op === 'insert');
        for (const part of inserted) expect(part.text).toMatch(/^\s*altered(\s+altered)*\s*$/);
      }
    });

    it('shows scattered edits in a long text one by one', () => {
      const rand = seeded(14);
      const before = wordsText(rand, 20_000);
      const after = edited(rand, before, 100);
      const diff = wordDiff(before, after);
      expect(diff.replaced).toBe(false);
      spells(diff, before, after);
      const inserted = diff.parts.filter((p) => p.op === 'insert');
      expect(inserted.length).toBeGreaterThan(10);
      for (const part of inserted) expect(part.text).toMatch(/^\s*altered(\s+altered)*\s*$/);
    });

    it('calls a pair replaced past its budget of edits, and remembers the verdict', () => {
      // Nine words in ten are shared, but a word diff would need thousands of edits.
      const rand = seeded(13);
      const before = wordsText(rand);
      const after = edited(rand, before, 10);
      const diff = cachedWordDiff('long|budget', before, after);
      expect(diff.replaced).toBe(true);
      spells(diff, before, after);
      expect(cachedWordDiff('long|budget', before, after)).toBe(diff);
    });
  });

  it('classifies a pair', () => {
    expect(classify(null, { text: 'a' })).toBe('new');
    expect(classify({ text: 'a' }, null)).toBe('dropped');
    expect(classify({ text: 'a' }, { text: 'a' })).toBe('unchanged');
    expect(classify({ text: 'a' }, { text: 'b' })).toBe('reworded');
  });
});

/** US (party 1), Iran (2), Israel (3, stakeholder); Enrichment (1), Missiles (2), Scope (3). */
async function scenario() {
  const { store, dispatch } = tempApp();
  await call(dispatch, 'negotiations:create', {
    title: 'Talks',
    parties: [
      { name: 'United States', shortCode: 'US', role: 'principal' },
      { name: 'Iran', shortCode: 'IR', role: 'principal' },
      { name: 'Israel', shortCode: 'IL', role: 'stakeholder' },
    ],
    issues: [{ title: 'Enrichment' }, { title: 'Missiles' }, { title: 'Scope' }],
  });
  const r1 = (
    await call(dispatch, 'rounds:create', { negotiationId: 1, sequence: 1, title: 'One' })
  ).id;
  const add = async (roundId: number, partyId: number, issueId: number, text: string, extra = {}) =>
    (await call(dispatch, 'positions:create', { roundId, partyId, issueId, text, ...extra })).id;
  const p = {
    usEnr: await add(r1, 1, 1, 'Iran may keep no enrichment at all.'),
    irEnr: await add(r1, 2, 1, 'Enrichment on Iranian soil continues.'),
    irMis: await add(r1, 2, 2, 'Missiles are settled.', { status: 'agreed' }),
    usMis: await add(r1, 1, 2, 'Iran caps missile production.'),
  };
  const r2 = (
    await call(dispatch, 'rounds:carryForward', {
      negotiationId: 1,
      sequence: 2,
      title: 'Two',
      fromRoundId: r1,
    })
  ).id;
  return { store, dispatch, r1, r2, p, add };
}

const positionIn = (
  store: ReturnType<typeof tempApp>['store'],
  roundId: number,
  previousId: number,
) =>
  store.get<{ id: number }>(
    'SELECT id FROM position WHERE round_id = ? AND previous_id = ?',
    roundId,
    previousId,
  )!.id;

describe('round against round', () => {
  it('matches through lineage and classifies every row', async () => {
    const { store, dispatch, r1, r2, p, add } = await scenario();
    const usEnr2 = positionIn(store, r2, p.usEnr);
    const irEnr2 = positionIn(store, r2, p.irEnr);
    const usMis2 = positionIn(store, r2, p.usMis);
    await call(dispatch, 'positions:update', {
      id: usEnr2,
      text: 'Iran may keep no enrichment at all, ever.',
      movement: 'hardened',
      status: 'countered',
    });
    await call(dispatch, 'positions:delete', { id: usMis2 });
    await call(dispatch, 'positions:link', { id: irEnr2, previousId: null });
    await add(r2, 3, 3, 'Any deal must cover missiles.');

    // Asked the other way round, the earlier round still comes first.
    const c = await call(dispatch, 'compare:rounds', { fromRoundId: r2, toRoundId: r1 });
    expect([c.from.sequence, c.to.sequence]).toEqual([1, 2]);
    const rows = c.rows.map((r) => [
      r.issueId,
      r.partyId,
      r.change,
      r.from?.id ?? null,
      r.to?.id ?? null,
    ]);
    expect(rows).toEqual([
      [1, 1, 'reworded', p.usEnr, usEnr2],
      [1, 2, 'new', null, irEnr2],
      [1, 2, 'dropped', p.irEnr, null],
      [2, 1, 'dropped', p.usMis, null],
      [2, 2, 'dropped', p.irMis, null],
      [3, 3, 'new', null, expect.any(Number)],
    ]);
    expect(c.counts).toEqual({ new: 2, dropped: 3, reworded: 1, unchanged: 0 });
    const reworded = c.rows[0]!;
    expect(reworded.diff).toEqual({
      replaced: false,
      parts: [
        { op: 'equal', text: 'Iran may keep no enrichment at all' },
        { op: 'insert', text: ', ever' },
        { op: 'equal', text: '.' },
      ],
    });
    expect(reworded.statusChange).toEqual({ from: 'on_the_table', to: 'countered' });
    expect(reworded.to?.movement).toBe('hardened');
  });

  it('follows lineage across the rounds in between', async () => {
    const { store, dispatch, r1, r2, p } = await scenario();
    const r3 = (
      await call(dispatch, 'rounds:carryForward', {
        negotiationId: 1,
        sequence: 3,
        title: 'Three',
        fromRoundId: r2,
      })
    ).id;
    const c = await call(dispatch, 'compare:rounds', { fromRoundId: r1, toRoundId: r3 });
    const usEnr3 = positionIn(store, r3, positionIn(store, r2, p.usEnr));
    expect(c.rows.find((r) => r.to?.id === usEnr3)).toMatchObject({
      change: 'unchanged',
      from: { id: p.usEnr },
    });
    expect(c.counts).toEqual({ new: 0, dropped: 1, reworded: 0, unchanged: 3 });
  });

  it('refuses rounds of different negotiations, or the same round twice', async () => {
    const { dispatch, r1 } = await scenario();
    await call(dispatch, 'negotiations:create', { title: 'Other' });
    const other = (
      await call(dispatch, 'rounds:create', { negotiationId: 2, sequence: 1, title: 'X' })
    ).id;
    expect(await dispatch('compare:rounds', { fromRoundId: r1, toRoundId: other })).toMatchObject({
      ok: false,
      error: { field: 'toRoundId' },
    });
    expect(await dispatch('compare:rounds', { fromRoundId: r1, toRoundId: r1 })).toMatchObject({
      ok: false,
    });
  });
});

describe('trajectory', () => {
  it('gives each issue and party a cell per round with its change marker', async () => {
    const { store, dispatch, r2, p, add } = await scenario();
    const usEnr2 = positionIn(store, r2, p.usEnr);
    await call(dispatch, 'positions:update', { id: usEnr2, movement: 'hardened' });
    const irEnr2 = positionIn(store, r2, p.irEnr);
    await call(dispatch, 'positions:update', { id: irEnr2, text: 'Enrichment continues, capped.' });
    await call(dispatch, 'positions:delete', { id: positionIn(store, r2, p.usMis) });
    await add(r2, 1, 3, 'Close the whole programme.');
    await add(r2, 1, 3, 'And ship out the stockpile.');

    const t = await call(dispatch, 'compare:trajectory', { negotiationId: 1, partyId: null });
    expect(t.rows).toHaveLength(9);
    const row = (issueId: number, partyId: number) =>
      t.rows
        .find((r) => r.issueId === issueId && r.partyId === partyId)!
        .cells.map((c) =>
          c === null || c === 'dropped' ? c : `${c[1]}${c[2] > 1 ? `×${c[2]}` : ''}`,
        );
    expect(row(1, 1)).toEqual(['new', 'hardened']);
    expect(row(1, 2)).toEqual(['new', 'reworded']);
    expect(row(2, 1)).toEqual(['new', 'dropped']);
    expect(row(2, 2)).toEqual(['new', null]); // agreed in round 1: not carried, not dropped
    expect(row(3, 1)).toEqual([null, 'new×2']);
    expect(row(3, 3)).toEqual([null, null]);

    const iran = await call(dispatch, 'compare:trajectory', { negotiationId: 1, partyId: 2 });
    expect(iran.parties.map((x) => x.name)).toEqual(['Iran']);
    expect(iran.rows.every((r) => r.partyId === 2)).toBe(true);
  });

  it('reads a window of rounds as the whole grid shows them: markers and drops at its edges', async () => {
    // The bench's negotiation: lineages across rounds, reworded, hardened, dropped.
    const app = tempApp();
    const g = generate(app.store, 'small');
    // A lineage that skips a round: its open position is not dropped in the gap, though what
    // continues it lies after a window ending there.
    const db = app.store.db;
    const skip = db
      .prepare(
        `SELECT s.id AS s, m.id AS m, m.previous_id AS p FROM position s
         JOIN position m ON m.id = s.previous_id JOIN position p ON p.id = m.previous_id
         WHERE s.round_id = ? AND p.status IN ('on_the_table', 'countered')
           AND (SELECT COUNT(*) FROM position o WHERE o.round_id = m.round_id
                AND o.party_id = m.party_id AND o.issue_id = m.issue_id) = 1
         LIMIT 1`,
      )
      .get(g.roundIds[4]) as { s: number; m: number; p: number };
    await call(app.dispatch, 'positions:delete', { id: skip.m });
    db.prepare('UPDATE position SET previous_id = ? WHERE id = ?').run(skip.p, skip.s);
    // And one dropped: the last round no longer continues an open position.
    await call(app.dispatch, 'positions:delete', {
      id: db
        .prepare(
          `SELECT s.id FROM position s JOIN position p ON p.id = s.previous_id
           WHERE s.round_id = ? AND p.status IN ('on_the_table', 'countered') LIMIT 1`,
        )
        .pluck()
        .get(g.roundIds[5]) as number,
    });
    const carried = app.store.db
      .prepare(
        "SELECT id FROM position WHERE round_id = ? AND previous_id IS NOT NULL AND movement = 'none'",
      )
      .pluck()
      .all(g.roundIds[2]) as number[];
    await call(app.dispatch, 'positions:update', {
      id: carried[0]!,
      text: 'Reworded for the test.',
    });
    const party = app.store.db.prepare('SELECT id FROM party LIMIT 1').pluck().get() as number;
    for (const partyId of [null, party]) {
      const whole = await call(app.dispatch, 'compare:trajectory', {
        negotiationId: g.negotiationId,
        partyId,
      });
      const n = whole.rounds.length;
      expect(whole.first).toBe(0);
      if (partyId === null) {
        // Every kind of cell is there to be got wrong, and the gap in the skipping lineage.
        const kinds = new Set(
          whole.rows.flatMap((r) => r.cells.map((c) => (Array.isArray(c) ? c[1] : c))),
        );
        expect([...kinds]).toEqual(
          expect.arrayContaining(['dropped', 'new', 'reworded', 'unchanged', 'hardened']),
        );
        const gap = db
          .prepare('SELECT issue_id AS issueId, party_id AS partyId FROM position WHERE id = ?')
          .get(skip.s) as { issueId: number; partyId: number };
        const row = whole.rows.find((r) => r.issueId === gap.issueId && r.partyId === gap.partyId);
        expect(row!.cells[3]).toBeNull();
        expect(row!.cells[4]).not.toBeNull();
      }
      for (let first = 0; first < n; first++) {
        for (let count = 1; first + count <= n + 1; count++) {
          const part = await call(app.dispatch, 'compare:trajectory', {
            negotiationId: g.negotiationId,
            partyId,
            window: { first, count },
          });
          expect(part.first).toBe(first);
          expect(part.rounds).toEqual(whole.rounds);
          expect(part.rows.map((r) => r.cells)).toEqual(
            whole.rows.map((r) => r.cells.slice(first, first + count)),
          );
        }
      }
      const latest = await call(app.dispatch, 'compare:trajectory', {
        negotiationId: g.negotiationId,
        partyId,
        window: { latest: 2 },
        preload: { rows: 3, rounds: 2 },
      });
      expect(latest.first).toBe(n - 2);
      expect(latest.rows.map((r) => r.cells)).toEqual(whole.rows.map((r) => r.cells.slice(-2)));
      const preloaded = latest.rows
        .slice(0, 3)
        .flatMap((r) => r.cells)
        .filter((c) => Array.isArray(c));
      expect(Object.keys(latest.excerpts).map(Number).sort()).toEqual(
        preloaded.map((c) => c[0]).sort(),
      );
    }
    await expect(
      call(app.dispatch, 'compare:trajectory', {
        negotiationId: g.negotiationId,
        partyId: null,
        window: { first: 0 } as never,
      }),
    ).rejects.toThrow(/window must name/);
  });

  it('opens a position’s lineage: every version, diffed, with its sources', async () => {
    const { store, dispatch, r2, p } = await scenario();
    const irEnr2 = positionIn(store, r2, p.irEnr);
    await call(dispatch, 'positions:update', {
      id: irEnr2,
      text: 'Enrichment on Iranian soil continues, capped.',
    });
    const source = await call(dispatch, 'sources:create', {
      negotiationId: 1,
      kind: 'interview',
      speaker: 'Araghchi',
    });
    await call(dispatch, 'citations:create', {
      sourceId: source.id,
      targetType: 'position',
      targetId: irEnr2,
    });
    for (const id of [p.irEnr, irEnr2]) {
      const l = await call(dispatch, 'compare:lineage', { positionId: id });
      expect(l.versions.map((v) => [v.round.sequence, v.position.id])).toEqual([
        [1, p.irEnr],
        [2, irEnr2],
      ]);
      expect(l.versions[0]!.diff).toBeNull();
      expect(l.versions[1]!.diff?.parts.filter((x) => x.op !== 'equal')).toEqual([
        { op: 'insert', text: ', capped' },
      ]);
      expect(l.versions[1]!.citations).toHaveLength(1);
      expect(l.sources.map((s) => s.speaker)).toEqual(['Araghchi']);
    }
  });
});

describe('party against party', () => {
  async function withRedLines() {
    const s = await scenario();
    const line = async (
      partyId: number,
      issueId: number,
      status: 'active' | 'softened' | 'abandoned' = 'active',
    ) =>
      (
        await call(s, 'redLines:create', {
          partyId,
          issueId,
          text: `Line ${partyId}/${issueId}`,
          status,
        })
      ).id;
    return {
      ...s,
      lines: {
        irEnr: await line(2, 1),
        usEnr: await line(1, 1),
        irMis: await line(2, 2, 'softened'),
      },
    };
  }

  it('finds open demands against another party’s active red line, and counts the verdicts', async () => {
    const { store, dispatch, r1, r2, p, lines } = await withRedLines();
    const pc = await call(dispatch, 'compare:parties', { roundId: r1 });
    // US enrichment demand × Iran's enrichment line, Iran's × the US line; the softened line and
    // the agreed missiles position raise nothing; nobody conflicts with their own line.
    expect(pc.pairs.map((x) => [x.positionId, x.redLineId])).toEqual([
      [p.usEnr, lines.irEnr],
      [p.irEnr, lines.usEnr],
    ]);
    expect(pc.counts).toEqual({ open: 2, confirmed: 0, cleared: 0 });
    // Red lines come in issue order, then party order.
    expect(pc.redLines.map((l) => l.id)).toEqual([lines.usEnr, lines.irEnr]);

    await call(dispatch, 'conflicts:assess', {
      positionId: p.usEnr,
      redLineId: lines.irEnr,
      verdict: 'conflicts',
      note: 'Head-on.',
    });
    await call(dispatch, 'conflicts:assess', {
      positionId: p.irEnr,
      redLineId: lines.usEnr,
      verdict: 'compatible',
    });
    const after = await call(dispatch, 'compare:parties', { roundId: r1 });
    expect(after.counts).toEqual({ open: 0, confirmed: 1, cleared: 1 });
    expect(after.pairs[0]).toMatchObject({ verdict: 'conflicts', note: 'Head-on.' });

    // Judgements travel with the demands carried into a new round; the overview's figure is
    // the latest round's.
    const r3 = (
      await call(dispatch, 'rounds:carryForward', {
        negotiationId: 1,
        sequence: 3,
        title: 'Three',
        fromRoundId: r1,
      })
    ).id;
    const detail = await call(dispatch, 'negotiations:get', { id: 1 });
    expect(detail.conflicts).toEqual({ roundId: r3, open: 0, confirmed: 1, cleared: 1 });
    expect(store.get('SELECT COUNT(*) AS n FROM conflict_assessment')).toEqual({ n: 4 });
    const earlier = await call(dispatch, 'compare:parties', { roundId: r2 });
    expect(earlier.counts).toEqual({ open: 2, confirmed: 0, cleared: 0 });

    await call(dispatch, 'conflicts:assess', {
      positionId: p.usEnr,
      redLineId: lines.irEnr,
      verdict: null,
    });
    expect((await call(dispatch, 'compare:parties', { roundId: r1 })).counts).toEqual({
      open: 1,
      confirmed: 0,
      cleared: 1,
    });
  });

  it('refuses a verdict on a pair that cannot conflict', async () => {
    const { dispatch, p, lines } = await withRedLines();
    expect(
      await dispatch('conflicts:assess', {
        positionId: p.usEnr,
        redLineId: lines.usEnr,
        verdict: 'conflicts',
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'redLineId' },
    });
    expect(
      await dispatch('conflicts:assess', {
        positionId: p.usMis,
        redLineId: lines.irEnr,
        verdict: 'conflicts',
      }),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('red-line drift', () => {
  it('lists each change of wording, status or date, diffed, and skips note-only edits', async () => {
    const { dispatch } = await scenario();
    const id = (
      await call(dispatch, 'redLines:create', {
        partyId: 2,
        issueId: 1,
        text: 'No limits on enrichment.',
        declaredDate: '2025',
      })
    ).id;
    await call(dispatch, 'redLines:update', { id, notes: 'Said twice.' });
    await call(dispatch, 'redLines:update', {
      id,
      text: 'No limits on enrichment below 20 percent.',
      status: 'softened',
    });
    await call(dispatch, 'redLines:update', { id, declaredDate: '2026-early' });
    const drift = await call(dispatch, 'compare:redLineDrift', { redLineId: id });
    expect(drift.versions.map((v) => [v.status, v.declaredDate])).toEqual([
      ['active', '2025'],
      ['softened', '2025'],
      ['softened', '2026-early'],
    ]);
    expect(drift.versions[1]!.diff?.parts.filter((x) => x.op !== 'equal')).toEqual([
      { op: 'insert', text: ' below 20 percent' },
    ]);
    expect(drift.versions[2]!.diff).toBeNull();
  });
});
