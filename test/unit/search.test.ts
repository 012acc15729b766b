import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate } from '../../main/db/migrations';
import { entriesFromData, entriesInIndex } from '../../main/db/searchIndex';
import { createSample } from '../../main/services/sample';
import { highlight, parseQuery } from '../../main/services/search';
import { decodeKey, indexTableOf, KIND_CODES, matchingKeys } from '../../main/db/queries/search';
import type { Reader } from '../../main/db/types';
import type { SearchResults } from '../../shared/search';
import { checksum, tempApp, call } from './helpers';

type App = ReturnType<typeof tempApp>;

async function talks(app: App) {
  const { dispatch } = app;
  const n = await call(dispatch, 'negotiations:create', {
    title: 'Nuclear talks',
    parties: [
      { name: 'United States', shortCode: 'US', role: 'principal' },
      { name: 'Iran', shortCode: 'IR', role: 'principal' },
    ],
    issues: [{ title: 'Enrichment' }, { title: 'Sanctions' }],
  });
  const other = await call(dispatch, 'negotiations:create', {
    title: 'Other talks',
    parties: [{ name: 'Oman', shortCode: 'OM', role: 'mediator' }],
    issues: [{ title: 'Shipping' }],
  });
  const round = async (negotiationId: number, sequence: number, details = {}) => {
    const r = await call(dispatch, 'rounds:create', {
      negotiationId,
      sequence,
      title: `Round ${sequence}`,
    });
    if (Object.keys(details).length)
      await call(dispatch, 'rounds:update', { id: r.id, ...details });
    return r;
  };
  const r1 = await round(n.id, 1, { location: 'Muscat', summary: 'Talks about enrichment caps.' });
  const r2 = await round(n.id, 2);
  const r3 = await round(n.id, 3);
  const o1 = await round(other.id, 1);
  const position = async (roundId: number, partyId: number, issueId: number, text: string) =>
    await call(dispatch, 'positions:create', { roundId, partyId, issueId, text });
  const p1 = await position(r1.id, 1, 1, 'Zero enrichment on Iranian soil.');
  const p2 = await position(r2.id, 2, 1, 'Enrichment is a sovereign right under the NPT.');
  const p3 = await position(r3.id, 1, 2, 'Sanctions relief only after verified enrichment limits.');
  const p4 = await position(r3.id, 2, 2, 'تحریم‌ها باید فوراً لغو شوند و غنی‌سازی ادامه یابد.');
  await position(o1.id, 3, 3, 'Enrichment is not on this agenda.');
  const redLine = await call(dispatch, 'redLines:create', {
    partyId: 2,
    issueId: 1,
    text: 'No halt to enrichment, ever.',
    declaredBy: 'Supreme Leader',
  });
  const source = await call(dispatch, 'sources:create', {
    negotiationId: n.id,
    kind: 'interview',
    speaker: 'Abbas Araghchi',
    outlet: 'State TV',
    quote: 'We will never give up enrichment.',
  });
  return { n: n.id, other: other.id, r1, r2, r3, o1, p1, p2, p3, p4, redLine, source };
}

async function search(app: App, query: string, filters: Record<string, unknown> = {}) {
  return await call(app, 'search:query', { query, ...filters });
}

const ids = (results: SearchResults, kind: string) =>
  results.groups.find((g) => g.kind === kind)?.hits.map((h) => h.id) ?? [];

describe('search queries', () => {
  it('read words, phrases and prefixes, and never pass FTS5 syntax through', () => {
    expect(parseQuery('zero enrichment', { typing: false })).toMatchObject({
      match: '"zero" "enrichment"',
      terms: ['zero', 'enrichment'],
    });
    expect(parseQuery('"sovereign right" npt', { typing: false }).match).toBe(
      '"sovereign right" "npt"',
    );
    expect(parseQuery('enrich*', { typing: false })).toMatchObject({
      match: '"enrich"*',
      terms: ['enrich*'],
    });
    // While typing, the last word (of two letters or more) is a prefix too.
    expect(parseQuery('zero enr').match).toBe('"zero" "enr"*');
    expect(parseQuery('zero e').match).toBe('"zero" "e"');
    expect(parseQuery('zero enr ').match).toBe('"zero" "enr"');
    // Operators, brackets, columns and stray quotes are words or punctuation.
    expect(parseQuery('a AND OR NOT NEAR(b c) body:x', { typing: false }).match).toBe(
      '"a" "AND" "OR" "NOT" "NEAR(b" "c)" "body:x"',
    );
    expect(parseQuery('"unclosed phrase').match).toBe('"unclosed phrase"');
    expect(parseQuery('*** --- ^ " ( ) :').match).toBeNull();
    expect(parseQuery('').match).toBeNull();
  });

  it('mark matching words, prefixes, accents folded, around the first match', () => {
    const { words } = parseQuery('"SOVEREIGN right" enrich', { typing: true });
    expect(highlight('Enrichment is a sovereign right.', words)).toEqual([
      { text: 'Enrichment', hit: true },
      { text: ' is a ', hit: false },
      { text: 'sovereign', hit: true },
      { text: ' ', hit: false },
      { text: 'right', hit: true },
      { text: '.', hit: false },
    ]);
    expect(highlight('Café   crème', parseQuery('cafe', { typing: false }).words)).toEqual([
      { text: 'Café', hit: true },
      { text: ' crème', hit: false },
    ]);
    const long = `${'word '.repeat(40)}target ${'tail '.repeat(40)}`.trim();
    const parts = highlight(long, parseQuery('target', { typing: false }).words);
    expect(parts[0]!.text.startsWith('…')).toBe(true);
    expect(parts.find((p) => p.hit)?.text).toBe('target');
    expect(parts.at(-1)!.text.endsWith('…')).toBe(true);
    expect(
      parts
        .map((p) => p.text)
        .join('')
        .split(' ').length,
    ).toBeLessThan(32);
  });
});

describe('search', () => {
  it('finds positions, red lines, sources and rounds, grouped, with the words marked', async () => {
    const app = tempApp();
    const t = await talks(app);
    const results = await search(app, 'enrichment', { negotiationId: t.n });
    expect(results.groups.map((g) => [g.kind, g.total])).toEqual([
      ['issue', 1],
      ['position', 3],
      ['red_line', 1],
      ['source', 1],
      ['round', 1],
    ]);
    expect(results.total).toBe(7);
    const red = results.groups[2]!.hits[0]!;
    expect(red).toMatchObject({
      kind: 'red_line',
      id: t.redLine.id,
      negotiationTitle: 'Nuclear talks',
      party: { shortCode: 'IR' },
      issue: { title: 'Enrichment' },
    });
    expect(red.label).toContain('Supreme Leader');
    expect(red.snippet).toEqual([
      { text: 'No halt to ', hit: false },
      { text: 'enrichment', hit: true },
      { text: ', ever.', hit: false },
    ]);
    const round = results.groups[4]!.hits[0]!;
    expect(round).toMatchObject({ round: { id: t.r1.id, sequence: 1 } });
    expect(round.label).toContain('Muscat');
  });

  it('finds issues by title and description, parties by name and code, people by name and title', async () => {
    const app = tempApp();
    const t = await talks(app);
    await call(app, 'issues:update', { id: 2, description: 'Relief from oil embargoes.' });
    const person = await call(app, 'people:create', {
      partyId: 2,
      name: 'Abbas Araghchi',
      title: 'Deputy Foreign Minister',
    });
    await call(app, 'people:create', {
      partyId: 1,
      name: 'Wendy Sherman',
      title: 'Under Secretary',
    });
    const inTalks = { negotiationId: t.n };

    const issues = await search(app, 'embargoes', inTalks);
    expect(issues.groups.map((g) => g.kind)).toEqual(['issue']);
    expect(issues.groups[0]!.hits[0]).toMatchObject({
      kind: 'issue',
      id: 2,
      issue: { id: 2, title: 'Sanctions' },
      label: 'Issue',
      snippet: [
        { text: 'Sanctions — Relief from oil ', hit: false },
        { text: 'embargoes', hit: true },
        { text: '.', hit: false },
      ],
    });

    const party = await search(app, 'united', inTalks);
    expect(ids(party, 'party')).toEqual([1]);
    expect(party.groups[0]!.hits[0]).toMatchObject({
      party: { id: 1, shortCode: 'US' },
      label: 'Principal · Wendy Sherman',
    });
    expect(ids(await search(app, 'IR', inTalks), 'party')).toEqual([2]);
    // Roles are words of the entry: every mediator, in every negotiation.
    expect(ids(await search(app, 'mediator'), 'party')).toEqual([3]);

    const people = await search(app, 'araghchi', inTalks);
    expect(people.groups.map((g) => g.kind)).toEqual(['person', 'source']);
    expect(people.groups[0]!.hits[0]).toMatchObject({
      id: person.id,
      party: { id: 2, name: 'Iran' },
      label: 'Iran',
      snippet: [
        { text: 'Abbas ', hit: false },
        { text: 'Araghchi', hit: true },
        { text: ' — Deputy Foreign Minister', hit: false },
      ],
    });
    expect(ids(await search(app, 'under secretary', inTalks), 'person')).toHaveLength(1);
    // The party filter keeps a party's own entry and its people, nobody else's.
    const byParty = await search(app, 'a', { ...inTalks, partyId: 2 });
    expect(byParty.groups.every((g) => !['issue', 'source', 'round'].includes(g.kind))).toBe(true);
    expect(ids(await search(app, 'sherman', { ...inTalks, partyId: 2 }), 'person')).toEqual([]);
    // The issue filter finds the issue itself.
    expect(ids(await search(app, 'sanctions', { ...inTalks, issueId: 2 }), 'issue')).toEqual([2]);
    // Another negotiation's names stay out of this one's results.
    expect(ids(await search(app, 'oman', inTalks), 'party')).toEqual([]);
    expect(ids(await search(app, 'oman'), 'party')).toEqual([3]);
  });

  it('keep issues, parties and people in step with edits, deletes and undo', async () => {
    const app = tempApp();
    const t = await talks(app);
    const agree = () => expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    const find = async (q: string, kind: string) =>
      ids(await search(app, q, { negotiationId: t.n }), kind);
    const person = await call(app, 'people:create', { partyId: 2, name: 'Javad Zarif' });
    expect(await find('zarif', 'person')).toEqual([person.id]);
    await call(app, 'people:update', { id: person.id, title: 'Foreign Minister' });
    expect(await find('minister', 'person')).toEqual([person.id]);
    await call(app, 'parties:update', { id: 2, name: 'Islamic Republic of Iran' });
    expect(await find('islamic', 'party')).toEqual([2]);
    // The person's entry is theirs alone: their party's new name shows around it.
    const hit = (await search(app, 'zarif', { negotiationId: t.n })).groups[0]!.hits[0]!;
    expect(hit.label).toBe('Islamic Republic of Iran');
    await call(app, 'issues:update', { id: 1, title: 'Uranium enrichment' });
    expect(await find('uranium', 'issue')).toEqual([1]);
    agree();

    await call(app, 'people:delete', { id: person.id });
    expect(await find('zarif', 'person')).toEqual([]);
    await call(app, 'history:undo', { scopeId: t.n });
    expect(await find('zarif', 'person')).toEqual([person.id]);
    await call(app, 'history:undo', { scopeId: t.n });
    expect(await find('uranium', 'issue')).toEqual([]);
    expect(await find('enrichment', 'issue')).toEqual([1]);
    await call(app, 'history:redo', { scopeId: t.n });
    expect(await find('uranium', 'issue')).toEqual([1]);
    agree();

    // Deleting a party takes its people and red lines with it, and undo brings all back.
    await call(app, 'parties:delete', { id: 2 });
    expect(await find('zarif', 'person')).toEqual([]);
    expect(await find('islamic', 'party')).toEqual([]);
    agree();
    await call(app, 'history:undo', { scopeId: t.n });
    expect(await find('zarif', 'person')).toEqual([person.id]);
    expect(await find('islamic', 'party')).toEqual([2]);
    agree();
    await call(app, 'issues:delete', { id: 1 });
    expect(await find('uranium', 'issue')).toEqual([]);
    agree();
  });

  it('re-key a version 8 library (id * 4 + kind) and keep every hit it had, issues, parties and people added', async () => {
    const app = tempApp();
    const t = await talks(app);
    createSample(app.store);
    await call(app, 'people:create', { partyId: 2, name: 'Javad Zarif' });
    const queries = ['enrichment', 'sanctions', 'araghchi', 'muscat', 'لغو', '"sovereign right"'];
    const old = ['position', 'red_line', 'source', 'round'];
    const before = await Promise.all(queries.map((q) => search(app, q, { limit: 100 })));

    // The library as version 8 left it: the same tables, the index keyed id * 4 + kind and
    // holding the four kinds it knew.
    const db = app.store.db;
    db.exec(`
      DROP TABLE search_index_position;
      DELETE FROM search_index;
      INSERT INTO search_index (rowid, title, body, extra, tags)
        SELECT p.id * 4, '', p.text, p.notes,
               'n' || r.negotiation_id || ' k0 p' || p.party_id || ' i' || p.issue_id || ' r' || p.round_id
        FROM position p JOIN round r ON r.id = p.round_id;
      INSERT INTO search_index (rowid, title, body, extra, tags)
        SELECT l.id * 4 + 1, l.declared_by, l.text, l.notes,
               'n' || p.negotiation_id || ' k1 p' || l.party_id || ' i' || l.issue_id
        FROM red_line l JOIN party p ON p.id = l.party_id;
      INSERT INTO search_index (rowid, title, body, extra, tags)
        SELECT id * 4 + 2, trim(speaker || ' ' || outlet), quote, trim(reference || ' ' || notes),
               'n' || negotiation_id || ' k2'
        FROM source;
      INSERT INTO search_index (rowid, title, body, extra, tags)
        SELECT id * 4 + 3, title, trim(summary || char(10) || outcome || char(10) || next_steps),
               trim(location || ' ' || channel || ' ' || date_note), 'n' || negotiation_id || ' k3 r' || id
        FROM round;
    `);
    db.pragma('user_version = 8');
    // Re-keyed by migration 9; migrations 10, 12 and 14 made tables this library already has,
    // so developments are indexed by migration 11, linkages by 13 and documents' text by 15;
    // later migrations (16: library settings) made tables it has too.
    expect(migrate(db, { upTo: 9 })).toBe(1);
    db.pragma('user_version = 10');
    expect(migrate(db, { upTo: 11 })).toBe(1);
    db.pragma('user_version = 12');
    expect(migrate(db, { upTo: 13 })).toBe(1);
    db.pragma('user_version = 14');
    expect(migrate(db, { upTo: 15 })).toBe(1);
    // Migrations 16 to 18 (row identities, library settings, shared documents) made tables
    // this library already has; 19 moves positions' entries to a table of their own.
    db.pragma('user_version = 18');
    expect(migrate(db, { upTo: 19 })).toBe(1);
    db.pragma(`user_version = ${LATEST_VERSION}`);

    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    for (const table of ['search_index', 'search_index_position']) {
      expect(db.prepare(`SELECT v FROM ${table}_config WHERE k = 'hashsize'`).get()).toEqual({
        v: 16777216,
      });
    }
    expect(db.prepare('SELECT COUNT(*) AS n FROM search_index WHERE rowid % 16 = 0').get()).toEqual(
      { n: 0 },
    );
    const after = await Promise.all(queries.map((q) => search(app, q, { limit: 100 })));
    queries.forEach((q, i) => {
      const known = (r: SearchResults) => r.groups.filter((g) => old.includes(g.kind));
      expect(known(after[i]!), q).toEqual(known(before[i]!));
    });
    expect(ids(await search(app, 'zarif', { negotiationId: t.n }), 'person')).toHaveLength(1);
    expect(ids(await search(app, 'enrichment', { negotiationId: t.n }), 'issue')).toEqual([1]);
    expect(ids(await search(app, 'united', { negotiationId: t.n }), 'party')).toEqual([1]);
  });

  it('search every negotiation when none is chosen', async () => {
    const app = tempApp();
    const t = await talks(app);
    const everywhere = await search(app, 'enrichment agenda');
    expect(everywhere.groups.map((g) => g.kind)).toEqual(['position']);
    expect(everywhere.groups[0]!.hits[0]!.negotiationId).toBe(t.other);
  });

  it('key positions by negotiation: a scope reads its own, and the newest lead across negotiations', async () => {
    const app = tempApp();
    const t = await talks(app);
    const reader: Reader = app.store;
    // The later negotiation's position first, then a newer one in the earlier negotiation.
    const older = await call(app, 'positions:create', {
      roundId: t.o1.id,
      partyId: 3,
      issueId: 3,
      text: 'Centrifuge enrichment cascades.',
    });
    const newer = await call(app, 'positions:create', {
      roundId: t.r1.id,
      partyId: 1,
      issueId: 1,
      text: 'Centrifuge numbers frozen.',
    });
    expect(t.other).toBeGreaterThan(t.n);
    const match = `{title body extra}: ("centrifuge")`;
    const recent = matchingKeys(
      reader,
      'search_index_position',
      { match, range: null },
      'recent',
      5,
    );
    expect(recent.map((key) => decodeKey(key).id)).toEqual([newer.id, older.id]);
    expect(ids(await search(app, 'centrifuge', { negotiationId: t.n }), 'position')).toEqual([
      newer.id,
    ]);
    expect(ids(await search(app, 'centrifuge', { negotiationId: t.other }), 'position')).toEqual([
      older.id,
    ]);
    // Edited, deleted, put back: its entry follows.
    await call(app, 'positions:update', { id: newer.id, text: 'Centrifuge numbers capped.' });
    await call(app, 'positions:delete', { id: newer.id });
    expect(ids(await search(app, 'centrifuge', { negotiationId: t.n }), 'position')).toEqual([]);
    await call(app, 'history:undo', { scopeId: t.n });
    expect(ids(await search(app, 'centrifuge', { negotiationId: t.n }), 'position')).toEqual([
      newer.id,
    ]);
    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
  });

  it('write entries in ascending key order, so undoing a large change is one write of the index', async () => {
    // FTS5 writes out what it holds whenever a key comes lower than the one before: an undo
    // taking rows out newest first wrote a segment per row, then merged them (seconds at huge).
    const app = tempApp();
    const sample = createSample(app.store);
    const last = app.store.get<{ id: number; sequence: number }>(
      'SELECT id, sequence FROM round WHERE negotiation_id = ? ORDER BY sequence DESC LIMIT 1',
      sample.id,
    )!;
    const carried = await call(app, 'rounds:carryForward', {
      negotiationId: sample.id,
      sequence: last.sequence + 1,
      title: 'Carried',
      fromRoundId: last.id,
    });
    const positions = app.store.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM position WHERE round_id = ?',
      carried.id,
    )!.n;
    expect(positions).toBeGreaterThan(5);
    const writes: { op: string; key: bigint }[] = [];
    const store = app.store as unknown as {
      prepare(sql: string): { run(...a: unknown[]): unknown };
    };
    const prepare = store.prepare.bind(store);
    store.prepare = (sql: string) => {
      const statement = prepare(sql);
      const op = /^(DELETE FROM|INSERT INTO) search_index_position\b/.exec(sql)?.[1];
      if (!op) return statement;
      return {
        run: (...params: unknown[]) => {
          writes.push({ op, key: params[0] as bigint });
          return statement.run(...params);
        },
      };
    };
    const ascending = (keys: bigint[]) => keys.every((key, i) => i === 0 || keys[i - 1]! < key);
    await call(app, 'history:undo', { scopeId: sample.id });
    expect(writes.filter((w) => w.op === 'DELETE FROM')).toHaveLength(positions);
    expect(ascending(writes.map((w) => w.key))).toBe(true);
    writes.length = 0;
    await call(app, 'history:redo', { scopeId: sample.id });
    expect(writes.filter((w) => w.op === 'INSERT INTO')).toHaveLength(positions);
    expect(ascending(writes.map((w) => w.key))).toBe(true);
    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
  });

  it('rank the best match first and cap each group, keeping the total', async () => {
    const app = tempApp();
    const t = await talks(app);
    const results = await search(app, 'enrichment', { negotiationId: t.n, limit: 1 });
    const positions = results.groups.find((g) => g.kind === 'position')!;
    expect(positions.total).toBe(3);
    expect(positions.hits).toHaveLength(1);
    const more = await search(app, 'enrichment', {
      negotiationId: t.n,
      kind: 'position',
      limit: 50,
    });
    expect(more.groups.map((g) => g.kind)).toEqual(['position']);
    expect(ids(more, 'position').sort()).toEqual([t.p1.id, t.p2.id, t.p3.id].sort());
  });

  it('rank small kinds together exactly as each kind alone would be ranked', async () => {
    const app = tempApp();
    const sample = createSample(app.store);
    const reader: Reader = app.store;
    let kinds = 0;
    for (const query of ['enrichment', 'missiles', 'carrier', 'talks']) {
      for (const limit of [1, 2, 6]) {
        const results = await search(app, query, { negotiationId: sample.id, limit });
        expect(results.groups.length, query).toBeGreaterThan(0);
        kinds = Math.max(kinds, results.groups.length);
        const match = `{title body extra}: (${parseQuery(query).match}) AND tags: ("n${sample.id}")`;
        for (const group of results.groups) {
          const alone = matchingKeys(
            reader,
            indexTableOf(group.kind),
            { match: `${match} AND tags: "k${KIND_CODES[group.kind]}"`, range: null },
            group.order,
            limit,
          ).map((key) => decodeKey(key).id);
          expect(
            group.hits.map((h) => h.id),
            `${query} ${group.kind} ${limit}`,
          ).toEqual(alone);
        }
      }
    }
    expect(kinds).toBeGreaterThan(3);
  });

  it('filter by party, issue and round range', async () => {
    const app = tempApp();
    const t = await talks(app);
    const byParty = await search(app, 'enrichment', { negotiationId: t.n, partyId: 2 });
    expect(ids(byParty, 'position')).toEqual([t.p2.id]);
    expect(ids(byParty, 'red_line')).toEqual([t.redLine.id]);
    // Sources and rounds belong to no party.
    expect(byParty.groups.map((g) => g.kind)).toEqual(['position', 'red_line']);
    const byIssue = await search(app, 'enrichment', { negotiationId: t.n, issueId: 2 });
    expect(ids(byIssue, 'position')).toEqual([t.p3.id]);
    const byRounds = await search(app, 'enrichment', {
      negotiationId: t.n,
      fromSequence: 2,
      toSequence: 3,
    });
    expect(ids(byRounds, 'position').sort()).toEqual([t.p2.id, t.p3.id].sort());
    expect(byRounds.groups.map((g) => g.kind)).toEqual(['position']);
  });

  it('match phrases, prefixes and Persian words', async () => {
    const app = tempApp();
    const t = await talks(app);
    expect(ids(await search(app, '"sovereign right"', { negotiationId: t.n }), 'position')).toEqual(
      [t.p2.id],
    );
    expect(ids(await search(app, '"right sovereign"', { negotiationId: t.n }), 'position')).toEqual(
      [],
    );
    expect(ids(await search(app, 'sover', { negotiationId: t.n }), 'position')).toEqual([t.p2.id]);
    expect(ids(await search(app, 'verif* relief ', { negotiationId: t.n }), 'position')).toEqual([
      t.p3.id,
    ]);
    const persian = await search(app, 'لغو', { negotiationId: t.n });
    expect(ids(persian, 'position')).toEqual([t.p4.id]);
    expect(persian.groups[0]!.hits[0]!.snippet.some((p) => p.hit && p.text === 'لغو')).toBe(true);
  });

  it('stay in step with every write, undo included', async () => {
    const app = tempApp();
    const t = await talks(app);
    const find = async (q: string) => ids(await search(app, q, { negotiationId: t.n }), 'position');
    await call(app, 'positions:update', { id: t.p1.id, text: 'A cap of 3.67 percent.' });
    expect(await find('zero')).toEqual([]);
    expect(await find('percent')).toEqual([t.p1.id]);
    await call(app, 'positions:update', { id: t.p1.id, notes: 'Weapons-grade worry.' });
    expect(await find('weapons')).toEqual([t.p1.id]);
    await call(app, 'positions:delete', { id: t.p1.id });
    expect(await find('percent')).toEqual([]);
    await call(app, 'history:undo', { scopeId: t.n });
    expect(await find('percent')).toEqual([t.p1.id]);
    await call(app, 'sources:update', { id: t.source.id, speaker: 'Ali Larijani' });
    const bySpeaker = await search(app, 'larijani', { negotiationId: t.n });
    expect(ids(bySpeaker, 'source')).toEqual([t.source.id]);
    await call(app, 'rounds:update', { id: t.r2.id, outcome: 'Deadlock in Vienna.' });
    expect(ids(await search(app, 'deadlock', { negotiationId: t.n }), 'round')).toEqual([t.r2.id]);
    // Deleting a negotiation takes its entries out of the index.
    await call(app, 'negotiations:delete', { id: t.n });
    expect((await search(app, 'enrichment')).total).toBe(1);
  });

  it('hold exactly what the data says after edits, deletes, undo, redo, carry-forward and import', async () => {
    const app = tempApp();
    const t = await talks(app);
    const sample = createSample(app.store);
    const agree = () => expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    agree();
    await call(app, 'rounds:carryForward', {
      negotiationId: t.n,
      sequence: 4,
      title: 'Next',
      fromRoundId: t.r3.id,
    });
    await call(app, 'redLines:update', {
      id: t.redLine.id,
      declaredBy: 'Foreign Ministry',
      notes: 'Repeated.',
    });
    await call(app, 'parties:delete', { id: 2 });
    agree();
    await call(app, 'history:undo', { scopeId: t.n });
    agree();
    await call(app, 'history:redo', { scopeId: t.n });
    await call(app, 'negotiations:delete', { id: sample.id });
    agree();
    await call(app, 'history:undo', { scopeId: null });
    agree();
    expect(entriesInIndex(app.store).length).toBeGreaterThan(20);
  });

  it('answer odd input with results or nothing, never an error, and change nothing', async () => {
    const app = tempApp();
    await talks(app);
    const before = checksum(app.store);
    const odd = [
      'AND',
      'OR OR',
      'NOT',
      'NEAR(',
      '"',
      '""',
      '"""',
      '*',
      'enrichment*"',
      '^enrichment',
      'title:enrichment',
      '{body}: x',
      '(a OR b)',
      '-enrichment',
      '+zero',
      'a" OR "b',
      '\u0000\u0001',
      '\u200c\u200d',
      '😀 enrichment',
      'x'.repeat(500),
      "'; DROP TABLE position; --",
    ];
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const alphabet = 'ab "*()^:-+{}ANDORNOT\u0000\u200fغ😀.,';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(rand() * 20);
      odd.push(
        Array.from({ length }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
      );
    }
    for (const query of odd) {
      const result = await app.dispatch('search:query', { query });
      expect(result.ok, `${JSON.stringify(query)}: ${JSON.stringify(result)}`).toBe(true);
    }
    expect(checksum(app.store)).toBe(before);
  });
});
