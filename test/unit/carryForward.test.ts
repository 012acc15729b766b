import { describe, expect, it } from 'vitest';
import { tempApp, value } from './helpers';

async function roundWithCitedPosition() {
  const app = tempApp();
  const { dispatch, store } = app;
  value(
    await dispatch('negotiations:create', {
      title: 'Talks',
      parties: [
        { name: 'United States', shortCode: 'US', role: 'principal' },
        { name: 'Iran', shortCode: 'IR', role: 'principal' },
      ],
      issues: [{ title: 'Enrichment' }],
    }),
  );
  const r1 = value(
    await dispatch('rounds:create', { negotiationId: 1, sequence: 1, title: 'One' }),
  ) as { id: number };
  const position = value(
    await dispatch('positions:create', {
      roundId: r1.id,
      partyId: 1,
      issueId: 1,
      text: 'Zero enrichment.',
    }),
  ) as { id: number };
  const sources = [];
  for (const outlet of ['Reuters', 'IRNA']) {
    const s = value(
      await dispatch('sources:create', { negotiationId: 1, kind: 'press_report', outlet }),
    ) as { id: number };
    value(
      await dispatch('citations:create', {
        sourceId: s.id,
        targetType: 'position',
        targetId: position.id,
        note: `para ${outlet.length}`,
      }),
    );
    sources.push(s.id);
  }
  const citedBy = (positionId: number) =>
    store.all<{ source_id: number; note: string }>(
      'SELECT source_id, note FROM citation WHERE position_id = ? ORDER BY source_id',
      positionId,
    );
  const carried = (roundId: number) =>
    store.get<{ id: number }>(
      'SELECT id FROM position WHERE round_id = ? AND previous_id = ?',
      roundId,
      position.id,
    )!.id;
  return { dispatch, store, r1: r1.id, position: position.id, sources, citedBy, carried };
}

describe('carrying positions forward', () => {
  it('keeps the sources they cite, with their notes, by default', async () => {
    const t = await roundWithCitedPosition();
    const r2 = value(
      await t.dispatch('rounds:carryForward', {
        negotiationId: 1,
        sequence: 2,
        title: 'Two',
        fromRoundId: t.r1,
      }),
    ) as { id: number };
    const copy = t.carried(r2.id);
    expect(t.citedBy(copy)).toEqual(t.citedBy(t.position));
    expect(t.citedBy(copy)).toHaveLength(2);
    // One undo takes the round, its positions and their citations away together.
    value(await t.dispatch('history:undo', { scopeId: 1 }));
    expect(t.store.get('SELECT COUNT(*) AS n FROM citation')).toEqual({ n: 2 });
  });

  it('leaves them behind when asked', async () => {
    const t = await roundWithCitedPosition();
    const r2 = value(
      await t.dispatch('rounds:carryForward', {
        negotiationId: 1,
        sequence: 2,
        title: 'Two',
        fromRoundId: t.r1,
        keepCitations: false,
      }),
    ) as { id: number };
    expect(t.citedBy(t.carried(r2.id))).toEqual([]);
    expect(t.citedBy(t.position)).toHaveLength(2);
  });
});
