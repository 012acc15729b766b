// Developments: events between the rounds. Validation (kind, dates, parties and issues of this
// negotiation only, marking), the join rows set in one change, and history and undo of both.
import { describe, expect, it } from 'vitest';
import { developmentsBefore, timelineOf } from '../../shared/timeline';
import type { Development, Round } from '../../shared/domain';
import { aNegotiation, call, checksum, tempApp } from './helpers';

async function setUp() {
  const app = tempApp();
  const n = await aNegotiation(app);
  const other = await aNegotiation(app, { title: 'Other talks' });
  return { app, n, other, id: n.negotiation.id };
}

describe('developments', () => {
  it('records a development with its parties, issues and sources, in the negotiation', async () => {
    const { app, n, id } = await setUp();
    const created = await call(app, 'developments:create', {
      negotiationId: id,
      kind: 'military_signal',
      startDate: '2026-early',
      dateNote: 'Under a week after the talks.',
      title: 'A second carrier sails',
      summary: 'Prepares to deploy to the Gulf.',
      significance: 'high',
      partyIds: [n.parties[1]!.id, n.parties[0]!.id],
      issueIds: [n.issues[0]!.id],
    });
    // Parties come back in the negotiation's order, whatever order they were sent in.
    expect(created).toMatchObject({
      kind: 'military_signal',
      startDate: '2026-early',
      significance: 'high',
      markingId: null,
      partyIds: [n.parties[0]!.id, n.parties[1]!.id],
      issueIds: [n.issues[0]!.id],
    });
    const source = await call(app, 'sources:create', {
      negotiationId: id,
      kind: 'press_report',
      outlet: 'Gazette',
      cite: { targetType: 'development', targetId: created.id, note: 'p. 2' },
    });
    const detail = await call(app, 'negotiations:get', { id });
    expect(detail.developments.map((d) => d.title)).toEqual(['A second carrier sails']);
    expect(detail.citations).toContainEqual(
      expect.objectContaining({ sourceId: source.id, targetType: 'development', note: 'p. 2' }),
    );
    const again = await app.dispatch('citations:create', {
      sourceId: source.id,
      targetType: 'development',
      targetId: created.id,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a bad kind, a bad date, an end before the start and another negotiation’s party or issue, changing nothing', async () => {
    const { app, other, id } = await setUp();
    const before = checksum(app.store);
    const base = { negotiationId: id, kind: 'meeting', title: 'Meeting' } as const;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ kind: 'rumour' }, 'kind', /Kind/],
      [{ startDate: 'the day after' }, 'startDate', /Date/],
      [{ startDate: '2026-03-04', endDate: '2026-03-01' }, 'endDate', /before the start/],
      [{ significance: 'huge' }, 'significance', /Significance/],
      [{ title: '  ' }, 'title', /title/i],
      [{ partyIds: [other.parties[0]!.id] }, 'partyIds', /another negotiation/],
      [{ issueIds: [other.issues[0]!.id] }, 'issueIds', /another negotiation/],
      [{ issueIds: [999_999] }, 'issueIds', /no longer exists|not found|exist/i],
      [{ markingId: 999 }, 'markingId', /marking/i],
    ];
    for (const [change, field, message] of cases) {
      const result = await app.dispatch('developments:create', { ...base, ...change });
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, error: { field } });
      expect(!result.ok && result.error.message, JSON.stringify(change)).toMatch(message);
    }
    expect(checksum(app.store)).toBe(before);
    const created = await call(app, 'developments:create', base);
    const afterCreate = checksum(app.store);
    for (const [change, field] of [
      [{ endDate: '2020', startDate: '2026-05-01' }, 'endDate'],
      [{ partyIds: [other.parties[0]!.id] }, 'partyIds'],
      [{ kind: 'gossip' }, 'kind'],
    ] as const) {
      const result = await app.dispatch('developments:update', { id: created.id, ...change });
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, error: { field } });
    }
    expect(checksum(app.store)).toBe(afterCreate);
    // One date sent alone is checked against the other as stored.
    await call(app, 'developments:update', { id: created.id, startDate: '2026-05-01' });
    const alone = await app.dispatch('developments:update', { id: created.id, endDate: '2026-04' });
    expect(alone).toMatchObject({ ok: false, error: { field: 'endDate' } });
  });

  it('keeps history of the row and its parties, and one undo takes back each change', async () => {
    const { app, n, id } = await setUp();
    const created = await call(app, 'developments:create', {
      negotiationId: id,
      kind: 'statement',
      title: 'Adviser: missiles are not negotiable',
      partyIds: [n.parties[1]!.id],
    });
    const beforeEdit = await call(app, 'negotiations:get', { id });
    await call(app, 'developments:update', {
      id: created.id,
      significance: 'high',
      partyIds: [n.parties[0]!.id, n.parties[1]!.id],
      issueIds: [n.issues[1]!.id],
    });
    const history = await call(app, 'history:forItem', { entity: 'development', id: created.id });
    expect(history[0]!.label).toMatch(/^Edit development “Adviser: missiles are not/);
    const whats = history.map((h) => `${h.op} ${h.what}`);
    expect(whats).toEqual(
      expect.arrayContaining([
        'update Development',
        'create Party involved',
        'create Issue touched',
        'create Development',
      ]),
    );
    // A party involved is named in the history by the party's name.
    expect(history.find((h) => h.what === 'Party involved')!.subject).toBe(n.parties[0]!.name);
    expect(history.find((h) => h.op === 'update')!.changes).toContainEqual(
      expect.objectContaining({ label: 'Significance', before: 'Medium', after: 'High' }),
    );
    await call(app, 'history:undo', { scopeId: id });
    expect(await call(app, 'negotiations:get', { id })).toEqual(beforeEdit);

    await call(app, 'developments:delete', { id: created.id });
    expect((await call(app, 'negotiations:get', { id })).developments).toEqual([]);
    await call(app, 'history:undo', { scopeId: id });
    expect(await call(app, 'negotiations:get', { id })).toEqual(beforeEdit);
    const restored = await call(app, 'negotiations:get', { id });
    expect(restored.developments[0]!.partyIds).toEqual([n.parties[1]!.id]);
  });

  it('goes with the party or issue it names when that is deleted, and comes back on undo', async () => {
    const { app, n, id } = await setUp();
    const created = await call(app, 'developments:create', {
      negotiationId: id,
      kind: 'call',
      title: 'Leaders speak by phone',
      partyIds: [n.parties[0]!.id, n.parties[1]!.id],
      issueIds: [n.issues[0]!.id],
    });
    const before = await call(app, 'negotiations:get', { id });
    await call(app, 'parties:delete', { id: n.parties[1]!.id });
    const after = await call(app, 'negotiations:get', { id });
    expect(after.developments[0]!.partyIds).toEqual([n.parties[0]!.id]);
    await call(app, 'history:undo', { scopeId: id });
    expect(await call(app, 'negotiations:get', { id })).toEqual(before);
    expect(before.developments[0]!.partyIds).toEqual(created.partyIds);
    await call(app, 'issues:delete', { id: n.issues[0]!.id });
    expect((await call(app, 'negotiations:get', { id })).developments[0]!.issueIds).toEqual([]);
  });
});

describe('the timeline', () => {
  const round = (sequence: number, startDate: string | null, endDate: string | null = null) =>
    ({ id: sequence, sequence, startDate, endDate }) as Round;
  const dev = (id: number, startDate: string | null) =>
    ({ id, startDate, endDate: null }) as Development;

  it('orders rounds and developments by the earliest day their dates can stand for', () => {
    const entries = timelineOf(
      [round(2, '2026-early'), round(1, '2025-spring', '2025-06')],
      [dev(1, '2026-early'), dev(2, '2025-06'), dev(3, null), dev(4, '2025-04-10')],
    );
    expect(
      entries.map((e) => (e.type === 'round' ? `R${e.round.sequence}` : `D${e.development.id}`)),
    ).toEqual(['R1', 'D4', 'D2', 'R2', 'D1', 'D3']);
  });

  it('takes as "since the previous round" what falls from its end to this round’s start', () => {
    const devs = [
      dev(1, '2025-05'),
      dev(2, '2025-06'),
      dev(3, '2025-11-02'),
      dev(4, '2026-early'),
      dev(5, null),
    ];
    const ids = (list: Development[]) => list.map((d) => d.id);
    expect(
      ids(developmentsBefore(devs, round(2, '2026-early'), round(1, '2025-spring', '2025-06'))),
    ).toEqual([2, 3]);
    expect(ids(developmentsBefore(devs, round(1, '2025-spring'), null))).toEqual([]);
    expect(ids(developmentsBefore(devs, round(1, '2025-06-15'), null))).toEqual([1, 2]);
    expect(ids(developmentsBefore(devs, round(3, null), round(2, '2026-early')))).toEqual([]);
  });
});

describe('removing a development permanently', () => {
  it('previews and removes it with its parties, issues and citations, leaving no trace in history', async () => {
    const { app, n, id } = await setUp();
    const created = await call(app, 'developments:create', {
      negotiationId: id,
      kind: 'leak',
      title: 'Entered under the wrong marking',
      partyIds: [n.parties[0]!.id],
      issueIds: [n.issues[0]!.id],
    });
    await call(app, 'sources:create', {
      negotiationId: id,
      kind: 'leak',
      outlet: 'Cable',
      cite: { targetType: 'development', targetId: created.id },
    });
    const preview = await call(app, 'removal:preview', { entity: 'development', id: created.id });
    expect(JSON.stringify(preview)).toContain('Entered under the wrong marking');
    await call(app, 'removal:confirm', { entity: 'development', id: created.id });
    expect((await call(app, 'negotiations:get', { id })).developments).toEqual([]);
    const left = app.store.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM history WHERE entity LIKE 'development%' AND entity_id = ?`,
      created.id,
    );
    expect(left[0]!.n).toBe(0);
    expect(
      app.store.all(
        `SELECT 1 FROM history WHERE after LIKE '%wrong marking%' OR before LIKE '%wrong marking%'`,
      ),
    ).toEqual([]);
    // "Add development “Entered under the wrong…”" loses its quote too.
    expect(
      app.store.all(`SELECT label FROM change_set WHERE label LIKE '%Entered under%'`),
    ).toEqual([]);
  });
});

describe('searching developments', () => {
  const ids = (r: { groups: { kind: string; hits: { id: number }[] }[] }) =>
    r.groups.filter((g) => g.kind === 'development').flatMap((g) => g.hits.map((h) => h.id));

  it('finds a development by its words, filtered by any party or issue it names, kept in step', async () => {
    const { app, n, id } = await setUp();
    const [us, iran] = n.parties;
    const [enrichment, sanctions] = n.issues;
    const created = await call(app, 'developments:create', {
      negotiationId: id,
      kind: 'military_signal',
      startDate: '2026-02',
      title: 'Second carrier sails for the Gulf',
      summary: 'Strikes threatened.',
      significance: 'high',
      partyIds: [us!.id],
      issueIds: [enrichment!.id],
    });
    const search = (query: string, filters: Record<string, number | string> = {}) =>
      call(app, 'search:query', { query, negotiationId: id, ...filters });

    const found = await search('carrier');
    expect(ids(found)).toEqual([created.id]);
    const hit = found.groups.find((g) => g.kind === 'development')!.hits[0]!;
    expect(hit.label).toBe('Military signal · High significance · United States · February 2026');
    expect(ids(await search('strikes', { partyId: us!.id }))).toEqual([created.id]);
    expect(ids(await search('carrier', { partyId: iran!.id }))).toEqual([]);

    // Its parties and issues are its tags: changing them re-indexes it.
    await call(app, 'developments:update', {
      id: created.id,
      partyIds: [iran!.id],
      issueIds: [enrichment!.id, sanctions!.id],
    });
    expect(ids(await search('carrier', { partyId: iran!.id }))).toEqual([created.id]);
    expect(ids(await search('carrier', { partyId: us!.id }))).toEqual([]);
    expect(ids(await search('carrier', { issueId: sanctions!.id }))).toEqual([created.id]);

    await call(app, 'developments:update', { id: created.id, title: 'Second carrier turns back' });
    expect(ids(await search('sails'))).toEqual([]);
    expect(ids(await search('turns back'))).toEqual([created.id]);

    await call(app, 'developments:delete', { id: created.id });
    expect(ids(await search('carrier'))).toEqual([]);
    await call(app, 'history:undo', { scopeId: id });
    expect(ids(await search('carrier', { issueId: sanctions!.id }))).toEqual([created.id]);
  });
});
