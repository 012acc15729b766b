import { describe, expect, it } from 'vitest';
import { CHANNELS, type ChannelName } from '../../shared/channels';
import { checksum, tempApp, call } from './helpers';

// For every channel: payloads that must be refused. Each channel also gets the generic ones.
const GENERIC = [
  undefined,
  null,
  42,
  'text',
  [],
  JSON.parse('{"__proto__":{"id":1}}'),
  { constructor: { prototype: {} } },
];
const BAD: Record<ChannelName, unknown[]> = {
  'app:info': [{ extra: 1 }],
  'markings:list': [{ extra: 1 }],
  'negotiations:list': [{ id: 1 }],
  'negotiations:create': [
    {},
    { title: '' },
    { title: '   ' },
    { title: 'x'.repeat(301) },
    { title: 'T', parties: [{ name: 'A', shortCode: 'A', role: 'king' }] },
    { title: 'T', parties: [{ name: 'A', shortCode: 'A', role: 'principal', colour: 'red' }] },
    {
      title: 'T',
      parties: [
        { name: 'A', shortCode: 'A', role: 'principal' },
        { name: 'a', shortCode: 'B', role: 'principal' },
      ],
    },
    { title: 'T', issues: [{ title: 'E' }, { title: 'e' }] },
    { title: 'T', markingId: 99 },
    { title: 'T', constructor: { prototype: { polluted: true } } },
    JSON.parse('{"title":"T","__proto__":{"polluted":true}}'),
  ],
  'negotiations:get': [{}, { id: 0 }, { id: -1 }, { id: 1.5 }, { id: '1' }, { id: 999 }],
  'rounds:create': [
    { negotiationId: 1, title: 'R' },
    { negotiationId: 1, sequence: 0, title: 'R' },
    { negotiationId: 1, sequence: 1, title: '' },
    { negotiationId: 1, sequence: Number.NaN, title: 'R' },
    { negotiationId: 1, sequence: 1, title: 'R', startDate: '2026-02-30' },
    { negotiationId: 1, sequence: 1, title: 'R', startDate: '2026-02-14', endDate: '2025' },
    { negotiationId: 1, sequence: 1, title: 'R', format: 'telepathic' },
    { negotiationId: 999, sequence: 5, title: 'R' },
    { negotiationId: 1, sequence: 1, title: 'Duplicate sequence' },
  ],
  'rounds:get': [{ id: 999 }, { id: null }],
  'negotiations:update': [
    { id: 1, title: '' },
    { id: 999, title: 'X' },
    { id: 1, markingId: 99 },
    { title: 'X' },
  ],
  'negotiations:delete': [{ id: 999 }, {}],
  'parties:create': [
    { negotiationId: 1, name: 'A', shortCode: 'Z', role: 'principal' },
    { negotiationId: 1, name: 'Z', shortCode: 'a', role: 'principal' },
    { negotiationId: 999, name: 'Z', shortCode: 'Z', role: 'principal' },
    { negotiationId: 1, name: 'Z', shortCode: 'Z', role: 'principal', colour: '#12345' },
  ],
  'parties:update': [
    { id: 1, name: 'B' },
    { id: 999, name: 'Q' },
    { id: 1, role: 'boss' },
  ],
  'parties:delete': [{ id: 999 }],
  'parties:reorder': [
    { negotiationId: 1, ids: [1] },
    { negotiationId: 1, ids: [] },
    { negotiationId: 1, ids: [2, 3] },
  ],
  'people:create': [
    { partyId: 999, name: 'X' },
    { partyId: 1, name: '' },
  ],
  'people:update': [{ id: 999, name: 'X' }],
  'people:delete': [{ id: 999 }],
  'people:reorder': [{ partyId: 1, ids: [5] }],
  'issues:create': [
    { negotiationId: 1, title: 'e' },
    { negotiationId: 999, title: 'New' },
  ],
  'issues:update': [
    { id: 1, title: '' },
    { id: 999, title: 'X' },
  ],
  'issues:delete': [{ id: 999 }],
  'issues:reorder': [{ negotiationId: 1, ids: [2] }],
  'rounds:carryForward': [
    { negotiationId: 1, sequence: 2, title: 'R', fromRoundId: 999 },
    { negotiationId: 2, sequence: 2, title: 'R', fromRoundId: 1 },
    { negotiationId: 1, sequence: 1, title: 'R', fromRoundId: 1 },
  ],
  'rounds:update': [
    { id: 1, title: '' },
    { id: 999, title: 'X' },
    { id: 1, participantIds: [999] },
    { id: 1, startDate: '2026-02-14', endDate: '2026-01-01' },
    { id: 1, markingId: 42 },
  ],
  'rounds:delete': [{ id: 999 }],
  'rounds:reorder': [
    { negotiationId: 1, ids: [2] },
    { negotiationId: 1, ids: [1, 1] },
  ],
  'positions:update': [{ id: 999, text: 'x' }],
  'positions:delete': [{ id: 999 }],
  'positions:link': [{ id: 999, previousId: null }],
  'positions:linkCandidates': [{ id: 999 }],
  'redLines:create': [
    { partyId: 1, issueId: 2, text: 'x' },
    { partyId: 1, issueId: 1, text: '' },
    { partyId: 1, issueId: 1, text: 'x', status: 'gone' },
  ],
  'redLines:update': [{ id: 999, text: 'x' }],
  'redLines:delete': [{ id: 999 }],
  'developments:create': [
    { negotiationId: 1, kind: 'rumour', title: 'x' },
    { negotiationId: 1, kind: 'meeting', title: '' },
    { negotiationId: 1, kind: 'meeting', title: 'x', startDate: 'the day after' },
    { negotiationId: 1, kind: 'meeting', title: 'x', significance: 'huge' },
    { negotiationId: 1, kind: 'meeting', title: 'x', partyIds: [1, 1] },
  ],
  'developments:update': [{ id: 999, title: 'x' }],
  'developments:delete': [{ id: 999 }],
  'linkages:create': [
    { roundId: 1, partyId: 1, kind: 'bargain', statement: 'x', issueIds: [1, 2] },
    { roundId: 1, partyId: 1, kind: 'exchange', statement: '', issueIds: [1, 2] },
    { roundId: 1, partyId: 1, kind: 'exchange', statement: 'x', issueIds: [1, 1] },
    { roundId: 1, partyId: 1, kind: 'exchange', statement: 'x', issueIds: [1, 2], status: 'on' },
    { roundId: 1, partyId: 1, kind: 'exchange', statement: 'x' },
  ],
  'linkages:update': [{ id: 999, statement: 'x' }],
  'linkages:delete': [{ id: 999 }],
  'packages:create': [
    { roundId: 1, partyId: 1, stance: 'offered', title: '', positionIds: [1, 2] },
    { roundId: 1, partyId: 1, stance: 'given', title: 'x', positionIds: [1, 2] },
    { roundId: 1, partyId: 1, stance: 'offered', title: 'x' },
  ],
  'packages:update': [{ id: 999, title: 'x' }],
  'packages:delete': [{ id: 999 }],
  'documents:attach': [
    { sourceId: 1, fileName: 'a.txt' },
    { sourceId: 1, fileName: 'a.txt', dataBase64: 'not base64!' },
    { sourceId: 999, fileName: 'a.txt', dataBase64: 'aGVsbG8=' },
    { sourceId: 1, fileName: '', dataBase64: 'aGVsbG8=' },
  ],
  'documents:update': [{ id: 999, markingId: null }],
  'documents:delete': [{ id: 999 }],
  'documents:view': [{ id: 999 }],
  'sources:create': [
    { negotiationId: 1, kind: 'rumour', outlet: 'X' },
    { negotiationId: 1, kind: 'leak' },
    { negotiationId: 1, kind: 'leak', outlet: 'X', reliability: 'Z' },
  ],
  'sources:update': [{ id: 999, outlet: 'X' }],
  'sources:delete': [{ id: 999 }],
  'citations:create': [
    { sourceId: 999, targetType: 'round', targetId: 1 },
    { sourceId: 1, targetType: 'planet', targetId: 1 },
  ],
  'citations:delete': [{ id: 999 }],
  'compare:rounds': [
    { fromRoundId: 1, toRoundId: 999 },
    { fromRoundId: 1, toRoundId: 1 },
    { fromRoundId: 1 },
  ],
  'compare:trajectory': [
    { negotiationId: 999, partyId: null },
    { negotiationId: 1, partyId: 3 },
    { negotiationId: 1 },
    { negotiationId: 1, partyId: null, window: { latest: 0 } },
    { negotiationId: 1, partyId: null, window: { first: -1, count: 5 } },
    { negotiationId: 1, partyId: null, window: { first: 0, count: 5, latest: 2 } },
  ],
  'compare:lineage': [{ positionId: 999 }, { positionId: 'one' }],
  'compare:excerpts': [{ positionIds: [0] }, { positionIds: 'all' }, {}],
  'compare:parties': [{ roundId: 999 }],
  'compare:redLineDrift': [{ redLineId: 999 }],
  'conflicts:assess': [
    { positionId: 999, redLineId: 1, verdict: 'conflicts' },
    { positionId: 1, redLineId: 1, verdict: 'maybe' },
  ],
  'briefing:defaults': [
    { kind: 'round', negotiationId: 1 },
    { kind: 'memo', negotiationId: 1 },
    { kind: 'round', negotiationId: 2, roundId: 1 },
    { kind: 'comparison', negotiationId: 1, fromRoundId: 1 },
  ],
  'briefing:preview': [
    { kind: 'overview', negotiationId: 999 },
    { kind: 'overview', negotiationId: 1, pageSize: 'A3' },
    { kind: 'overview', negotiationId: 1, markingId: 99 },
    { kind: 'comparison', negotiationId: 1, fromRoundId: 1, toRoundId: 1 },
  ],
  'briefing:export': [
    { jobId: 'not-a-prepared-job' },
    { jobId: '../../etc' },
    { jobId: 'not-a-prepared-job', format: 'odt' },
  ],
  'briefing:print': [{ jobId: 'not-a-prepared-job' }, { jobId: '../../etc' }],
  'briefing:cancel': [{ jobId: '' }, { jobId: 42 }],
  'history:forItem': [{ entity: 'history', id: 1 }, { entity: 'party' }],
  'history:state': [{}, { scopeId: 'one' }],
  'history:undo': [{ scopeId: -1 }],
  'history:redo': [{ scopeId: 1.5 }],
  'samples:create': [{ title: 'x' }],
  'switcher:items': [{ q: 'x' }],
  'transfer:export': [
    {},
    { negotiationId: 1 },
    { negotiationId: 1, kind: 'xlsx' },
    { negotiationId: 99, kind: 'negotiation' },
  ],
  'transfer:import': [
    {},
    { fileName: 'a.json' },
    { fileName: 'a.json', content: 42 },
    { fileName: 'a.json', content: '' },
    { fileName: 'a.json', content: '{"format": "parley.negotiation", "formatVersion": 1' },
    { fileName: 'a.json', content: '{"format": "other"}' },
    { fileName: 'a.json', content: '{"format": "parley.negotiation", "formatVersion": 2}' },
    { fileName: 'a.json', content: '{"format": "parley.negotiation", "formatVersion": 1}' },
    { fileName: 'a.json', content: '[]' },
    { fileName: 'a.json', content: 'null' },
  ],
  // Without the desktop app's dialog, both are refused whatever they are given.
  'transfer:chooseImport': [{}, { path: '/etc/passwd' }],
  'transfer:importChosen': [{}, { choice: '../../x' }, { choice: 'abcdefgh12' }],
  'share:status': [{}, { negotiationId: 999 }, { negotiationId: '1' }],
  'share:export': [
    { negotiationId: 1, name: '', forKey: null },
    { negotiationId: 999, name: 'Dana', forKey: null },
    { negotiationId: 1, name: 'Dana', forKey: 'not base64!' },
    { negotiationId: 1, name: 'Dana' },
  ],
  'share:receive': [
    { fileName: 'u', content: 'not json' },
    { fileName: 'u', content: '{"format":"parley.update","formatVersion":1}' },
    {
      fileName: 'u',
      content:
        '{"format":"parley.update","formatVersion":1,"header":"{}","payload":"","signature":""}',
    },
    { fileName: 'u', content: 5 },
  ],
  'share:conflicts': [{}, { negotiationId: -1 }],
  'share:resolve': [
    {},
    { negotiationId: 1, entity: 'position', uid: 'x', field: 'text', choice: '1@ab' },
    {
      negotiationId: 1,
      entity: 'nothing',
      uid: '00000000-0000-4000-8000-000000000000',
      field: 'text',
      choice: '1@ab',
    },
    {
      negotiationId: 1,
      entity: 'position',
      uid: '00000000-0000-4000-8000-000000000000',
      field: 'text',
      choice: 'mine',
    },
    {
      negotiationId: 1,
      entity: 'position',
      uid: '00000000-0000-4000-8000-000000000000',
      field: 'text',
      choice: '1@ab',
    },
  ],
  'share:identity': [{ extra: 1 }],
  'share:rename': [{}, { name: '' }, { name: 'x'.repeat(201) }],
  'share:trusted': [{ extra: 1 }],
  'share:distrust': [{}, { publicKey: 'AAAA' }],
  'share:policy': [{ extra: 1 }],
  'share:setPolicy': [{}, { refuseAboveMarkingId: 99 }, { refuseAboveMarkingId: 'SECRET' }],
  'app:status': [{ extra: 1 }],
  'backups:list': [{ extra: 1 }],
  'backups:create': [{ reason: 'start' }],
  'backups:restore': [
    {},
    { name: '../parley.sqlite' },
    { name: 'parley-2026-01-01T00-00-00Z-manual.sqlite/../../x' },
    { name: 'parley-2026-01-01T00-00-00Z-manual.sqlite' },
  ],
  'backups:settings': [
    {},
    { intervalMinutes: 0, keep: 10 },
    { intervalMinutes: 10, keep: 1 },
    { intervalMinutes: 10.5, keep: 10 },
    { intervalMinutes: 10, keep: 10, folder: '/tmp' },
  ],
  // The database is fine, so there is nothing to start afresh from.
  'recovery:startEmpty': [{}],
  'settings:get': [{ section: 'you' }],
  'removal:preview': [{}, { entity: 'marking', id: 1 }, { entity: 'position', id: 999 }],
  'removal:confirm': [
    { entity: 'history', id: 1 },
    { entity: 'round', id: 999 },
  ],
  // The library is open already: there is nothing to set up, and no passphrase to lock with.
  'security:setup': [
    {},
    { passphrase: 'short' },
    { passphrase: 'long enough passphrase' },
    { passphrase: null, extra: 1 },
  ],
  'security:unlock': [
    {},
    { passphrase: '' },
    { recoveryKey: 7 },
    { passphrase: 'a', recoveryKey: 'b' },
  ],
  'security:lock': [{}],
  'security:state': [{ section: 1 }],
  'security:changePassphrase': [
    {},
    { current: null, next: 'short' },
    { current: 5, next: 'a long new passphrase' },
  ],
  'security:recoveryKey': [{ show: true }],
  'drafts:list': [{ all: true }],
  'drafts:put': [
    {},
    { key: 'position.1.text', seq: 1 },
    { key: 'position.1.text', save: { channel: 'positions:update', input: { id: 1, text: 'x' } } },
    { key: '../x', seq: 1, save: { channel: 'positions:update', input: { id: 1, text: 'x' } } },
    { key: 'position.1.text', seq: 1, save: { channel: 'positions:delete', input: { id: 1 } } },
    { key: 'position.1.text', seq: 1, save: { channel: 'positions:update', input: 'x' } },
    { key: 'position.1.text', seq: 0.5, save: { channel: 'positions:update', input: {} } },
  ],
  'drafts:commit': [
    {},
    { key: 'position.1.text', seq: -1, save: { channel: 'positions:update', input: {} } },
    { key: 'position.1.text', seq: 1, save: { channel: 'positions:create', input: {} } },
    // The save itself is checked as its own channel checks it.
    { key: 'position.1.text', seq: 1, save: { channel: 'positions:update', input: { id: 'x' } } },
  ],
  'drafts:remove': [{}, { key: 'DROP TABLE', seq: 1 }, { key: 'position.1.text' }],
  'sync:state': [{ extra: 1 }],
  'sync:connect': [
    {},
    { address: 'ws://10.0.4.20:3030' },
    { address: 'http://10.0.4.20:3030', token: null },
    { address: 'ws://10.0.4.20:3030/?token=x', token: null },
    { address: 'ws://10.0.4.20:3030', token: 'short' },
    { address: 'ws://10.0.4.20:3030', token: null, extra: 1 },
  ],
  'sync:disconnect': [{ extra: 1 }],
  'backups:delete': [
    {},
    { names: [] },
    { names: ['../parley.sqlite'] },
    { names: ['parley-2026-01-01T00-00-00-000Z-manual.sqlite'] },
  ],
  'settings:update': [
    { you: { name: 42 } },
    { you: { name: 'x'.repeat(500) } },
    { you: { nickname: 'D' } },
    { backups: { keep: 1 } },
    { documents: { pageSize: 'A3' } },
    { appearance: { theme: 'sepia' } },
    { spelling: { checkAsYouType: 'yes' } },
    { spelling: { languages: ['en-GB'] } },
    { dates: { order: 'backwards' } },
    { dates: { order: 'day-first', style: 'long' } },
  ],
  'settings:location': [{ extra: 1 }],
  'settings:chooseLocation': [
    {},
    { folder: 'relative/folder' },
    { folder: '' },
    { folder: 42 },
    { folder: '/no/such/folder/anywhere' },
  ],
  'app:diagnostics': [{ extra: 1 }],
  'app:showDataFolder': [{ extra: 1 }],
  'search:query': [
    {},
    { query: 42 },
    { query: 'x'.repeat(501) },
    { query: 'x', partyId: 1 },
    { query: 'x', negotiationId: 99 },
    { query: 'x', negotiationId: 1, partyId: 3 },
    { query: 'x', negotiationId: 1, fromSequence: 3, toSequence: 2 },
    { query: 'x', kind: 'gossip' },
    { query: 'x', limit: 0 },
    { query: 'x', limit: Infinity },
  ],
  'positions:create': [
    { roundId: 1, partyId: 1, issueId: 1 },
    { roundId: 1, partyId: 1, issueId: 1, text: '' },
    { roundId: 1, partyId: 1, issueId: 1, text: 'x', kind: 'threat' },
    { roundId: 1, partyId: 1, issueId: 1, text: 'x', status: 'done' },
    { roundId: 999, partyId: 1, issueId: 1, text: 'x' },
    { roundId: 1, partyId: 999, issueId: 1, text: 'x' },
    { roundId: 1, partyId: 3, issueId: 1, text: 'Party of another negotiation' },
    { roundId: 1, partyId: 1, issueId: 2, text: 'Issue of another negotiation' },
  ],
};

async function seeded() {
  const app = tempApp();
  const { dispatch } = app;
  await call(dispatch, 'negotiations:create', {
    title: 'One',
    parties: [
      { name: 'A', shortCode: 'A', role: 'principal' },
      { name: 'B', shortCode: 'B', role: 'principal' },
    ],
    issues: [{ title: 'E' }],
  });
  await call(dispatch, 'negotiations:create', {
    title: 'Two',
    parties: [{ name: 'C', shortCode: 'C', role: 'principal' }],
    issues: [{ title: 'F' }],
  });
  await call(dispatch, 'rounds:create', { negotiationId: 1, sequence: 1, title: 'R1' });
  return app;
}

describe('dispatch', () => {
  it('has refusal cases for every channel', () => {
    expect(Object.keys(BAD).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel}: refuses malformed input with a clear error and changes nothing`, async () => {
      const { store, dispatch } = await seeded();
      const before = checksum(store);
      for (const input of [...GENERIC, ...BAD[channel]]) {
        // Channels that take no input accept an empty object and nothing else.
        const result = await dispatch(channel, input);
        expect(result.ok, `${channel} accepted ${JSON.stringify(input)}`).toBe(false);
        if (result.ok) continue;
        // The desktop shell answers a few channels itself (its dialogs); here they are not there.
        const shellOnly =
          channel === 'transfer:chooseImport' || channel === 'transfer:importChosen';
        expect([
          'invalid_input',
          'not_found',
          'conflict',
          ...(shellOnly ? ['unavailable'] : []),
        ]).toContain(result.error.code);
        expect(result.error.message.length).toBeGreaterThan(5);
        expect(result.error.message).not.toMatch(/SQLITE|undefined|\[object/);
      }
      expect(checksum(store)).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('names the field that is wrong', async () => {
    const { dispatch } = await seeded();
    expect(await dispatch('negotiations:create', { title: '' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'title', message: 'Title is required.' },
    });
    expect(await dispatch('negotiations:create', {})).toMatchObject({
      error: { field: 'title', message: 'Title is required.' },
    });
    expect(
      await dispatch('rounds:create', { negotiationId: 1, sequence: 1, title: 'Again' }),
    ).toMatchObject({
      error: { field: 'sequence', message: 'Round 1 already exists in this negotiation.' },
    });
    expect(
      await dispatch('positions:create', { roundId: 1, partyId: 3, issueId: 1, text: 'x' }),
    ).toMatchObject({
      error: { field: 'partyId', message: 'This party belongs to another negotiation.' },
    });
    expect(await dispatch('negotiations:create', { title: 'T', extra: 1 })).toMatchObject({
      error: { message: 'Unexpected field: extra.' },
    });
  });

  it('refuses an unknown channel', async () => {
    const { dispatch } = await seeded();
    for (const channel of ['nope:nothing', '', 42, null, '__proto__', 'constructor']) {
      const result = await dispatch(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('trims text and fills defaults before the service sees it', async () => {
    const { dispatch } = await seeded();
    const created = await call(dispatch, 'negotiations:create', {
      title: '  Spaced  ',
      parties: [{ name: ' X ', shortCode: 'X', role: 'observer', colour: '#ABCDEF' }],
    });
    const detail = await call(dispatch, 'negotiations:get', { id: created.id });
    expect(detail.negotiation).toMatchObject({ title: 'Spaced', summary: '', markingId: 1 });
    expect(detail.parties[0]).toMatchObject({ name: 'X', colour: '#abcdef' });
  });

  it('answers every valid channel with data', async () => {
    const { dispatch } = await seeded();
    expect(await call(dispatch, 'app:info', {})).toMatchObject({ transport: 'web' });
    expect(await call(dispatch, 'markings:list', {})).toHaveLength(5);
    const list = await call(dispatch, 'negotiations:list', {});
    expect(list.map((n) => n.title).sort()).toEqual(['One', 'Two']);
    const round = await call(dispatch, 'rounds:get', { id: 1 });
    expect(round.round.title).toBe('R1');
    const position = await call(dispatch, 'positions:create', {
      roundId: 1,
      partyId: 2,
      issueId: 1,
      text: 'Yes.',
    });
    expect(position).toMatchObject({ partyId: 2, kind: 'demand', status: 'on_the_table' });
  });
});
