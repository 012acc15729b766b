// Scoped change events: each change names its negotiation and the tables it wrote, with the
// scope's undo state, so views reload only for what they show and the undo button needs no
// call.
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../shared/contract';
import { touches, ROUND_TABLES } from '../../renderer/src/lib/watch';
import { aNegotiation, aPosition, aRound, call, tempApp } from './helpers';

type Changed = EventPayloads['data:changed'];

function changes(app: ReturnType<typeof tempApp>): Changed[] {
  const seen: Changed[] = [];
  app.events.on((event) => {
    if (event.channel === 'data:changed') seen.push(event.payload as Changed);
  });
  return seen;
}

/** A negotiation with a round holding one position of each party. */
async function worked(app: ReturnType<typeof tempApp>) {
  const negotiation = await aNegotiation(app);
  const round = await aRound(app, negotiation);
  await aPosition(app, negotiation, round);
  await aPosition(app, negotiation, round, { partyId: negotiation.parties[1]!.id });
  return { n: negotiation.negotiation.id, round: await call(app, 'rounds:get', { id: round.id }) };
}

describe('change events', () => {
  it('name the negotiation, the tables written and the undo state after', async () => {
    const app = tempApp();
    const { n, round } = await worked(app);
    const seen = changes(app);
    const position = round.positions[0]!;
    await call(app, 'positions:update', { id: position.id, text: 'Reworded.' });
    expect(seen).toEqual([
      {
        negotiationId: n,
        tables: ['position'],
        undo: { undo: { label: expect.stringContaining('position') as string }, redo: null },
      },
    ]);
    await call(app, 'history:undo', { scopeId: n });
    expect(seen[1]).toMatchObject({ negotiationId: n, tables: ['position'] });
    expect(seen[1]!.undo!.redo).not.toBeNull();

    // Deleting a party deletes its positions (and people, red lines…) first: all are named.
    const party = round.positions[0]!.partyId;
    await call(app, 'parties:delete', { id: party });
    expect(new Set(seen[2]!.tables)).toEqual(new Set(['party', 'position']));
  });

  it('tell each view whether to reload', () => {
    const typed: Changed = { negotiationId: 7, tables: ['position'], undo: null };
    const negotiationLists = {
      negotiationId: () => 7,
      tables: ['negotiation', 'party', 'person', 'issue', 'round', 'source'],
    };
    expect(touches(typed, { negotiationId: () => 7, tables: ROUND_TABLES })).toBe(true);
    expect(touches(typed, negotiationLists)).toBe(false);
    expect(touches(typed, { negotiationId: () => 8, tables: ROUND_TABLES })).toBe(false);
    expect(touches(typed, { tables: ['marking'] })).toBe(false);
    expect(touches(typed, {})).toBe(true);
    // A library-level change (a negotiation deleted) reaches every negotiation's views.
    expect(touches({ ...typed, negotiationId: null, tables: ['party'] }, negotiationLists)).toBe(
      true,
    );
    // After a restore anything may have changed.
    expect(
      touches({ negotiationId: null, tables: null, undo: null }, { tables: ['marking'] }),
    ).toBe(true);
  });
});
