import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { entriesFromData, entriesInIndex } from '../../main/db/searchIndex';
import { allocate, idSpace, remap } from '../../main/services/exchange';
import { createSample } from '../../main/services/sample';
import { exportFile } from '../../main/services/transfer';
import type { ImportResult, NegotiationFile } from '../../shared/exchange';
import { MAX_IMPORT_BYTES, negotiationFile } from '../../shared/exchange';
import { fileToRows } from '../../main/db/fileShape';
import { uidOfRow } from '../../main/db/queries/share';
import * as share from '../../main/services/share';
import { loadAutomerge } from '../../main/services/share/automerge';
import { captureFile, checksum, tempApp, value, call } from './helpers';

type App = ReturnType<typeof tempApp>;
const ABOUT = { appVersion: '0.0.0-test', schemaVersion: 4 };

/** The sample, worked on: edits, a deletion kept in history, an undo, lineage, a verdict. */
async function workedNegotiation(app: App): Promise<number> {
  const { dispatch } = app;
  const n = createSample(app.store).id;
  const detail = await call(dispatch, 'negotiations:get', { id: n });
  const lastRound = detail.rounds.at(-1)!.id;
  const round = await call(dispatch, 'rounds:get', { id: lastRound });
  const [first, second] = round.positions;
  await call(dispatch, 'positions:update', {
    id: first!.id,
    text: 'Reworded: زیر نظارت بین‌المللی.',
  });
  await call(dispatch, 'positions:update', { id: first!.id, movement: 'softened' });
  const extra = await call(dispatch, 'positions:create', {
    roundId: lastRound,
    partyId: second!.partyId,
    issueId: second!.issueId,
    text: '<script>alert(1)</script> A passing remark.',
  });
  await call(dispatch, 'positions:delete', { id: extra.id });
  const source = await call(dispatch, 'sources:create', {
    negotiationId: n,
    kind: 'press_report',
    outlet: 'Gazette',
    quote: '=HYPERLINK("http://x")',
    cite: { targetType: 'position', targetId: first!.id },
  });
  await call(dispatch, 'sources:update', { id: source.id, reliability: 'B' });
  await call(dispatch, 'history:undo', { scopeId: n });
  // A verdict on a demand against another party's red line on the same issue.
  const pair = round.positions
    .flatMap((p) =>
      detail.redLines
        .filter((l) => l.issueId === p.issueId && l.partyId !== p.partyId)
        .map((l) => ({ positionId: p.id, redLineId: l.id })),
    )
    .at(0);
  if (pair)
    await call(dispatch, 'conflicts:assess', { ...pair, verdict: 'conflicts', note: 'Hard.' });
  return n;
}

const exported = (app: App, n: number) =>
  JSON.parse(
    exportFile(app.store, n, 'negotiation', ABOUT, { includeHistory: true }).text,
  ) as NegotiationFile;

const importText = async (app: App, content: string) =>
  app.dispatch('transfer:import', { fileName: 'talks.json', content });

/**
 * The file with every id replaced by its rank among the file's ids of that kind: two exports of
 * the same negotiation from different databases must then be identical.
 */
function canonical(file: NegotiationFile): unknown {
  const mapped = remap(
    file,
    allocate(idSpace(file), () => 1),
  );
  const ranks = new Map(
    file.history
      .map((c) => c.id)
      .sort((a, b) => a - b)
      .map((id, i) => [id, i + 1]),
  );
  return {
    ...mapped,
    exportedAt: 'any',
    history: mapped.history.map((c) => ({
      ...c,
      id: ranks.get(c.id),
      targetId: c.targetId === null ? null : ranks.get(c.targetId),
    })),
  };
}

describe('negotiation files', () => {
  it('round-trip to another database identical: every item, lineage and history', async () => {
    const a = tempApp();
    const n = await workedNegotiation(a);
    const original = exported(a, n);
    expect(original).toMatchObject({
      format: 'parley.negotiation',
      formatVersion: 2,
      marking: 'UNCLASSIFIED',
      historyIncluded: true,
    });
    expect(original.history.length).toBeGreaterThan(5);
    expect(original.rounds.some((r) => r.positions.some((p) => p.previousId !== null))).toBe(true);
    expect(original.conflictAssessments).toHaveLength(1);

    // Every item carries its stable identity (issue 19), and the new library keeps them all:
    // canonical() compares them too, under the items' new ids.
    const count = (f: NegotiationFile) =>
      Object.values(f.identities).reduce((n, byId) => n + Object.keys(byId).length, 0);
    expect(original.identities.position).toBeDefined();
    expect(count(original)).toBe(
      Object.values(fileToRows(original)).reduce((n, rows) => n + rows.length, 0),
    );
    const b = tempApp();
    const result = value(await importText(b, JSON.stringify(original))) as ImportResult;
    expect(result).toMatchObject({
      title: original.negotiation.title,
      rounds: original.rounds.length,
      changes: original.history.length,
      copy: false,
    });
    const again = exported(b, result.negotiationId);
    expect(canonical(again)).toEqual(canonical(original));
  });

  it('keep identities through the whole-document reading too (a file that names itself late)', async () => {
    const a = tempApp();
    const n = await workedNegotiation(a);
    const original = exported(a, n);
    // `format` last: the stream reading hands such a file to the whole-document one.
    const { format, ...rest } = original;
    const late = JSON.stringify({ ...rest, format });
    const b = tempApp();
    const result = value(await importText(b, late)) as ImportResult;
    expect(result.copy).toBe(false);
    expect(canonical(exported(b, result.negotiationId))).toEqual(canonical(original));
    // A second import of it there is a copy, under identities of its own.
    const copy = value(await importText(b, late)) as ImportResult;
    expect(copy.copy).toBe(true);
    const uids = (f: NegotiationFile) => Object.values(f.identities).flatMap(Object.values);
    const own = new Set(uids(exported(b, copy.negotiationId)));
    expect(uids(original).some((u) => own.has(u))).toBe(false);
  });

  it('move a negotiation by file as itself: a colleague’s shared update names it, and is refused with why', async () => {
    const dana = tempApp({ actor: 'Dana' });
    const n = await workedNegotiation(dana);
    const sam = tempApp({ actor: 'Sam' });
    const moved = value(await importText(sam, JSON.stringify(exported(dana, n)))) as ImportResult;
    expect(uidOfRow(sam.store, 'negotiation', moved.negotiationId)).toBe(
      uidOfRow(dana.store, 'negotiation', n),
    );
    const sink = captureFile();
    // The sharing services, called directly: the app's dispatch loads their engine first.
    await loadAutomerge();
    await share.shareUpdate(dana.store, sink.deliver, {
      negotiationId: n,
      name: 'Dana',
      forKey: null,
    });
    const text = sink.last().text;
    const items = () => JSON.stringify({ ...exported(sam, moved.negotiationId), exportedAt: '' });
    const before = items();
    expect(() =>
      share.receiveUpdate(sam.store, { fileName: 'update', content: text, trust: true }),
    ).toThrow(/moved there by a negotiation file rather than received by sharing/);
    expect(items() === before).toBe(true);

    // Once the moved copy is deleted, the update brings the negotiation back, as itself.
    await call(sam, 'negotiations:delete', { id: moved.negotiationId });
    const got = share.receiveUpdate(sam.store, { fileName: 'update', content: text, trust: true });
    expect(got.state === 'received' && got.negotiationId).toBe(moved.negotiationId);
    expect(share.sharing(sam.store).isShared(moved.negotiationId)).toBe(true);
  });

  it('import twice into one database without collisions, each with its own ids', async () => {
    const app = tempApp();
    const n = await workedNegotiation(app);
    const text = exportFile(app.store, n, 'negotiation', ABOUT).text;
    const one = value(await importText(app, text)) as ImportResult;
    const two = value(await importText(app, text)) as ImportResult;
    expect(new Set([n, one.negotiationId, two.negotiationId]).size).toBe(3);
    const list = await call(app, 'negotiations:list', {});
    expect(list).toHaveLength(3);
    const first = exported(app, one.negotiationId);
    const second = exported(app, two.negotiationId);
    const positions = (f: NegotiationFile) => f.rounds.flatMap((r) => r.positions.map((p) => p.id));
    expect(positions(first).some((id) => positions(second).includes(id))).toBe(false);
    // Both are copies (the library holds the original): each under identities of its own.
    expect([one.copy, two.copy]).toEqual([true, true]);
    const uids = (f: NegotiationFile) => Object.values(f.identities).flatMap(Object.values);
    const all = [exported(app, n), first, second].map(uids);
    expect(new Set(all.flat()).size).toBe(all[0]!.length * 3);
    const { identities: _one, ...firstItems } = first;
    const { identities: _two, ...secondItems } = second;
    expect(canonical({ ...secondItems, identities: {} })).toEqual(
      canonical({ ...firstItems, identities: {} }),
    );
    // The search index holds both copies, exactly.
    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    // Lineage points inside each copy.
    for (const file of [first, second]) {
      const own = new Set(positions(file));
      for (const p of file.rounds.flatMap((r) => r.positions)) {
        if (p.previousId !== null) expect(own.has(p.previousId)).toBe(true);
      }
    }
  });

  it('keep each item’s history, and make the import one change that undo takes back', async () => {
    const app = tempApp();
    const n = await workedNegotiation(app);
    const file = exported(app, n);
    const b = tempApp();
    const before = checksum(b.store);
    const result = value(await importText(b, JSON.stringify(file))) as ImportResult;
    const round = file.rounds.at(-1)!;
    const index = round.positions.findIndex((p) => p.text.startsWith('Reworded'));
    const imported = exported(b, result.negotiationId);
    const position = imported.rounds.at(-1)!.positions[index]!;
    const entries = await call(b, 'history:forItem', { entity: 'position', id: position.id });
    expect(entries[0]!.label).toBe(`Import “${file.negotiation.title}”`);
    expect(entries[0]!.imported).toBeNull();
    expect(entries.map((e) => e.label)).toContain('Edit position in round ' + round.sequence);
    expect(entries.some((e) => e.changes.some((c) => c.after.startsWith('Reworded')))).toBe(true);
    // The file's history keeps the names it had, and always says it came in the file: a file
    // cannot pass its changes off as made in this library.
    const fromFile = entries.filter((e) => e.label !== `Import “${file.negotiation.title}”`);
    expect(fromFile.length).toBeGreaterThan(0);
    for (const entry of fromFile) {
      expect(entry.imported).toEqual({
        fileName: 'talks.json',
        exportedBy: file.exportedBy,
        importedBy: 'tester',
        importedAt: expect.any(String),
      });
    }

    const search = await call(b, 'search:query', {
      query: 'نظارت',
      negotiationId: result.negotiationId,
    });
    expect(search.total).toBe(1);

    const state = await call(b, 'history:state', { scopeId: null });
    expect(state.undo?.label).toBe(`Import “${file.negotiation.title}”`);
    await call(b, 'history:undo', { scopeId: null });
    expect(await call(b, 'negotiations:list', {})).toEqual([]);
    const dataTables = ['negotiation', 'party', 'round', 'position', 'source', 'citation'];
    for (const table of dataTables) {
      expect(b.store.get(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual({ n: 0 });
    }
    for (const index of ['search_index', 'search_index_position']) {
      expect(b.store.get(`SELECT COUNT(*) AS n FROM ${index}`)).toEqual({ n: 0 });
    }
    expect(checksum(b.store)).not.toBe(before); // history remembers the import and its undo
  });

  it('report how far an import and an export have got', async () => {
    const app = tempApp({ deliver: async () => ({ kind: 'download', url: 'x' }) });
    const n = await workedNegotiation(app);
    const seen: { operation: string; fraction: number; message: string }[] = [];
    app.events.on((e) => {
      if (e.channel === 'transfer:progress') seen.push(e.payload);
    });
    await call(app, 'transfer:export', { negotiationId: n, kind: 'negotiation' });
    const text = exportFile(app.store, n, 'negotiation', ABOUT).text;
    value(await importText(app, text));
    for (const operation of ['export', 'import']) {
      const steps = seen.filter((s) => s.operation === operation);
      expect(steps.length).toBeGreaterThanOrEqual(3);
      const fractions = steps.map((s) => s.fraction);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(steps.at(-1)!.fraction).toBe(1);
    }
    expect(seen.map((s) => s.message)).toContain('Checking every reference…');
  });

  describe('refuse a bad file, naming the place, with the database unchanged', () => {
    const cases: [string, (file: NegotiationFile, text: string) => string, RegExp][] = [
      [
        'truncated',
        // Cut about halfway, after a comma: wherever the half falls in the sample's text (inside
        // an escape, say), the file still ends before its value does.
        (_f, text) => text.slice(0, text.lastIndexOf(',', Math.floor(text.length / 2)) + 1),
        /ends too soon \(line \d+, column \d+\).*cut off/,
      ],
      ['not JSON', () => 'Parley\nfile', /not valid JSON at line 1, column 1/],
      [
        'another format',
        (f) => JSON.stringify({ ...f, format: 'excel' }),
        /^format: this is not a Parley negotiation file/,
      ],
      [
        'a newer format version',
        (f) => JSON.stringify({ ...f, formatVersion: 3 }),
        /^formatVersion: this file was written by a newer Parley \(format version 3\)/,
      ],
      [
        'a wrong type',
        (f) => {
          (f.rounds[0] as unknown as Record<string, unknown>).sequence = 'one';
          return JSON.stringify(f);
        },
        /^rounds\[0\]\.sequence: Sequence must be a number\.$/,
      ],
      [
        'a missing field',
        (f) => {
          delete (f.parties[1] as unknown as Record<string, unknown>).shortCode;
          return JSON.stringify(f);
        },
        /^parties\[1\]\.shortCode: /,
      ],
      [
        'an unexpected field',
        (f) =>
          JSON.stringify({ ...f, issues: [{ ...f.issues[0], weight: 3 }, ...f.issues.slice(1)] }),
        /^issues\[0\]: unexpected field "weight"\.$/,
      ],
      [
        'a dangling party',
        (f) => {
          const round = f.rounds.findIndex((r) => r.positions.length > 1);
          f.rounds[round]!.positions[1]!.partyId = 9999;
          return JSON.stringify(f).replace('"__round__"', String(round));
        },
        /^rounds\[\d+\]\.positions\[1\]\.partyId: unknown party 9999\.$/,
      ],
      [
        'lineage to a later round',
        (f) => {
          const last = f.rounds.at(-1)!.positions[0]!;
          const first = f.rounds[0]!.positions.find(
            (p) => p.partyId === last.partyId && p.issueId === last.issueId,
          );
          if (first) first.previousId = last.id;
          else f.rounds[0]!.positions[0]!.previousId = last.id;
          return JSON.stringify(f);
        },
        /^rounds\[0\]\.positions\[\d+\]\.previousId: a position can only follow/,
      ],
      [
        'a duplicate id',
        (f) => {
          f.sources[1]!.id = f.sources[0]!.id;
          return JSON.stringify(f);
        },
        /^sources\[1\]\.id: Id \d+ appears twice\.$/,
      ],
      [
        'an unknown marking',
        (f) => JSON.stringify({ ...f, negotiation: { ...f.negotiation, marking: 'COSMIC' } }),
        /^negotiation\.marking: unknown marking "COSMIC"/,
      ],
      [
        'a history row naming nothing in the file',
        (f) => {
          const change = f.history.findIndex((c) =>
            c.rows.some((r) => r.entity === 'position' && r.after),
          );
          const row = f.history[change]!.rows.findIndex((r) => r.entity === 'position' && r.after);
          f.history[change]!.rows[row]!.after!.party_id = 4242;
          return JSON.stringify(f);
        },
        /^history\[\d+\]\.rows\[\d+\]\.after\.party_id: unknown party 4242\.$/,
      ],
      [
        'an identity naming no item',
        (f) => {
          f.identities.position!['987654'] = '0b6f3a52-8c1e-4c57-9a1f-3f3f0f0e2a11';
          return JSON.stringify(f);
        },
        /^identities\.position\.987654: the file holds no position 987654\.$/,
      ],
      [
        'one identity for two items',
        (f) => {
          const [first, second] = Object.keys(f.identities.party!);
          f.identities.party![second!] = f.identities.party![first!]!;
          return JSON.stringify(f);
        },
        /^identities\.party\.\d+: identity [0-9a-f-]{36} is given to two items\.$/,
      ],
      [
        'an identity that is not a UUID',
        (f) => {
          const [first] = Object.keys(f.identities.issue!);
          f.identities.issue![first!] = 'issue-one';
          return JSON.stringify(f);
        },
        /^identities\.issue\.\d+: must be a UUID/,
      ],
      [
        'identities for an unknown kind of item',
        (f) => JSON.stringify({ ...f, identities: { ...f.identities, spy: {} } }),
        /^identities\.spy: not a kind of item a negotiation file holds\.$/,
      ],
      ['an over-sized file', () => ' '.repeat(MAX_IMPORT_BYTES + 1), /larger than 100 MB/],
      ['an empty file', () => '', /The file is empty\./],
    ];
    for (const [name, spoil, message] of cases) {
      it(name, async () => {
        const app = tempApp();
        const n = await workedNegotiation(app);
        const text = exportFile(app.store, n, 'negotiation', ABOUT, { includeHistory: true }).text;
        const before = checksum(app.store);
        const result = await importText(app, spoil(JSON.parse(text) as NegotiationFile, text));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toMatch(message);
        expect(checksum(app.store)).toBe(before);
      });
    }
  });
});

describe('spreadsheet exports', () => {
  it('write positions as CSV Excel opens: BOM, CRLF, quoting, formulas neutralised', async () => {
    const app = tempApp();
    const n = createSample(app.store).id;
    const round = await call(app, 'negotiations:get', { id: n });
    await call(app, 'positions:create', {
      roundId: round.rounds[0]!.id,
      partyId: round.parties[0]!.id,
      issueId: round.issues[0]!.id,
      text: '=SUM(A1:A9) then "quoted", and\na new line',
      notes: '@evil',
    });
    await call(app, 'positions:create', {
      roundId: round.rounds[0]!.id,
      partyId: round.parties[1]!.id,
      issueId: round.issues[0]!.id,
      text: 'غنی‌سازی حق مسلم ماست.',
    });
    const { fileName, text } = exportFile(app.store, n, 'positions-csv', ABOUT);
    expect(fileName).toMatch(/^UNCLASSIFIED - .* - positions - \d{4}-\d{2}-\d{2}\.csv$/);
    // The marking alone on the first and last line, as a document's banner.
    expect(text.startsWith('\uFEFFUNCLASSIFIED\r\nRound,Round title,Dates,Party,')).toBe(true);
    expect(text.endsWith('\r\nUNCLASSIFIED\r\n')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = Papa.parse<string[]>(text.slice(1), { newline: '\r\n' }).data.filter(
      (r) => r.length > 1,
    );
    const header = rows[0]!;
    const injected = rows.find((r) => r[header.indexOf('Position')]!.includes('SUM'))!;
    expect(injected[header.indexOf('Position')]).toBe(
      '\'=SUM(A1:A9) then "quoted", and\na new line',
    );
    expect(injected[header.indexOf('Notes')]).toBe("'@evil");
    expect(injected[header.indexOf('Change')]).toBe('new');
    expect(rows.some((r) => r[header.indexOf('Position')] === 'غنی‌سازی حق مسلم ماست.')).toBe(true);
    const positions = app.store.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM position p JOIN round r ON r.id = p.round_id WHERE r.negotiation_id = ?',
      n,
    )!.n;
    expect(rows).toHaveLength(positions + 1);
  });

  it('write the trajectory grid: a column per round, markers in words', async () => {
    const app = tempApp();
    const n = createSample(app.store).id;
    const { fileName, text } = exportFile(app.store, n, 'trajectory-csv', ABOUT);
    expect(fileName).toMatch(/ - trajectory - .*\.csv$/);
    const rows = Papa.parse<string[]>(text.slice(1), { newline: '\r\n' }).data.filter(
      (r) => r.length > 1,
    );
    const detail = await call(app, 'negotiations:get', { id: n });
    expect(rows[0]).toEqual([
      'Issue',
      'Party',
      ...detail.rounds.map((r) => `Round ${r.sequence}: ${r.title}`),
    ]);
    expect(rows).toHaveLength(1 + detail.parties.length * detail.issues.length);
    const cells = rows
      .slice(1)
      .flatMap((r) => r.slice(2))
      .filter(Boolean);
    expect(cells.some((c) => c.startsWith('new: '))).toBe(true);
    expect(
      cells.every((c) => /^(new|unchanged|reworded|hardened|softened|dropped)\b/.test(c)),
    ).toBe(true);
  });
});

describe('the file format documentation', () => {
  it('describes every field of the schema', () => {
    const doc = readFileSync(new URL('../../shared/exchange-format.md', import.meta.url), 'utf8');
    const fields = new Set<string>();
    const walk = (schema: unknown) => {
      const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
      if (def.type === 'object') {
        for (const [key, inner] of Object.entries(def.shape as Record<string, unknown>)) {
          fields.add(key);
          walk(inner);
        }
      } else if (def.type === 'array') walk(def.element);
      else if (def.type === 'nullable' || def.type === 'optional') walk(def.innerType);
      else if (def.type === 'pipe') walk(def.in);
    };
    walk(negotiationFile);
    expect(fields.size).toBeGreaterThan(60);
    const missing = [...fields].filter((f) => !doc.includes(`\`${f}\``));
    expect(missing).toEqual([]);
  });
});
