import { describe, expect, it } from 'vitest';
import { checksum, tempApp, call } from './helpers';

type Dispatch = ReturnType<typeof tempApp>['dispatch'];

async function setUp() {
  const app = tempApp();
  const { dispatch } = app;
  const make = async (title: string, parties: string[]) =>
    (
      await call(dispatch, 'negotiations:create', {
        title,
        parties: parties.map((name) => ({
          name,
          shortCode: name.slice(0, 2).toUpperCase(),
          role: 'principal',
        })),
        issues: [{ title: 'Enrichment' }, { title: 'Missiles' }],
      })
    ).id;
  const a = await make('A talks', ['United States', 'Iran']); // parties 1, 2; issues 1, 2
  const b = await make('B talks', ['Oman']); // party 3; issues 3, 4
  return { ...app, a, b };
}

const refusal = async (dispatch: Dispatch, channel: string, input: unknown) => {
  const result = await dispatch(channel, input);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  return result.error;
};

describe('editing a negotiation', () => {
  it('refuses duplicate party names and codes, and duplicate issues, naming the field', async () => {
    const { dispatch, a } = await setUp();
    expect(
      await refusal(dispatch, 'parties:create', {
        negotiationId: a,
        name: 'iran',
        shortCode: 'X',
        role: 'observer',
      }),
    ).toEqual({
      code: 'invalid_input',
      field: 'name',
      message: 'Another party is already called “iran”.',
    });
    expect(await refusal(dispatch, 'parties:update', { id: 1, shortCode: 'IR' })).toMatchObject({
      field: 'shortCode',
    });
    expect(await refusal(dispatch, 'issues:update', { id: 2, title: 'ENRICHMENT' })).toMatchObject({
      field: 'title',
      message: 'Another issue is already called “ENRICHMENT”.',
    });
    // The same name in another negotiation is fine.
    await call(dispatch, 'parties:create', {
      negotiationId: a,
      name: 'Oman',
      shortCode: 'OM',
      role: 'mediator',
    });
    // Renaming a party to its own name (other case) is fine too.
    await call(dispatch, 'parties:update', { id: 1, name: 'UNITED STATES' });
  });

  it('refuses over-long and empty text', async () => {
    const { dispatch, a } = await setUp();
    expect(
      await refusal(dispatch, 'parties:create', {
        negotiationId: a,
        name: 'x'.repeat(201),
        shortCode: 'X',
        role: 'observer',
      }),
    ).toMatchObject({
      field: 'name',
      message: 'Party name must be at most 200 characters.',
    });
    expect(await refusal(dispatch, 'negotiations:update', { id: a, title: '  ' })).toMatchObject({
      field: 'title',
      message: 'Title is required.',
    });
  });

  it('reorders parties and issues, refusing an order that misses or adds one', async () => {
    const { store, dispatch, a } = await setUp();
    await call(dispatch, 'issues:reorder', { negotiationId: a, ids: [2, 1] });
    expect(
      store.all('SELECT id FROM issue WHERE negotiation_id = ? ORDER BY sort_order', a),
    ).toEqual([{ id: 2 }, { id: 1 }]);
    const before = checksum(store);
    expect(
      await refusal(dispatch, 'parties:reorder', { negotiationId: a, ids: [2] }),
    ).toMatchObject({ field: 'ids' });
    expect(
      await refusal(dispatch, 'parties:reorder', { negotiationId: a, ids: [2, 3] }),
    ).toMatchObject({ field: 'ids' });
    expect(
      await refusal(dispatch, 'parties:reorder', { negotiationId: a, ids: [1, 1] }),
    ).toMatchObject({ field: 'ids' });
    expect(checksum(store)).toBe(before);
  });

  it('keeps people per party, refusing a duplicate name in the same party', async () => {
    const { dispatch } = await setUp();
    await call(dispatch, 'people:create', {
      partyId: 1,
      name: 'Steve Witkoff',
      title: 'Special envoy',
    });
    await call(dispatch, 'people:create', { partyId: 2, name: 'Steve Witkoff' });
    expect(
      await refusal(dispatch, 'people:create', { partyId: 1, name: 'steve witkoff' }),
    ).toMatchObject({ field: 'name' });
  });
});

describe('rounds', () => {
  it('checks dates against what is stored when only one is edited', async () => {
    const { dispatch, a } = await setUp();
    const r = await call(dispatch, 'rounds:create', {
      negotiationId: a,
      sequence: 1,
      title: 'R',
      startDate: '2026-02-14',
    });
    expect(
      await refusal(dispatch, 'rounds:update', { id: r.id, endDate: '2026-01' }),
    ).toMatchObject({
      field: 'endDate',
      message: 'End date is before the start date.',
    });
    await call(dispatch, 'rounds:update', { id: r.id, endDate: '2026-02-15' });
    expect(
      await refusal(dispatch, 'rounds:update', { id: r.id, startDate: '2026-03' }),
    ).toMatchObject({
      field: 'startDate',
      message: 'Start date is after the end date.',
    });
  });

  it('takes participants only from the negotiation’s own people', async () => {
    const { dispatch, a } = await setUp();
    await call(dispatch, 'people:create', { partyId: 1, name: 'Witkoff' }); // 1
    await call(dispatch, 'people:create', { partyId: 3, name: 'Busaidi' }); // 2, in B
    const r = await call(dispatch, 'rounds:create', { negotiationId: a, sequence: 1, title: 'R' });
    expect(
      await refusal(dispatch, 'rounds:update', { id: r.id, participantIds: [1, 2] }),
    ).toMatchObject({
      field: 'participantIds',
    });
    const updated = await call(dispatch, 'rounds:update', { id: r.id, participantIds: [1] });
    expect(updated).toMatchObject({ participantIds: [1] });
    expect(await call(dispatch, 'rounds:update', { id: r.id, participantIds: [] })).toMatchObject({
      participantIds: [],
    });
  });

  it('reorders rounds keeping their numbers, and history shows the net move', async () => {
    const { store, dispatch, a } = await setUp();
    for (const [sequence, title] of [
      [1, 'One'],
      [2, 'Two'],
      [5, 'Five'],
    ] as const) {
      await call(dispatch, 'rounds:create', { negotiationId: a, sequence, title });
    }
    await call(dispatch, 'rounds:reorder', { negotiationId: a, ids: [3, 1, 2] });
    expect(store.all('SELECT title, sequence FROM round ORDER BY sequence')).toEqual([
      { title: 'Five', sequence: 1 },
      { title: 'One', sequence: 2 },
      { title: 'Two', sequence: 5 },
    ]);
    const entries = await call(dispatch, 'history:forItem', { entity: 'round', id: 3 });
    expect(entries[0]).toMatchObject({
      label: 'Reorder rounds',
      changes: [{ label: 'Sequence', before: '5', after: '1' }],
    });
    expect(await refusal(dispatch, 'rounds:update', { id: 1, sequence: 5 })).toMatchObject({
      field: 'sequence',
      message: 'Round 5 already exists in this negotiation.',
    });
  });

  it('carries forward only from a round of the same negotiation, into a later one', async () => {
    const { dispatch, a, b } = await setUp();
    const r1 = await call(dispatch, 'rounds:create', { negotiationId: a, sequence: 3, title: 'R' });
    expect(
      await refusal(dispatch, 'rounds:carryForward', {
        negotiationId: b,
        sequence: 4,
        title: 'X',
        fromRoundId: r1.id,
      }),
    ).toMatchObject({
      field: 'fromRoundId',
    });
    expect(
      await refusal(dispatch, 'rounds:carryForward', {
        negotiationId: a,
        sequence: 2,
        title: 'X',
        fromRoundId: r1.id,
      }),
    ).toMatchObject({
      field: 'sequence',
      message: 'The new round must come after round 3.',
    });
  });
});

describe('lineage', () => {
  async function twoRounds() {
    const app = await setUp();
    const { dispatch, a } = app;
    const r1 = await call(dispatch, 'rounds:create', {
      negotiationId: a,
      sequence: 1,
      title: 'R1',
    });
    const r2 = await call(dispatch, 'rounds:create', {
      negotiationId: a,
      sequence: 2,
      title: 'R2',
    });
    const pos = async (roundId: number, partyId: number, issueId: number, text: string) =>
      (await call(dispatch, 'positions:create', { roundId, partyId, issueId, text })).id;
    return {
      ...app,
      old: await pos(r1.id, 1, 1, 'No enrichment.'),
      otherParty: await pos(r1.id, 2, 1, 'Keep enrichment.'),
      later: await pos(r2.id, 1, 1, 'No enrichment at all.'),
    };
  }

  it('links a position by hand to the same party’s position on the same issue in an earlier round', async () => {
    const { dispatch, old, later } = await twoRounds();
    const candidates = await call(dispatch, 'positions:linkCandidates', { id: later });
    expect(candidates).toEqual([expect.objectContaining({ id: old, roundSequence: 1 })]);
    expect(await call(dispatch, 'positions:link', { id: later, previousId: old })).toMatchObject({
      previousId: old,
    });
    const round = await call(dispatch, 'rounds:get', { id: 2 });
    expect(round.predecessors).toEqual([
      expect.objectContaining({ id: old, text: 'No enrichment.' }),
    ]);
    expect(await call(dispatch, 'positions:link', { id: later, previousId: null })).toMatchObject({
      previousId: null,
    });
  });

  it('refuses a link to another party, to a later round, or to itself', async () => {
    const { store, dispatch, old, otherParty, later } = await twoRounds();
    const before = checksum(store);
    for (const [id, previousId] of [
      [later, otherParty],
      [old, later],
      [later, later],
    ]) {
      expect(await refusal(dispatch, 'positions:link', { id, previousId })).toMatchObject({
        field: 'previousId',
      });
    }
    expect(checksum(store)).toBe(before);
  });
});

describe('red lines and sources', () => {
  it('keep red lines and citations inside one negotiation', async () => {
    const { dispatch, a } = await setUp();
    await call(dispatch, 'people:create', { partyId: 3, name: 'Busaidi' });
    expect(
      await refusal(dispatch, 'redLines:create', { partyId: 1, issueId: 3, text: 'x' }),
    ).toMatchObject({ field: 'issueId' });
    expect(
      await refusal(dispatch, 'redLines:create', {
        partyId: 1,
        issueId: 1,
        text: 'x',
        declaredByPersonId: 1,
      }),
    ).toMatchObject({
      field: 'declaredByPersonId',
    });
    const line = await call(dispatch, 'redLines:create', {
      partyId: 1,
      issueId: 1,
      text: 'No enrichment.',
      declaredDate: '2025-spring',
    });
    expect(line.status).toBe('active');
    const source = await call(dispatch, 'sources:create', {
      negotiationId: a,
      kind: 'interview',
      speaker: 'Araghchi',
    });
    await call(dispatch, 'citations:create', {
      sourceId: source.id,
      targetType: 'redLine',
      targetId: line.id,
    });
    expect(
      await refusal(dispatch, 'citations:create', {
        sourceId: source.id,
        targetType: 'redLine',
        targetId: line.id,
      }),
    ).toMatchObject({
      code: 'conflict',
      message: 'This source is already cited here.',
    });
    expect(
      await refusal(dispatch, 'sources:create', { negotiationId: a, kind: 'leak' }),
    ).toMatchObject({ field: 'outlet' });
    const detail = await call(dispatch, 'negotiations:get', { id: a });
    expect(detail.sources[0]?.citationCount).toBe(1);
    expect(detail.citations).toHaveLength(1);
  });

  it('create and cite a new source in one change, which one undo takes back', async () => {
    const { store, dispatch, a } = await setUp();
    const r = await call(dispatch, 'rounds:create', { negotiationId: a, sequence: 1, title: 'R' });
    const before = checksum(store);
    const source = await call(dispatch, 'sources:create', {
      negotiationId: a,
      kind: 'interview',
      speaker: 'Araghchi',
      cite: { targetType: 'round', targetId: r.id, note: 'min 12' },
    });
    expect(source.citationCount).toBe(1);
    expect(await call(dispatch, 'history:state', { scopeId: a })).toMatchObject({
      undo: { label: 'Add and cite source “Araghchi”' },
    });
    await call(dispatch, 'history:undo', { scopeId: a });
    expect(store.all('SELECT id FROM source')).toEqual([]);
    expect(store.all('SELECT id FROM citation')).toEqual([]);
    expect(
      await refusal(dispatch, 'sources:create', {
        negotiationId: a,
        kind: 'leak',
        outlet: 'X',
        cite: { targetType: 'position', targetId: 999 },
      }),
    ).toMatchObject({ field: 'targetId' });
    expect(checksum(store)).not.toBe(before); // the undo itself is recorded
  });

  it('keep a red line’s wording history, so drift stays visible', async () => {
    const { dispatch } = await setUp();
    const line = await call(dispatch, 'redLines:create', {
      partyId: 2,
      issueId: 1,
      text: 'No limits on enrichment.',
    });
    await call(dispatch, 'redLines:update', {
      id: line.id,
      text: 'Enrichment may be capped, never ended.',
      status: 'softened',
    });
    const history = await call(dispatch, 'history:forItem', { entity: 'red_line', id: line.id });
    expect(history[0]?.changes).toEqual([
      {
        field: 'text',
        label: 'Text',
        before: 'No limits on enrichment.',
        after: 'Enrichment may be capped, never ended.',
      },
      { field: 'status', label: 'Status', before: 'Active', after: 'Softened' },
    ]);
  });
});
