// The registry (main/db/entities.ts) against the schema the migrations build, and against the
// negotiation file: a table added to the schema but not declared, a column or reference
// declared differently from the schema, or a table or column a file round trip loses, fails
// here — so adding an entity cannot silently break undo, deletion or the negotiation file.
import { describe, expect, it } from 'vitest';
import {
  DEPENDENTS,
  ENTITIES,
  ENTITY_NAMES,
  IN_NEGOTIATION_SQL,
  REFERENCES,
  SCOPE_SQL,
  type TableName,
} from '../../main/db/entities';
import { SEARCHABLE } from '../../main/db/searchIndex';
import { exportFile } from '../../main/services/transfer';
import type { ParleyApp as App } from '../../main/app';
import type { Row } from '../../main/db/types';
import { createSample } from '../../main/services/sample';
import { tempApp, call } from './helpers';

/** Library-level tables: not part of any one negotiation, so not in the registry. */
const LIBRARY_TABLES = [
  'marking',
  'change_set',
  'history',
  'briefing_export',
  'briefing_snapshot',
  'draft',
  'setting',
  'schema_migrations',
  'search_index',
  'search_index_position',
  // A document's bytes, by hash: outside the registry so history never copies them (migration 12).
  'document_content',
  // Shared negotiations (migration 16): row identity and the merge engine's state.
  'row_uid',
  'share_doc',
  'share_chunk',
  'share_peer',
  'share_conflict',
  'share_identity',
  'share_trusted',
  'share_policy',
];

const ABOUT = { appVersion: '0.0.0-test', schemaVersion: 0 };

function schemaTables(app: App): string[] {
  return app.store
    .all<{ name: string }>(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       ORDER BY name`,
    )
    .map((t) => t.name)
    .filter((name) => !/^search_index(_position)?_(data|idx|content|docsize|config)$/.test(name));
}

/** A negotiation with at least one row of every entity, and a value in every optional column. */
async function everything(app: App): Promise<number> {
  const { dispatch } = app;
  const n = createSample(app.store).id;
  const detail = await call(dispatch, 'negotiations:get', { id: n });
  const round = await call(dispatch, 'rounds:get', { id: detail.rounds.at(-1)!.id });
  const pair = round.positions
    .flatMap((p) =>
      detail.redLines
        .filter((l) => l.issueId === p.issueId && l.partyId !== p.partyId)
        .map((l) => ({ positionId: p.id, redLineId: l.id })),
    )
    .at(0)!;
  // A marking on one item of every kind that can carry its own.
  const markings = await call(dispatch, 'markings:list', {});
  const secret = markings.at(-1)!.id;
  const people = app.store.all<{ id: number }>(
    'SELECT pe.id FROM person pe JOIN party p ON p.id = pe.party_id WHERE p.negotiation_id = ?',
    n,
  );
  await call(dispatch, 'people:update', { id: people[0]!.id, markingId: secret });
  await call(dispatch, 'rounds:update', { id: detail.rounds[0]!.id, markingId: secret });
  await call(dispatch, 'redLines:update', { id: pair.redLineId, markingId: secret });
  await call(dispatch, 'positions:update', { id: pair.positionId, markingId: secret });
  await call(dispatch, 'conflicts:assess', { ...pair, verdict: 'conflicts', note: 'Hard.' });
  const development = await call(dispatch, 'developments:create', {
    negotiationId: n,
    kind: 'leak',
    startDate: '2026-02-03',
    endDate: '2026-02-05',
    dateNote: 'Over three days.',
    title: 'A draft text leaks',
    summary: 'Reported by two outlets.',
    significance: 'high',
    markingId: secret,
    partyIds: [detail.parties[0]!.id],
    issueIds: [detail.issues[0]!.id],
  });
  // A linkage and a package in the latest round, carried into a new one (so each follows its
  // predecessor); the linkage cites a source below.
  const own = round.positions.filter((p) => p.partyId === round.positions[0]!.partyId);
  const linkage = await call(dispatch, 'linkages:create', {
    roundId: round.round.id,
    partyId: own[0]!.partyId,
    kind: 'exchange',
    status: 'proposed',
    statement: 'One in return for the other.',
    notes: 'Floated privately.',
    markingId: secret,
    issueIds: [own[0]!.issueId, own[1]!.issueId],
    positionIds: [own[0]!.id],
  });
  await call(dispatch, 'packages:create', {
    roundId: round.round.id,
    partyId: own[0]!.partyId,
    stance: 'demanded',
    title: 'The whole list',
    notes: 'All or nothing.',
    markingId: secret,
    positionIds: [own[0]!.id, own[1]!.id],
  });
  for (const cite of [
    { targetType: 'linkage', targetId: linkage.id },
    { targetType: 'development', targetId: development.id },
    { targetType: 'round', targetId: detail.rounds[0]!.id },
    { targetType: 'position', targetId: pair.positionId },
    { targetType: 'redLine', targetId: pair.redLineId },
  ] as const) {
    await call(dispatch, 'sources:create', {
      negotiationId: n,
      kind: 'press_report',
      outlet: `Gazette ${cite.targetType}`,
      reliability: 'B',
      confidence: 'high',
      markingId: secret,
      cite,
    });
  }
  const source = detail.sources[0]!;
  const document = await call(dispatch, 'documents:attach', {
    sourceId: source.id,
    fileName: 'readout.txt',
    dataBase64: Buffer.from('Opening remarks.\n\nThe cap on centrifuges.').toString('base64'),
    markingId: secret,
  });
  // A development of its own, so the source is not cited there already.
  const cited = await call(dispatch, 'developments:create', {
    negotiationId: n,
    kind: 'statement',
    title: 'A readout is published',
  });
  await call(dispatch, 'citations:create', {
    sourceId: source.id,
    targetType: 'development',
    targetId: cited.id,
    note: 'para. 2',
    documentId: document.id,
    partNumber: 2,
    passage: 'The cap on centrifuges.',
  });
  await call(dispatch, 'rounds:carryForward', {
    negotiationId: n,
    fromRoundId: round.round.id,
    sequence: round.round.sequence + 1,
    title: 'Carried',
  });
  return n;
}

/** Tables the negotiation file leaves out unless asked to include attached documents. */
const NOT_IN_FILE: readonly TableName[] = ['document', 'document_part'];
/** The columns that name a document, cleared in the file for the same reason. */
const NAMING_A_DOCUMENT = ['document_id', 'part_number'];

/** The negotiation's rows, table by table, with every id (own and referenced) by its rank. */
function ranked(app: App, n: number): Record<TableName, Row[]> {
  const rows = Object.fromEntries(
    ENTITY_NAMES.map((t) => [t, app.store.all<Row>(IN_NEGOTIATION_SQL[t], n)]),
  ) as Record<TableName, Row[]>;
  const rank = Object.fromEntries(
    ENTITY_NAMES.map((t) => [
      t,
      new Map(
        rows[t]
          .map((r) => r.id as number)
          .sort((a, b) => a - b)
          .map((id, i) => [id, i + 1]),
      ),
    ]),
  ) as Record<TableName, Map<number, number>>;
  return Object.fromEntries(
    ENTITY_NAMES.map((t) => [
      t,
      rows[t].map((r) => {
        const out: Row = { ...r, id: rank[t].get(r.id as number)! };
        for (const [column, target] of Object.entries(REFERENCES[t])) {
          if (target !== 'marking' && r[column] !== null) {
            out[column] = rank[target].get(r[column] as number)!;
          }
        }
        return out;
      }),
    ]),
  ) as Record<TableName, Row[]>;
}

describe('the entity registry', () => {
  it('declares every table of the schema, or names it as library-level', () => {
    const app = tempApp();
    const tables = schemaTables(app);
    expect(
      tables.filter((t) => !ENTITY_NAMES.includes(t as TableName) && !LIBRARY_TABLES.includes(t)),
    ).toEqual([]);
    expect(ENTITY_NAMES.filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('has the schema’s columns, nullability and references for every entity', () => {
    const app = tempApp();
    for (const table of ENTITY_NAMES) {
      const columns = app.store.all<{ name: string; notnull: number; pk: number }>(
        `SELECT name, "notnull", pk FROM pragma_table_info('${table}')`,
      );
      expect(columns.map((c) => c.name).sort(), table).toEqual(
        Object.keys(ENTITIES[table].columns).sort(),
      );
      for (const c of columns) {
        if (c.pk) continue;
        expect(ENTITIES[table].columns[c.name]!.nullable, `${table}.${c.name} nullable`).toBe(
          c.notnull === 0,
        );
      }
      const keys = app.store.all<{ from: string; table: string; on_delete: string }>(
        `SELECT "from", "table", on_delete FROM pragma_foreign_key_list('${table}')`,
      );
      expect(Object.fromEntries(keys.map((k) => [k.from, k.table])), table).toEqual(
        REFERENCES[table],
      );
    }
  });

  it('indexes for search only tables it declares, each with a scope', () => {
    expect([...SEARCHABLE].filter((t) => !ENTITY_NAMES.includes(t))).toEqual([]);
    for (const table of SEARCHABLE) expect(ENTITIES[table].scope, table).not.toBeNull();
  });

  it('declares each unique index of the schema as a unique rule', () => {
    const app = tempApp();
    for (const table of ENTITY_NAMES) {
      const indexes = app.store.all<{ name: string }>(
        `SELECT name FROM pragma_index_list('${table}') WHERE "unique" = 1 AND origin = 'c'`,
      );
      const declared = (ENTITIES[table].unique ?? []).map((u) => [...u.columns].sort());
      for (const { name } of indexes) {
        const columns = app.store
          .all<{ name: string }>(`SELECT name FROM pragma_index_info('${name}')`)
          .map((c) => c.name)
          .sort();
        // A rule may be wider than a partial index (a citation's one target of three).
        const covered = declared.some((d) => columns.every((c) => d.includes(c)));
        expect(covered, `${table}: unique index ${name} (${columns.join(', ')})`).toBe(true);
      }
    }
  });

  it('derives a scope query for every entity that finds the row’s negotiation', async () => {
    const app = tempApp();
    const n = await everything(app);
    for (const table of ENTITY_NAMES) {
      const [first] = app.store.all<{ id: number }>(IN_NEGOTIATION_SQL[table], n);
      expect(first, `${table} has a row`).toBeDefined();
      expect(app.store.get(SCOPE_SQL[table], first!.id), table).toEqual({ n });
    }
    // Every reference that cascades is a dependent its target's delete removes first.
    for (const table of ENTITY_NAMES) {
      for (const [column, target] of Object.entries(REFERENCES[table])) {
        if (target === 'marking') continue;
        expect(DEPENDENTS[target].some((d) => d.table === table && d.column === column)).toBe(true);
      }
    }
  });

  it('carries every table and column through a negotiation file unchanged', async () => {
    const a = tempApp();
    const n = await everything(a);
    const before = ranked(a, n);
    const unset = ENTITY_NAMES.flatMap((table) =>
      before[table].length === 0
        ? [`${table} (no rows)`]
        : Object.entries(ENTITIES[table].columns)
            .filter(([column, c]) => c.nullable && before[table].every((r) => r[column] === null))
            .map(([column]) => `${table}.${column}`),
    );
    // Every table has rows and every optional column a value, so the round trip tests them all.
    expect(unset).toEqual([]);
    // With the attached documents (bytes and all), every table; without (the default), none of
    // the documents, and no citation names one.
    for (const includeDocuments of [true, false]) {
      const file = exportFile(a.store, n, 'negotiation', ABOUT, {
        includeHistory: true,
        includeDocuments,
      }).text;
      const b = tempApp();
      const imported = await call(b, 'transfer:import', { fileName: 'all.json', content: file });
      const after = ranked(b, imported.negotiationId);
      for (const table of ENTITY_NAMES) {
        const label = `${table}, documents ${includeDocuments ? 'included' : 'left out'}`;
        if (!includeDocuments && NOT_IN_FILE.includes(table)) {
          expect(after[table], label).toEqual([]);
          continue;
        }
        // Stamps are kept as the file says; markings are the same ids in two fresh libraries.
        const expected =
          !includeDocuments && table === 'citation'
            ? before[table].map((r) => ({
                ...r,
                ...Object.fromEntries(NAMING_A_DOCUMENT.map((c) => [c, null])),
              }))
            : before[table];
        expect(after[table], label).toEqual(expected);
      }
      // The bytes came too, whole.
      const bytes = (app: typeof a) =>
        app.store.all<{ sha256: string; size: number }>(
          'SELECT sha256, size FROM document_content ORDER BY sha256',
        );
      expect(bytes(b)).toEqual(includeDocuments ? bytes(a) : []);
    }
  });
});
