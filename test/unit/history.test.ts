import { describe, expect, it } from 'vitest';
import type { Row } from '../../main/db/types';
import { checksum, tempApp, tempStore, call } from './helpers';

interface HistoryRow {
  change_id: number;
  entity: string;
  entity_id: number;
  op: string;
  before: string | null;
  after: string | null;
  at: string;
}

const historyOf = (rows: HistoryRow[]) =>
  rows.map((h) => ({
    entity: h.entity,
    op: h.op,
    before: h.before && (JSON.parse(h.before) as Row),
    after: h.after && (JSON.parse(h.after) as Row),
  }));

async function seed() {
  const { store, dispatch } = tempApp();
  const negotiation = await call(dispatch, 'negotiations:create', {
    title: 'Talks',
    parties: [
      { name: 'United States', shortCode: 'US', role: 'principal' },
      { name: 'Iran', shortCode: 'IR', role: 'principal' },
    ],
    issues: [{ title: 'Enrichment' }],
  });
  return { store, dispatch, negotiationId: negotiation.id };
}

describe('history', () => {
  it('records every row a change creates, with its values, under one change set', async () => {
    const { store } = await seed();
    const changes = store.all<{
      id: number;
      label: string;
      actor: string;
      scope_id: number | null;
    }>('SELECT id, label, actor, scope_id FROM change_set');
    expect(changes).toEqual([
      { id: 1, label: 'Create negotiation “Talks”', actor: 'tester', scope_id: null },
    ]);
    const rows = historyOf(store.all<HistoryRow>('SELECT * FROM history ORDER BY id'));
    expect(rows.map((r) => `${r.op} ${r.entity}`)).toEqual([
      'create negotiation',
      'create party',
      'create party',
      'create issue',
    ]);
    expect(rows[1]?.after).toMatchObject({ name: 'United States', short_code: 'US' });
    expect(rows.every((r) => r.before === null)).toBe(true);
    const at = store.all<{ at: string }>('SELECT at FROM history');
    expect(at.every((r) => /^\d{4}-\d\d-\d\dT/.test(r.at))).toBe(true);
  });

  it('records rounds and positions in their negotiation’s scope', async () => {
    const { store, dispatch, negotiationId } = await seed();
    const round = await call(dispatch, 'rounds:create', {
      negotiationId,
      sequence: 1,
      title: 'Muscat',
    });
    await call(dispatch, 'positions:create', {
      roundId: round.id,
      partyId: 1,
      issueId: 1,
      text: 'No enrichment.',
    });
    const last = store.all<HistoryRow & { scope_id: number; label: string }>(
      `SELECT h.*, c.scope_id, c.label FROM history h JOIN change_set c ON c.id = h.change_id
       WHERE c.id > 1 ORDER BY h.id`,
    );
    expect(last.map((h) => [h.entity, h.op, h.scope_id, h.label])).toEqual([
      ['round', 'create', negotiationId, 'Add round 1'],
      ['position', 'create', negotiationId, 'Add position in round 1'],
    ]);
    expect(JSON.parse(last[1]!.after!)).toMatchObject({ text: 'No enrichment.', kind: 'demand' });
  });

  it('records before and after of an update, and nothing for an update that changes nothing', () => {
    const store = tempStore();
    const id = store.write({ label: 'make', scopeId: null }, (w) =>
      w.insert('negotiation', { title: 'Old', summary: '' }),
    ).id as number;
    store.write({ label: 'rename', scopeId: null }, (w) =>
      w.update('negotiation', id, { title: 'New' }),
    );
    store.write({ label: 'same', scopeId: null }, (w) =>
      w.update('negotiation', id, { title: 'New' }),
    );
    const rows = historyOf(store.all<HistoryRow>('SELECT * FROM history ORDER BY id'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      op: 'update',
      before: { title: 'Old' },
      after: { title: 'New' },
    });
    expect(store.all('SELECT label FROM change_set')).toEqual([
      { label: 'make' },
      { label: 'rename' },
    ]);
  });

  it('records each dependent row a delete removes or detaches', async () => {
    const { store, dispatch, negotiationId } = await seed();
    const r1 = await call(dispatch, 'rounds:create', { negotiationId, sequence: 1, title: 'A' });
    const r2 = await call(dispatch, 'rounds:create', { negotiationId, sequence: 2, title: 'B' });
    const p1 = await call(dispatch, 'positions:create', {
      roundId: (r1 as { id: number }).id,
      partyId: 1,
      issueId: 1,
      text: 'First.',
    });
    store.write({ label: 'link', scopeId: negotiationId }, (w) =>
      w.insert('position', {
        round_id: (r2 as { id: number }).id,
        party_id: 1,
        issue_id: 1,
        text: 'Second.',
        kind: 'demand',
        status: 'on_the_table',
        previous_id: p1.id,
        sort_order: 1,
      }),
    );
    const before = store.get<{ n: number }>('SELECT MAX(id) AS n FROM history')!.n;
    store.write({ label: 'Delete round 1', scopeId: negotiationId }, (w) =>
      w.remove('round', (r1 as { id: number }).id),
    );
    const rows = historyOf(
      store.all<HistoryRow>('SELECT * FROM history WHERE id > ? ORDER BY id', before),
    );
    expect(rows.map((r) => `${r.op} ${r.entity}`)).toEqual([
      'update position', // the round-2 position loses its link to the deleted one
      'delete position',
      'delete round',
    ]);
    expect(rows[0]).toMatchObject({ before: { previous_id: p1.id }, after: { previous_id: null } });
    expect(store.all('SELECT id FROM round')).toEqual([{ id: (r2 as { id: number }).id }]);
  });

  it('writes nothing at all when the change fails part-way', () => {
    const store = tempStore();
    const digest = checksum(store);
    expect(() =>
      store.write({ label: 'doomed', scopeId: null }, (w) => {
        w.insert('negotiation', { title: 'Half' });
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(checksum(store)).toBe(digest);
  });

  it('records each inserted row as SQLite stores it, reading it back only when it must', () => {
    const store = tempStore();
    const stored = (table: string, id: number) =>
      JSON.stringify(store.get(`SELECT * FROM ${table} WHERE id = ?`, id));
    const recorded = (id: number) =>
      store.get<{ after: string }>(
        "SELECT after FROM history WHERE entity = 'negotiation' AND entity_id = ?",
        id,
      )!.after;
    store.write({ label: 'rows', scopeId: null }, (w) => {
      // Some columns left to their defaults: read back.
      const some = w.insert('negotiation', { title: 'Some' });
      // Every column given, each of its column's kind: taken as given, in the table's order.
      const every = w.insert('negotiation', { ...some, id: some.id + 1, title: 'Every' });
      // Every column, but a number where the column holds text: read back, as the text stored.
      const converted = w.insert('negotiation', {
        ...some,
        id: some.id + 2,
        title: 12 as unknown as string,
      });
      // better-sqlite3 binds a number as a real: the text is "12.0".
      expect(converted.title).toBe('12.0');
      for (const row of [some, every, converted]) {
        expect(JSON.stringify(row)).toBe(stored('negotiation', row.id));
      }
    });
    for (const row of store.all<{ id: number }>('SELECT id FROM negotiation')) {
      expect(recorded(row.id)).toBe(stored('negotiation', row.id));
    }
  });

  it('refuses a column that is not in the table', () => {
    const store = tempStore();
    expect(() =>
      store.write({ label: 'bad', scopeId: null }, (w) =>
        // Typed callers cannot name a wrong column; this proves the runtime check behind it.
        w.insert('negotiation', { title: 'x', 'title) VALUES (1); --': 'y' } as Row),
      ),
    ).toThrow(/Unknown column/);
  });
});
