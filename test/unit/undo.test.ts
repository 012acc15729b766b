import { describe, expect, it } from 'vitest';
import { openApp } from '../../main/app';
import type { Store } from '../../main/db/store';
import { textHash } from '../../main/db/textHash';
import { checksum, tempApp, TEST_KEY, value, call } from './helpers';

type Dispatch = ReturnType<typeof tempApp>['dispatch'];

async function negotiation(dispatch: Dispatch) {
  const n = await call(dispatch, 'negotiations:create', {
    title: 'Talks',
    parties: [
      { name: 'United States', shortCode: 'US', role: 'principal' },
      { name: 'Iran', shortCode: 'IR', role: 'principal' },
    ],
    issues: [{ title: 'Enrichment' }, { title: 'Missiles' }],
  });
  return n.id;
}

const state = async (dispatch: Dispatch, scopeId: number | null) =>
  await call(dispatch, 'history:state', { scopeId });

describe('undo and redo', () => {
  it('undo a delete by restoring every dependent row exactly, and redo it', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    const r1 = await call(dispatch, 'rounds:create', { negotiationId: n, sequence: 1, title: 'A' });
    const p1 = await call(dispatch, 'positions:create', {
      roundId: r1.id,
      partyId: 1,
      issueId: 1,
      text: 'Zero enrichment.',
    });
    await call(dispatch, 'people:create', { partyId: 1, name: 'Steve Witkoff', title: 'Envoy' });
    await call(dispatch, 'rounds:update', { id: r1.id, participantIds: [1] });
    const source = await call(dispatch, 'sources:create', {
      negotiationId: n,
      kind: 'press_report',
      outlet: 'Paper',
    });
    await call(dispatch, 'citations:create', {
      sourceId: source.id,
      targetType: 'position',
      targetId: p1.id,
    });
    await call(dispatch, 'redLines:create', {
      partyId: 1,
      issueId: 1,
      text: 'No enrichment.',
      declaredByPersonId: 1,
    });
    const r2 = await call(dispatch, 'rounds:carryForward', {
      negotiationId: n,
      sequence: 2,
      title: 'B',
      fromRoundId: r1.id,
    });
    const beforeDelete = checksumOfData(store);

    // Deleting the party takes its people, positions (in both rounds), participants,
    // citations and red lines with it.
    await call(dispatch, 'parties:delete', { id: 1 });
    expect(store.get('SELECT COUNT(*) AS n FROM position')).toEqual({ n: 0 });
    expect(store.get('SELECT COUNT(*) AS n FROM red_line')).toEqual({ n: 0 });
    expect((await state(dispatch, n)).undo?.label).toBe('Delete party “United States”');

    const afterUndo = await call(dispatch, 'history:undo', { scopeId: n });
    expect(afterUndo).toMatchObject({ redo: { label: 'Delete party “United States”' } });
    expect(checksumOfData(store)).toBe(beforeDelete);
    const carried = store.get<{ previous_id: number }>(
      'SELECT previous_id FROM position WHERE round_id = ?',
      r2.id,
    );
    expect(carried?.previous_id).toBe(p1.id);

    await call(dispatch, 'history:redo', { scopeId: n });
    expect(store.get('SELECT COUNT(*) AS n FROM position')).toEqual({ n: 0 });
    await call(dispatch, 'history:undo', { scopeId: n });
    expect(checksumOfData(store)).toBe(beforeDelete);
  });

  it('undo a carry-forward in one step: the round and every copied position go', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    const r1 = await call(dispatch, 'rounds:create', { negotiationId: n, sequence: 1, title: 'A' });
    for (const [partyId, issueId, status] of [
      [1, 1, 'on_the_table'],
      [2, 1, 'countered'],
      [1, 2, 'agreed'],
      [2, 2, 'withdrawn'],
    ] as const) {
      await call(dispatch, 'positions:create', {
        roundId: r1.id,
        partyId,
        issueId,
        text: `P${partyId}${issueId}`,
        status,
      });
    }
    const before = checksumOfData(store);
    const r2 = await call(dispatch, 'rounds:carryForward', {
      negotiationId: n,
      sequence: 2,
      title: 'B',
      fromRoundId: r1.id,
    });
    const copies = store.all<{ text: string; previous_id: number; movement: string }>(
      'SELECT text, previous_id, movement FROM position WHERE round_id = ? ORDER BY id',
      r2.id,
    );
    // Only open positions travel, each linked to the one it continues.
    expect(copies.map((c) => c.text)).toEqual(['P11', 'P21']);
    expect(copies.every((c) => c.previous_id !== null && c.movement === 'none')).toBe(true);
    expect((await state(dispatch, n)).undo?.label).toBe('Start round 2 from round 1');
    await call(dispatch, 'history:undo', { scopeId: n });
    expect(checksumOfData(store)).toBe(before);
  });

  it('survive a restart: the stacks live in the database', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    await call(dispatch, 'issues:update', { id: 1, title: 'Uranium enrichment' });
    const path = store.path;
    store.close();
    const reopenedApp = openApp({ databasePath: path, transport: 'web', key: TEST_KEY });
    const reopened = reopenedApp.store;
    try {
      const again = reopenedApp.dispatch;
      expect(value(await again('history:state', { scopeId: n }))).toEqual({
        undo: { label: 'Edit issue' },
        redo: null,
      });
      value(await again('history:undo', { scopeId: n }));
      expect(reopened.get('SELECT title FROM issue WHERE id = 1')).toEqual({ title: 'Enrichment' });
    } finally {
      reopened.close();
    }
  });

  it('keep one stack per negotiation and one for the library', async () => {
    const { dispatch } = tempApp();
    const a = await negotiation(dispatch);
    const b = await call(dispatch, 'negotiations:create', { title: 'Other talks' });
    await call(dispatch, 'issues:create', { negotiationId: a, title: 'Sanctions' });
    await call(dispatch, 'issues:create', { negotiationId: b.id, title: 'Borders' });
    expect((await state(dispatch, a)).undo?.label).toBe('Add issue “Sanctions”');
    expect((await state(dispatch, b.id)).undo?.label).toBe('Add issue “Borders”');
    expect((await state(dispatch, null)).undo?.label).toBe('Create negotiation “Other talks”');
    await call(dispatch, 'history:undo', { scopeId: a });
    expect((await state(dispatch, b.id)).undo?.label).toBe('Add issue “Borders”');
  });

  it('never reuse a deleted row id, so undo in one negotiation cannot collide with another', async () => {
    const { dispatch } = tempApp();
    const a = await negotiation(dispatch);
    const b = await call(dispatch, 'negotiations:create', { title: 'Other talks' });
    const last = await call(dispatch, 'issues:create', { negotiationId: a, title: 'Sanctions' });
    await call(dispatch, 'issues:delete', { id: last.id });
    const other = await call(dispatch, 'issues:create', { negotiationId: b.id, title: 'Borders' });
    expect(other.id).toBeGreaterThan(last.id);
    await call(dispatch, 'history:undo', { scopeId: a });
    const restored = await call(dispatch, 'negotiations:get', { id: a });
    expect(restored.issues.map((i) => [i.id, i.title])).toContainEqual([last.id, 'Sanctions']);
  });

  it('clear the redo stack when a new edit is made', async () => {
    const { dispatch } = tempApp();
    const n = await negotiation(dispatch);
    await call(dispatch, 'issues:create', { negotiationId: n, title: 'Sanctions' });
    await call(dispatch, 'history:undo', { scopeId: n });
    expect((await state(dispatch, n)).redo?.label).toBe('Add issue “Sanctions”');
    await call(dispatch, 'issues:create', { negotiationId: n, title: 'Borders' });
    expect((await state(dispatch, n)).redo).toBeNull();
    const redo = await call(dispatch, 'history:redo', { scopeId: n });
    expect(redo).toEqual({ undo: { label: 'Add issue “Borders”' }, redo: null });
  });

  it('undo a negotiation delete from the library, with everything in it', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    await call(dispatch, 'rounds:create', { negotiationId: n, sequence: 1, title: 'A' });
    const before = checksumOfData(store);
    await call(dispatch, 'negotiations:delete', { id: n });
    expect(store.get('SELECT COUNT(*) AS n FROM round')).toEqual({ n: 0 });
    await call(dispatch, 'history:undo', { scopeId: null });
    expect(checksumOfData(store)).toBe(before);
    // The negotiation's own stack is intact after the round trip.
    expect((await state(dispatch, n)).undo?.label).toBe('Add round 1');
  });

  it('refuse to undo a change that later work depends on, changing nothing', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    await call(dispatch, 'rounds:create', { negotiationId: n, sequence: 1, title: 'A' });
    const before = checksum(store);
    const result = await dispatch('history:undo', { scopeId: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!result.ok && result.error.message).toMatch(/can no longer be undone/);
    expect(checksum(store)).toBe(before);
  });

  it('say so when there is nothing to undo or redo', async () => {
    const { dispatch } = tempApp();
    expect(await call(dispatch, 'history:undo', { scopeId: null })).toEqual({
      undo: null,
      redo: null,
    });
    expect(await call(dispatch, 'history:redo', { scopeId: 7 })).toEqual({
      undo: null,
      redo: null,
    });
  });

  it('record undo and redo in history, as actions of their own', async () => {
    const { dispatch } = tempApp();
    const n = await negotiation(dispatch);
    await call(dispatch, 'issues:update', { id: 1, title: 'Uranium' });
    await call(dispatch, 'history:undo', { scopeId: n });
    await call(dispatch, 'history:redo', { scopeId: n });
    const entries = await call(dispatch, 'history:forItem', { entity: 'issue', id: 1 });
    expect(entries.map((e) => [e.kind, e.label])).toEqual([
      ['redo', 'Redo: Edit issue'],
      ['undo', 'Undo: Edit issue'],
      ['edit', 'Edit issue'],
      ['edit', 'Create negotiation “Talks”'],
    ]);
    expect(entries[2]?.changes).toEqual([
      { field: 'title', label: 'Title', before: 'Enrichment', after: 'Uranium' },
    ]);
  });
});

/** A checksum of the data tables only (undo adds history and change sets, by design). */
function checksumOfData(store: Store): string {
  const tables = [
    'negotiation',
    'party',
    'person',
    'issue',
    'round',
    'round_participant',
    'position',
    'red_line',
    'source',
    'citation',
  ];
  return JSON.stringify(tables.map((t) => store.all(`SELECT * FROM ${t} ORDER BY id`)));
}

describe('derived columns', () => {
  it('fill a position’s fingerprint, also when undo puts back a row recorded before it existed', async () => {
    const { store, dispatch } = tempApp();
    const n = await negotiation(dispatch);
    const r = await call(dispatch, 'rounds:create', { negotiationId: n, sequence: 1, title: 'A' });
    const p = await call(dispatch, 'positions:create', {
      roundId: r.id,
      partyId: 1,
      issueId: 1,
      text: 'First.',
    });
    const hashOf = () =>
      store.get<{ text: string; text_hash: number }>(
        'SELECT text, text_hash FROM position WHERE id = ?',
        p.id,
      )!;
    expect(hashOf().text_hash).toBe(textHash('First.'));
    await call(dispatch, 'positions:update', { id: p.id, text: 'Second.' });
    expect(hashOf().text_hash).toBe(textHash('Second.'));
    // As if the edit had been recorded by a Parley without the column.
    store.db.exec(
      `UPDATE history SET before = json_remove(before, '$.text_hash'),
                          after = json_remove(after, '$.text_hash')
       WHERE entity = 'position' AND op = 'update'`,
    );
    await call(dispatch, 'history:undo', { scopeId: n });
    expect(hashOf()).toEqual({ text: 'First.', text_hash: textHash('First.') });
    expect(textHash('First.')).not.toBe(textHash('First!'));
    expect(Number.isSafeInteger(textHash('غنی‌سازی'.repeat(1000)))).toBe(true);
  });
});
