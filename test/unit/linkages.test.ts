// Linkages and packages: validation (kinds and their issues, this negotiation's party and issues,
// this round's positions), history and undo, carry forward with their positions, the comparison
// of two rounds, and the conflicts of a demanded linkage against a refusal or a red line.
import { describe, expect, it } from 'vitest';
import { compareLinkages, linkageConflicts } from '../../main/services/compare';
import { createSample } from '../../main/services/sample';
import type { Linkage } from '../../shared/domain';
import { aNegotiation, aPosition, aRound, call, checksum, tempApp } from './helpers';

async function setUp() {
  const app = tempApp();
  const n = await aNegotiation(app);
  const other = await aNegotiation(app, { title: 'Other talks' });
  const round = await aRound(app, n);
  const [us, ir] = n.parties;
  const [enrichment, sanctions] = n.issues;
  const usEnrichment = await aPosition(app, n, round);
  const usSanctions = await aPosition(app, n, round, {
    issueId: sanctions!.id,
    text: 'Relief only step by step.',
  });
  const irEnrichment = await aPosition(app, n, round, {
    partyId: ir!.id,
    text: 'Enrichment is our right.',
  });
  return {
    app,
    n,
    other,
    round,
    id: n.negotiation.id,
    us: us!,
    ir: ir!,
    enrichment: enrichment!,
    sanctions: sanctions!,
    usEnrichment,
    usSanctions,
    irEnrichment,
  };
}

describe('linkages', () => {
  it('records a linkage with its issues, positions and sources, shown with its round', async () => {
    const s = await setUp();
    const created = await call(s.app, 'linkages:create', {
      roundId: s.round.id,
      partyId: s.us.id,
      kind: 'exchange',
      statement: 'Relief in return for an end to enrichment.',
      issueIds: [s.sanctions.id, s.enrichment.id],
      positionIds: [s.usSanctions.id, s.usEnrichment.id],
    });
    // Issues come back in the negotiation's order; the status defaults to in force.
    expect(created).toMatchObject({
      status: 'in_force',
      previousId: null,
      issueIds: [s.enrichment.id, s.sanctions.id],
    });
    expect([...created.positionIds].sort()).toEqual([s.usEnrichment.id, s.usSanctions.id].sort());
    const source = await call(s.app, 'sources:create', {
      negotiationId: s.id,
      kind: 'press_report',
      outlet: 'Gazette',
      cite: { targetType: 'linkage', targetId: created.id, note: 'p. 4' },
    });
    const detail = await call(s.app, 'rounds:get', { id: s.round.id });
    expect(detail.linkages).toEqual([created]);
    expect(detail.citations).toContainEqual(
      expect.objectContaining({ sourceId: source.id, targetType: 'linkage', targetId: created.id }),
    );
    const results = await call(s.app, 'search:query', { query: 'relief return' });
    expect(results.groups.find((g) => g.kind === 'linkage')?.hits[0]).toMatchObject({
      id: created.id,
      round: { id: s.round.id },
      label: expect.stringMatching(/^Exchange linkage · In force/),
    });
  });

  it('refuses too few issues for its kind, and what is not this negotiation’s or this round’s, changing nothing', async () => {
    const s = await setUp();
    const later = await aRound(s.app, { ...s.n, rounds: [s.round] });
    const elsewhere = await aPosition(s.app, s.n, later);
    const before = checksum(s.app.store);
    const base = {
      roundId: s.round.id,
      partyId: s.us.id,
      kind: 'conditional',
      statement: 'No deal unless.',
      issueIds: [s.enrichment.id, s.sanctions.id],
    } as const;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ issueIds: [s.enrichment.id] }, 'issueIds', /at least two issues/],
      [{ kind: 'refusal', issueIds: [] }, 'issueIds', /Choose the issue/],
      [{ kind: 'bargain' }, 'kind', /Kind of linkage/],
      [{ statement: ' ' }, 'statement', /statement/i],
      [{ partyId: s.other.parties[0]!.id }, 'partyId', /another negotiation/],
      [{ issueIds: [s.enrichment.id, s.other.issues[0]!.id] }, 'issueIds', /another negotiation/],
      [{ positionIds: [elsewhere.id] }, 'positionIds', /another round/],
      [{ roundId: 999_999 }, 'roundId', /no longer exists|exist/i],
      [{ markingId: 999 }, 'markingId', /marking/i],
    ];
    for (const [change, field, message] of cases) {
      const result = await s.app.dispatch('linkages:create', { ...base, ...change });
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, error: { field } });
      expect(!result.ok && result.error.message, JSON.stringify(change)).toMatch(message);
    }
    // A position on an issue the linkage does not tie.
    const offIssue = await s.app.dispatch('linkages:create', {
      ...base,
      kind: 'refusal',
      issueIds: [s.sanctions.id],
      positionIds: [s.irEnrichment.id],
    });
    expect(offIssue).toMatchObject({ ok: false, error: { field: 'positionIds' } });
    expect(checksum(s.app.store)).toBe(before);

    const created = await call(s.app, 'linkages:create', {
      ...base,
      kind: 'refusal',
      issueIds: [...base.issueIds],
    });
    const afterCreate = checksum(s.app.store);
    // Turning a refusal on two issues into a refusal on one is fine; into an exchange on one is not.
    const one = await call(s.app, 'linkages:update', {
      id: created.id,
      issueIds: [s.enrichment.id],
    });
    expect(one.issueIds).toEqual([s.enrichment.id]);
    const exchange = await s.app.dispatch('linkages:update', { id: created.id, kind: 'exchange' });
    expect(exchange).toMatchObject({ ok: false, error: { field: 'issueIds' } });
    expect(checksum(s.app.store)).not.toBe(afterCreate);
  });

  it('keeps history of the row and its parts, and one undo takes back each change', async () => {
    const s = await setUp();
    const created = await call(s.app, 'linkages:create', {
      roundId: s.round.id,
      partyId: s.ir.id,
      kind: 'refusal',
      statement: 'Enrichment is not negotiable.',
      issueIds: [s.enrichment.id],
    });
    const before = await call(s.app, 'rounds:get', { id: s.round.id });
    await call(s.app, 'linkages:update', {
      id: created.id,
      status: 'withdrawn',
      positionIds: [s.irEnrichment.id],
    });
    const history = await call(s.app, 'history:forItem', { entity: 'linkage', id: created.id });
    expect(history[0]!.label).toMatch(/^Edit linkage “Enrichment is not negotiable/);
    expect(history.map((h) => `${h.op} ${h.what}`)).toEqual(
      expect.arrayContaining([
        'update Linkage',
        'create Position involved',
        'create Issue tied',
        'create Linkage',
      ]),
    );
    expect(history.find((h) => h.what === 'Issue tied')!.subject).toBe('Enrichment');
    expect(history.find((h) => h.op === 'update')!.changes).toContainEqual(
      expect.objectContaining({ label: 'Status', before: 'In force', after: 'Withdrawn' }),
    );
    await call(s.app, 'history:undo', { scopeId: s.id });
    expect(await call(s.app, 'rounds:get', { id: s.round.id })).toEqual(before);

    await call(s.app, 'linkages:delete', { id: created.id });
    expect((await call(s.app, 'rounds:get', { id: s.round.id })).linkages).toEqual([]);
    await call(s.app, 'history:undo', { scopeId: s.id });
    expect(await call(s.app, 'rounds:get', { id: s.round.id })).toEqual(before);

    // Deleting a position takes it out of the linkage; undo puts it back.
    await call(s.app, 'linkages:update', { id: created.id, positionIds: [s.irEnrichment.id] });
    const withPosition = await call(s.app, 'rounds:get', { id: s.round.id });
    await call(s.app, 'positions:delete', { id: s.irEnrichment.id });
    expect((await call(s.app, 'rounds:get', { id: s.round.id })).linkages[0]!.positionIds).toEqual(
      [],
    );
    await call(s.app, 'history:undo', { scopeId: s.id });
    expect(await call(s.app, 'rounds:get', { id: s.round.id })).toEqual(withPosition);
  });
});

describe('packages', () => {
  it('groups two or more of its party’s positions in the round, with history and undo', async () => {
    const s = await setUp();
    const base = {
      roundId: s.round.id,
      partyId: s.us.id,
      stance: 'demanded',
      title: 'The whole list',
    } as const;
    const before = checksum(s.app.store);
    for (const [positionIds, message] of [
      [[s.usEnrichment.id], /at least two positions/],
      [[s.usEnrichment.id, s.irEnrichment.id], /its own party/],
    ] as const) {
      const result = await s.app.dispatch('packages:create', { ...base, positionIds });
      expect(result).toMatchObject({ ok: false, error: { field: 'positionIds' } });
      expect(!result.ok && result.error.message).toMatch(message);
    }
    expect(checksum(s.app.store)).toBe(before);
    const created = await call(s.app, 'packages:create', {
      ...base,
      positionIds: [s.usEnrichment.id, s.usSanctions.id],
    });
    expect(created).toMatchObject({ stance: 'demanded', title: 'The whole list' });
    const withPackage = await call(s.app, 'rounds:get', { id: s.round.id });
    // Its party cannot change to one whose positions it does not hold.
    const moved = await s.app.dispatch('packages:update', { id: created.id, partyId: s.ir.id });
    expect(moved).toMatchObject({ ok: false, error: { field: 'positionIds' } });
    await call(s.app, 'packages:update', { id: created.id, stance: 'offered' });
    const history = await call(s.app, 'history:forItem', { entity: 'package', id: created.id });
    expect(history[0]!.changes).toContainEqual(
      expect.objectContaining({
        label: 'Offered or demanded',
        before: 'Demanded',
        after: 'Offered',
      }),
    );
    await call(s.app, 'history:undo', { scopeId: s.id });
    expect(await call(s.app, 'rounds:get', { id: s.round.id })).toEqual(withPackage);
    await call(s.app, 'packages:delete', { id: created.id });
    expect((await call(s.app, 'rounds:get', { id: s.round.id })).packages).toEqual([]);
  });
});

describe('carrying linkages forward', () => {
  it('copies linkages not withdrawn and packages with two carried positions, re-pointed to the copies', async () => {
    const s = await setUp();
    const dropped = await aPosition(s.app, s.n, s.round, {
      issueId: s.sanctions.id,
      text: 'Agreed already.',
      status: 'agreed',
    });
    const held = await call(s.app, 'linkages:create', {
      roundId: s.round.id,
      partyId: s.us.id,
      kind: 'exchange',
      statement: 'Relief for enrichment.',
      issueIds: [s.enrichment.id, s.sanctions.id],
      positionIds: [s.usEnrichment.id, dropped.id],
    });
    const source = await call(s.app, 'sources:create', {
      negotiationId: s.id,
      kind: 'press_report',
      outlet: 'Gazette',
      cite: { targetType: 'linkage', targetId: held.id },
    });
    await call(s.app, 'linkages:create', {
      roundId: s.round.id,
      partyId: s.ir.id,
      kind: 'refusal',
      status: 'withdrawn',
      statement: 'Once refused, no longer.',
      issueIds: [s.enrichment.id],
    });
    await call(s.app, 'packages:create', {
      roundId: s.round.id,
      partyId: s.us.id,
      stance: 'offered',
      title: 'Both',
      positionIds: [s.usEnrichment.id, s.usSanctions.id],
    });
    await call(s.app, 'packages:create', {
      roundId: s.round.id,
      partyId: s.us.id,
      stance: 'offered',
      title: 'Half carried',
      positionIds: [s.usEnrichment.id, dropped.id],
    });
    const next = await call(s.app, 'rounds:carryForward', {
      negotiationId: s.id,
      fromRoundId: s.round.id,
      sequence: 2,
      title: 'Round 2',
    });
    const detail = await call(s.app, 'rounds:get', { id: next.id });
    const copyOf = (id: number) => detail.positions.find((p) => p.previousId === id)!.id;
    expect(detail.linkages).toHaveLength(1);
    expect(detail.linkages[0]).toMatchObject({
      previousId: held.id,
      partyId: s.us.id,
      statement: 'Relief for enrichment.',
      issueIds: [s.enrichment.id, s.sanctions.id],
      // The agreed position was not carried, so the copy names only the carried one.
      positionIds: [copyOf(s.usEnrichment.id)],
    });
    expect(detail.citations).toContainEqual(
      expect.objectContaining({ sourceId: source.id, targetType: 'linkage' }),
    );
    expect(detail.packages.map((p) => p.title)).toEqual(['Both']);
    expect([...detail.packages[0]!.positionIds].sort()).toEqual(
      [copyOf(s.usEnrichment.id), copyOf(s.usSanctions.id)].sort(),
    );
    // One undo takes back the round and every copy.
    await call(s.app, 'history:undo', { scopeId: s.id });
    const after = await s.app.dispatch('rounds:get', { id: next.id });
    expect(after.ok).toBe(false);
  });
});

describe('linkages across rounds and parties', () => {
  const linkage = (over: Partial<Linkage> & Pick<Linkage, 'id'>): Linkage => ({
    roundId: 1,
    partyId: 1,
    kind: 'conditional',
    status: 'in_force',
    statement: 'No deal unless missiles are in.',
    notes: '',
    previousId: null,
    markingId: null,
    issueIds: [1, 2],
    positionIds: [],
    ...over,
  });

  it('matches by lineage, else by party, kind and issues; reports added, dropped and changed', () => {
    const from = [
      linkage({ id: 1 }),
      linkage({ id: 2, partyId: 2, kind: 'refusal', issueIds: [2] }),
      linkage({ id: 3, partyId: 2, kind: 'exchange', issueIds: [3, 4] }),
    ];
    const to = [
      // Carried, reworded and withdrawn.
      linkage({ id: 11, previousId: 1, statement: 'No deal unless missiles are in too.' }),
      // Entered afresh on the same party, kind and issues (in another order): the same linkage.
      linkage({ id: 12, partyId: 2, kind: 'refusal', issueIds: [2], status: 'proposed' }),
      linkage({ id: 13, partyId: 2, kind: 'refusal', issueIds: [5] }),
    ];
    const rows = compareLinkages(from, to);
    const summary = rows.map((r) => [r.change, r.from?.id ?? null, r.to?.id ?? null, r.fields]);
    expect(summary).toEqual([
      ['changed', 1, 11, ['statement']],
      ['changed', 2, 12, ['status']],
      ['added', null, 13, []],
      ['dropped', 3, null, []],
    ]);
    expect(rows[0]!.diff?.parts.some((p) => p.op === 'insert' && p.text.includes('too'))).toBe(
      true,
    );
    expect(compareLinkages([linkage({ id: 1 })], [linkage({ id: 2, issueIds: [2, 1] })])).toEqual([
      expect.objectContaining({ change: 'unchanged', fields: [] }),
    ]);
  });

  it('flags a demanded linkage against another party’s refusal or active red line on an issue it takes in', () => {
    const conflicts = linkageConflicts(
      [
        linkage({ id: 1, partyId: 1, issueIds: [1, 2] }),
        linkage({ id: 2, partyId: 2, kind: 'refusal', issueIds: [2] }),
        // The party's own refusal, and a withdrawn one, never count.
        linkage({ id: 3, partyId: 1, kind: 'refusal', issueIds: [1] }),
        linkage({ id: 4, partyId: 3, kind: 'refusal', issueIds: [1], status: 'withdrawn' }),
        // A withdrawn demand is not flagged.
        linkage({ id: 5, partyId: 1, status: 'withdrawn', issueIds: [2] }),
      ],
      [
        { id: 7, partyId: 2, issueId: 1, status: 'active' },
        { id: 8, partyId: 2, issueId: 2, status: 'abandoned' },
        { id: 9, partyId: 1, issueId: 2, status: 'active' },
      ],
    );
    expect(conflicts).toEqual([
      { linkageId: 1, issueId: 1, against: { type: 'redLine', redLineId: 7 } },
      { linkageId: 1, issueId: 2, against: { type: 'refusal', linkageId: 2 } },
    ]);
  });

  it('in the sample: the US “deal must include missiles” meets Iran’s “missiles are non-negotiable”', async () => {
    const app = tempApp();
    const id = createSample(app.store).id;
    const detail = await call(app, 'negotiations:get', { id });
    const [round1, round2] = detail.rounds;
    const board = await call(app, 'compare:parties', { roundId: round2!.id });
    const missiles = detail.issues.find((i) => i.title === 'Ballistic missiles')!;
    const code = (partyId: number) => detail.parties.find((p) => p.id === partyId)!.shortCode;
    const byId = new Map(board.linkages.map((l) => [l.id, l]));
    const flagged = board.linkageConflicts
      .filter((c) => c.issueId === missiles.id && c.against.type === 'refusal')
      .map((c) => `${code(byId.get(c.linkageId)!.partyId)} ${byId.get(c.linkageId)!.kind}`);
    expect(flagged).toEqual(['US conditional', 'IL conditional']);
    expect(
      board.linkageConflicts.some((c) => c.issueId === missiles.id && c.against.type === 'redLine'),
    ).toBe(true);
    const compared = await call(app, 'compare:rounds', {
      fromRoundId: round1!.id,
      toRoundId: round2!.id,
    });
    expect(compared.linkages.map((r) => `${r.change} ${code((r.to ?? r.from)!.partyId)}`)).toEqual(
      expect.arrayContaining(['changed IR', 'added IR', 'added US', 'added IL']),
    );
  });
});

describe('linkages in the briefs', () => {
  it('lists the linkages in force, with what they run into, in the round brief and the overview', async () => {
    const app = tempApp();
    const id = createSample(app.store).id;
    const detail = await call(app, 'negotiations:get', { id });
    const round2 = detail.rounds.at(-1)!;
    const round = await call(app, 'rounds:get', { id: round2.id });
    const usDeal = round.linkages.find((l) => l.kind === 'conditional')!;
    // A proposed one is not in force, and is left out.
    await call(app, 'linkages:create', {
      roundId: round2.id,
      partyId: usDeal.partyId,
      kind: 'refusal',
      status: 'proposed',
      statement: 'Floated only: detentions are off the table.',
      issueIds: [detail.issues.at(-1)!.id],
    });
    for (const kind of ['round', 'overview'] as const) {
      const job = await call(app, 'briefing:preview', {
        kind,
        negotiationId: id,
        roundId: round2.id,
        bottomLine: '',
      });
      const html = app.briefings.html(job.jobId)!;
      const plain = html.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' ');
      expect(plain, kind).toMatch(/Linkages in force/);
      expect(plain, kind).toContain('any agreement must include missiles and the proxies');
      expect(plain, kind).toContain('Missile capabilities are non-negotiable.');
      expect(plain, kind).toMatch(/IR refusal on Ballistic missiles/);
      expect(plain, kind).toContain('The six US demands');
      expect(plain, kind).not.toContain('Floated only');
    }
    // The comparison brief lists what changed between the rounds, as the Compare tab does.
    const job = await call(app, 'briefing:preview', {
      kind: 'comparison',
      negotiationId: id,
      fromRoundId: detail.rounds[0]!.id,
      toRoundId: round2.id,
      bottomLine: '',
      changesOnly: true,
    });
    const plain = app.briefings
      .html(job.jobId)!
      .replace(/<[^>]+>/g, '')
      .replace(/&[a-z]+;/g, ' ');
    expect(plain).toMatch(/Linkages/);
    expect(plain).toContain('Missile capabilities are non-negotiable.');
    expect(plain).toMatch(/Changed\s*statement/);
  });
});
