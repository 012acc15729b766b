// Issue 19's property: three officers, each with their own library, make random concurrent edits
// (create, edit, delete, carry forward, reorder) and exchange update files in random orders, with
// duplicates. All three end with identical data, and every field two of them changed
// concurrently to different values is shown as a conflict (an edit against a delete too).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAutomerge } from '../../main/services/share/automerge';
import type { openApp } from '../../main/app';
import { ENTITIES, ENTITY_NAMES, type TableName } from '../../main/db/entities';
import { rowsWithUids } from '../../main/db/queries/share';
import * as share from '../../main/services/share';
import { POSITION_STATUSES } from '../../shared/domain';
import { aNegotiation, aPosition, aRound, call, tempApp, captureFile } from './helpers';

// These call the sharing services directly: the app's dispatch loads the engine before them.
beforeAll(() => loadAutomerge());

type App = ReturnType<typeof openApp>;

const OFFICERS = ['Dana', 'Sam', 'Noor'] as const;

type Op =
  | { t: 'create'; round: number; party: number; issue: number }
  | { t: 'edit'; pos: number; field: 'text' | 'status'; v: number }
  | { t: 'delete'; pos: number }
  | { t: 'carry' }
  | { t: 'reorderRounds'; seed: number }
  | { t: 'reorderIssues'; seed: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('create' as const),
    round: fc.nat(),
    party: fc.nat(),
    issue: fc.nat(),
  }),
  fc.record({
    t: fc.constant('edit' as const),
    pos: fc.nat(),
    field: fc.constantFrom('text' as const, 'status' as const),
    v: fc.nat(1000),
  }),
  fc.record({
    t: fc.constant('edit' as const),
    pos: fc.nat(),
    field: fc.constantFrom('text' as const, 'status' as const),
    v: fc.nat(1000),
  }),
  fc.record({ t: fc.constant('delete' as const), pos: fc.nat() }),
  fc.record({ t: fc.constant('carry' as const) }),
  fc.record({ t: fc.constant('reorderRounds' as const), seed: fc.nat() }),
  fc.record({ t: fc.constant('reorderIssues' as const), seed: fc.nat() }),
);

const phase = fc.tuple(
  fc.array(op, { maxLength: 4 }),
  fc.array(op, { maxLength: 4 }),
  fc.array(op, { maxLength: 4 }),
);

/** A permutation of 0..n-1 from a seed (fast-check shrinks the seed, not the permutation). */
function permute<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Officer {
  name: string;
  app: App;
  negotiationId: number;
}

/** The negotiation's rows, in identities: what must be equal in every library. */
function snapshot(o: Officer): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const uidOf = new Map<string, string>();
  const all = new Map<TableName, ReturnType<typeof rowsWithUids>>();
  for (const table of ENTITY_NAMES) {
    const rows = rowsWithUids(o.app.store, table, o.negotiationId);
    all.set(table, rows);
    for (const r of rows) uidOf.set(`${table}:${String(r.id)}`, r.uid);
  }
  const labels = new Map(
    o.app.store
      .all<{ id: number; label: string }>('SELECT id, label FROM marking')
      .map((m): [number, string] => [m.id, m.label]),
  );
  for (const [table, rows] of all) {
    for (const r of rows) {
      const values: Record<string, unknown> = {};
      for (const [column, c] of Object.entries(ENTITIES[table].columns)) {
        const v = r[column];
        if (c.kind === 'id') continue;
        if (c.kind === 'marking') values[column] = v === null ? null : labels.get(Number(v));
        else if (c.ref)
          values[column] =
            v === null ? null : (uidOf.get(`${c.ref}:${String(v)}`) ?? `?${String(v)}`);
        else values[column] = v;
      }
      out.set(`${table}:${r.uid}`, values);
    }
  }
  return out;
}

const digest = (s: Map<string, Record<string, unknown>>) =>
  JSON.stringify([...s.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

async function apply(o: Officer, o2: Op): Promise<void> {
  const detail = await call(o.app, 'negotiations:get', { id: o.negotiationId });
  const rounds = [...detail.rounds].sort((a, b) => a.sequence - b.sequence);
  const positions = (
    await Promise.all(rounds.map((r) => call(o.app, 'rounds:get', { id: r.id })))
  ).flatMap((r) => r.positions);
  switch (o2.t) {
    case 'create': {
      const round = rounds[o2.round % rounds.length]!;
      await call(o.app, 'positions:create', {
        roundId: round.id,
        partyId: detail.parties[o2.party % detail.parties.length]!.id,
        issueId: detail.issues[o2.issue % detail.issues.length]!.id,
        text: `${o.name} adds ${o2.round}`,
      });
      return;
    }
    case 'edit': {
      if (positions.length === 0) return;
      const p = positions[o2.pos % positions.length]!;
      await call(
        o.app,
        'positions:update',
        o2.field === 'text'
          ? { id: p.id, text: `${o.name} says ${o2.v}` }
          : { id: p.id, status: POSITION_STATUSES[o2.v % POSITION_STATUSES.length]! },
      );
      return;
    }
    case 'delete': {
      if (positions.length === 0) return;
      await call(o.app, 'positions:delete', { id: positions[o2.pos % positions.length]!.id });
      return;
    }
    case 'carry': {
      const last = rounds.at(-1)!;
      await call(o.app, 'rounds:carryForward', {
        negotiationId: o.negotiationId,
        fromRoundId: last.id,
        sequence: last.sequence + 1,
        title: `${o.name}’s round`,
      });
      return;
    }
    case 'reorderRounds':
      await call(o.app, 'rounds:reorder', {
        negotiationId: o.negotiationId,
        ids: permute(
          rounds.map((r) => r.id),
          o2.seed,
        ),
      });
      return;
    case 'reorderIssues':
      await call(o.app, 'issues:reorder', {
        negotiationId: o.negotiationId,
        ids: permute(
          detail.issues.map((i) => i.id),
          o2.seed,
        ),
      });
      return;
  }
}

/** Fields (and deletions) two officers changed concurrently to different values in one phase. */
function expectedConflicts(
  before: Map<string, Record<string, unknown>>,
  after: Map<string, Record<string, unknown>>[],
): Set<string> {
  const judged = (key: string, field: string) => {
    const table = key.split(':')[0] as TableName;
    const c = ENTITIES[table].columns[field];
    return c !== undefined && c.label !== '' && c.ref !== 'negotiation';
  };
  const out = new Set<string>();
  for (const [key, base] of before) {
    const changes = after.map((s) => {
      const now = s.get(key);
      if (!now) return { deleted: true, fields: new Map<string, unknown>() };
      const fields = new Map<string, unknown>();
      for (const f of Object.keys(base)) {
        if (judged(key, f) && now[f] !== base[f]) fields.set(f, now[f]);
      }
      return { deleted: false, fields };
    });
    const deleted = changes.some((c) => c.deleted);
    const edited = changes.some((c) => !c.deleted && c.fields.size > 0);
    if (deleted && edited) out.add(`${key}:~deleted`);
    const fields = new Set(changes.flatMap((c) => [...c.fields.keys()]));
    for (const f of fields) {
      const values = new Set(
        changes.filter((c) => c.fields.has(f)).map((c) => JSON.stringify(c.fields.get(f))),
      );
      if (values.size > 1) out.add(`${key}:${f}`);
    }
  }
  return out;
}

describe('three officers sharing one negotiation', () => {
  it('converge to identical data, every concurrent change to a field shown as a conflict', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(phase, { minLength: 1, maxLength: 2 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        async (phases, order) => {
          const apps = OFFICERS.map((name) => tempApp({ actor: name }));
          const n = await aNegotiation(apps[0]!);
          const round = await aRound(apps[0]!, n);
          await aPosition(apps[0]!, n, round, { text: 'Zero enrichment.' });
          await aPosition(apps[0]!, n, round, {
            text: 'Lift sanctions.',
            partyId: n.parties[1]!.id,
          });
          const sink = captureFile();
          await share.shareUpdate(apps[0]!.store, sink.deliver, {
            negotiationId: n.negotiation.id,
            name: OFFICERS[0],
            forKey: null,
          });
          const officers: Officer[] = [
            { name: OFFICERS[0], app: apps[0]!, negotiationId: n.negotiation.id },
          ];
          for (const i of [1, 2]) {
            const got = share.receiveUpdate(apps[i]!.store, {
              fileName: sink.last().fileName,
              content: sink.last().text,
              trust: true,
            });
            if (got.state !== 'received') throw new Error('not received');
            officers.push({ name: OFFICERS[i]!, app: apps[i]!, negotiationId: got.negotiationId });
          }
          // Everyone trusts everyone (each has received from the first; the others follow).
          let turn = 0;
          for (const ops of phases) {
            const before = snapshot(officers[0]!);
            for (const [i, o] of officers.entries()) {
              for (const each of ops[i]!) await apply(o, each);
            }
            const after = officers.map(snapshot);
            const expected = expectedConflicts(before, after);
            // Each writes a whole update and one for each colleague (only what they lack).
            const files: { from: number; to: number | null; text: string; fileName: string }[] = [];
            for (const [i, o] of officers.entries()) {
              const whole = captureFile();
              await share.shareUpdate(o.app.store, whole.deliver, {
                negotiationId: o.negotiationId,
                name: o.name,
                forKey: null,
              });
              files.push({ from: i, to: null, ...whole.last() });
              for (const colleague of share.trusted(o.app.store)) {
                const part = captureFile();
                await share.shareUpdate(o.app.store, part.deliver, {
                  negotiationId: o.negotiationId,
                  name: o.name,
                  forKey: colleague.publicKey,
                });
                const to = officers.findIndex(
                  (x) => share.identity(x.app.store)?.fingerprint === colleague.fingerprint,
                );
                files.push({ from: i, to, ...part.last() });
              }
            }
            // Deliveries in a random order, some twice; every whole file reaches everyone.
            const deliveries: { file: (typeof files)[number]; to: number }[] = [];
            for (const file of files) {
              for (const to of [0, 1, 2]) {
                if (file.to !== null && file.to !== to) continue;
                deliveries.push({ file, to });
                if (order[(turn++ * 7) % order.length]! % 3 === 0) deliveries.push({ file, to });
              }
            }
            const shuffled = permute(deliveries, order[turn++ % order.length]!);
            for (const { file, to } of shuffled) {
              share.receiveUpdate(officers[to]!.app.store, {
                fileName: file.fileName,
                content: file.text,
                trust: true,
              });
            }
            const digests = officers.map((o) => digest(snapshot(o)));
            expect(digests[1]).toBe(digests[0]);
            expect(digests[2]).toBe(digests[0]);
            for (const o of officers) {
              const open = new Set(
                share
                  .conflicts(o.app.store, o.negotiationId)
                  .map((c) => `${c.entity}:${c.uid}:${c.field}`),
              );
              for (const key of expected) {
                if (!open.has(key) && process.env.PARLEY_SHARE_DEBUG) {
                  const [table, uid, field] = key.split(':') as [TableName, string, string];
                  const doc = share.sharing(o.app.store).loadDoc(o.negotiationId)!;
                  console.log(
                    key,
                    JSON.stringify(share.concurrentValues(doc, table, uid, field)),
                    JSON.stringify(doc.rows[table]?.[uid]),
                    phases.indexOf(ops),
                  );
                }
                expect(open, `${o.name} misses ${key}`).toContain(key);
              }
            }
          }
        },
      ),
      {
        numRuns: Number(process.env.PARLEY_SHARE_RUNS ?? 12),
        endOnFailure: true,
        ...(process.env.PARLEY_SHARE_SEED
          ? {
              seed: Number(process.env.PARLEY_SHARE_SEED),
              path: process.env.PARLEY_SHARE_PATH ?? '0',
            }
          : {}),
      },
    );
  }, 600_000);
});
