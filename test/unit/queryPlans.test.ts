// Every statement the app runs, checked with EXPLAIN QUERY PLAN: none may read a table that
// grows with the negotiation (positions, history, citations…) row by row from the start. Each
// must find its rows through an index (or be the full-text index's own search). The statements
// are recorded while the real channels run over a generated negotiation, so a new query is
// checked the day it is written.
import { describe, expect, it } from 'vitest';
import { Store } from '../../main/db/store';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { ENTITIES, ENTITY_NAMES } from '../../main/db/entities';
import { generate } from '../bench/generate';
import { tempApp, call } from './helpers';

/**
 * Tables whose size grows with the work recorded; a full scan of one is a bug. The registry says
 * which entities grow; history and briefing bookkeeping grow with every change and brief.
 */
const GROWING: string[] = [
  ...ENTITY_NAMES.filter((t) => ENTITIES[t].grows),
  'history',
  'change_set',
  'briefing_export',
];

interface Recorded {
  sql: string;
  params: unknown[];
}

function recordStatements(): { recorded: Map<string, Recorded>; stop: () => void } {
  const recorded = new Map<string, Recorded>();
  const original = Store.prototype.prepare;
  Store.prototype.prepare = function (this: Store, sql: string): Statement {
    const statement = original.call(this, sql);
    return new Proxy(statement, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'run' || key === 'get' || key === 'all' || key === 'iterate') {
          return (...params: unknown[]) => {
            if (!recorded.has(sql)) recorded.set(sql, { sql, params });
            return (value as (...p: unknown[]) => unknown).apply(target, params);
          };
        }
        if (key === 'pluck' || key === 'raw' || key === 'expand' || key === 'safeIntegers') {
          return (...args: unknown[]) => {
            (value as (...a: unknown[]) => unknown).apply(target, args);
            return receiver;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return { recorded, stop: () => (Store.prototype.prepare = original) };
}

/** The plan's steps that read a growing table row by row. */
function fullScans(store: Store, { sql, params }: Recorded): string[] {
  const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
    detail: string;
  }[];
  return plan
    .map((step) => step.detail)
    .filter((detail) => {
      const m = /^SCAN (\w+)(?: AS \w+)?(.*)$/.exec(detail);
      if (!m) return false;
      const [, table, rest] = m;
      return GROWING.includes(table!) && !/USING (COVERING )?INDEX/.test(rest!);
    });
}

describe('query plans', () => {
  it('find every row through an index: no statement scans a growing table', async () => {
    const app = tempApp();
    const g = generate(app.store, 'small');
    const { recorded, stop } = recordStatements();
    try {
      const { dispatch } = app;
      const n = g.negotiationId;
      const [r1, r2] = g.roundIds.slice(-2) as [number, number];
      const round = await call(dispatch, 'rounds:get', { id: r2 });
      const p = round.positions[0]!;
      const detail = await call(dispatch, 'negotiations:get', { id: n });
      await call(dispatch, 'negotiations:list', {});
      await call(dispatch, 'compare:rounds', { fromRoundId: r1, toRoundId: r2 });
      await call(dispatch, 'compare:trajectory', { negotiationId: n, partyId: null });
      await call(dispatch, 'compare:trajectory', { negotiationId: n, partyId: p.partyId });
      await call(dispatch, 'compare:trajectory', {
        negotiationId: n,
        partyId: null,
        window: { latest: 1 },
      });
      await call(dispatch, 'compare:trajectory', {
        negotiationId: n,
        partyId: p.partyId,
        window: { first: 0, count: 1 },
      });
      await call(dispatch, 'compare:lineage', { positionId: p.id });
      await call(dispatch, 'compare:excerpts', { positionIds: [p.id] });
      await call(dispatch, 'compare:parties', { roundId: r2 });
      await call(dispatch, 'compare:redLineDrift', { redLineId: detail.redLines[0]!.id });
      await call(dispatch, 'positions:linkCandidates', { id: p.id });
      for (const [entity, id] of [
        ['negotiation', n],
        ['position', p.id],
        ['round', r2],
        ['red_line', detail.redLines[0]!.id],
        ['source', detail.sources[0]!.id],
        ['party', detail.parties[0]!.id],
      ] as const) {
        await call(dispatch, 'history:forItem', { entity, id });
      }
      await call(dispatch, 'history:state', { scopeId: n });
      await call(dispatch, 'switcher:items', {});
      for (const query of ['enrichment', '"frozen assets"', 'sanct']) {
        await call(dispatch, 'search:query', { query, negotiationId: n });
        await call(dispatch, 'search:query', {
          query,
          negotiationId: n,
          partyId: p.partyId,
          fromSequence: 2,
          toSequence: 4,
        });
        await call(dispatch, 'search:query', { query });
      }
      for (const kind of ['overview', 'round', 'comparison'] as const) {
        await call(dispatch, 'briefing:preview', {
          kind,
          negotiationId: n,
          roundId: r2,
          fromRoundId: r1,
          toRoundId: r2,
          sinceLast: true,
        });
      }
      // Writes: edit, delete, undo, redo, carry forward, and an import of an export.
      await call(dispatch, 'positions:update', { id: p.id, text: 'Changed wording.' });
      await call(dispatch, 'positions:delete', { id: p.id });
      await call(dispatch, 'history:undo', { scopeId: n });
      await call(dispatch, 'history:redo', { scopeId: n });
      await call(dispatch, 'history:undo', { scopeId: n });
      await call(dispatch, 'rounds:carryForward', {
        negotiationId: n,
        sequence: 99,
        title: 'Next',
        fromRoundId: r2,
      });
      const { exportFile } = await import('../../main/services/transfer');
      const file = exportFile(app.store, n, 'negotiation', { appVersion: 't', schemaVersion: 4 });
      await call(dispatch, 'transfer:import', { fileName: 'x.json', content: file.text });
      exportFile(app.store, n, 'positions-csv', { appVersion: 't', schemaVersion: 4 });
      exportFile(app.store, n, 'trajectory-csv', { appVersion: 't', schemaVersion: 4 });
    } finally {
      stop();
    }
    expect(recorded.size).toBeGreaterThan(60);
    const offenders = [...recorded.values()]
      .map((r) => ({ sql: r.sql.replace(/\s+/g, ' ').trim(), scans: fullScans(app.store, r) }))
      .filter((r) => r.scans.length > 0);
    expect(offenders).toEqual([]);
  });
});
