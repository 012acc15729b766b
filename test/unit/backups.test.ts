import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp, type LongLaneLink, type ParleyApp } from '../../main/app';
import { DatabaseTooNewError } from '../../main/db/errors';
import { LATEST_VERSION, migrate } from '../../main/db/migrations';
import { entriesFromData, entriesInIndex } from '../../main/db/searchIndex';
import { openConnection, Store } from '../../main/db/store';
import { createSample } from '../../main/services/sample';
import { search } from '../../main/services/search';
import { damageMiddle, damagePageOf } from '../support/damage';
import { TEST_KEY, tempDir, call } from './helpers';

const opened: ParleyApp[] = [];
afterEach(() => {
  vi.useRealTimers();
  while (opened.length) opened.pop()!.close();
});

function open(path: string, automaticBackups = false) {
  const app = openApp({
    databasePath: path,
    transport: 'web',
    key: TEST_KEY,
    actor: 'tester',
    automaticBackups,
  });
  opened.push(app);
  return app;
}

const titles = async (app: ParleyApp) =>
  (await call(app, 'negotiations:list', {})).map((n) => n.title);

const create = async (app: ParleyApp, title: string) =>
  await call(app, 'negotiations:create', { title });

const list = async (app: ParleyApp) => await call(app, 'backups:list', {});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Damage to the officer's data (with the key, damageMiddle keeps off the search index). */
const damage = (path: string) => damageMiddle(path, TEST_KEY);

describe('backups', () => {
  it('back up on request, listing what each holds, and skip automatic ones when nothing changed', async () => {
    const dir = tempDir();
    const app = open(join(dir, 'parley.sqlite'));
    await create(app, 'Talks');
    const made = await call(app, 'backups:create', {});
    expect(made).toMatchObject({
      reason: 'manual',
      negotiations: 1,
      schemaVersion: LATEST_VERSION,
    });
    expect(await app.backups.create(app.store, 'interval')).toBeNull();
    await create(app, 'More talks');
    const second = await app.backups.create(app.store, 'interval');
    expect(second).toMatchObject({ reason: 'interval', negotiations: 2 });
    const { backups, settings, folder } = await list(app);
    expect(backups.map((b) => b.reason)).toEqual(['interval', 'manual']);
    expect(settings).toEqual({ intervalMinutes: 10, keep: 10 });
    expect(folder).toBe(join(dir, 'backups'));
    // Whole files only: no half-written copy, and no journal files left beside them.
    expect(readdirSync(folder).every((f) => f.endsWith('.sqlite'))).toBe(true);
  });

  it('remove a backup cut short by a crash when Parley next starts', async () => {
    const dir = tempDir();
    const first = open(join(dir, 'parley.sqlite'));
    await create(first, 'Talks');
    await call(first, 'backups:create', {});
    first.close();
    opened.pop();
    const folder = join(dir, 'backups');
    const cut = join(folder, 'parley-2026-01-01T00-00-00-000Z-interval.sqlite.partial');
    writeFileSync(cut, 'half a copy');
    writeFileSync(join(folder, 'notes.txt'), 'not ours');
    const again = open(join(dir, 'parley.sqlite'));
    expect(existsSync(cut)).toBe(false);
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
    expect((await list(again)).backups).toHaveLength(1);
  });

  it('keep only the last K, as the settings say', async () => {
    const app = open(join(tempDir(), 'parley.sqlite'));
    await call(app, 'backups:settings', { intervalMinutes: 5, keep: 3 });
    for (let i = 0; i < 5; i++) {
      await create(app, `Talks ${i}`);
      await call(app, 'backups:create', {});
    }
    const { backups, settings } = await list(app);
    expect(settings).toEqual({ intervalMinutes: 5, keep: 3 });
    expect(backups.map((b) => b.negotiations)).toEqual([5, 4, 3]);
    expect(new Set(backups.map((b) => b.name)).size).toBe(3);
  });

  it('restore one, backing up the current data first', async () => {
    const app = open(join(tempDir(), 'parley.sqlite'));
    await create(app, 'Before');
    const backup = await call(app, 'backups:create', {});
    await create(app, 'After');
    const result = await call(app, 'backups:restore', { name: backup.name });
    expect(await titles(app)).toEqual(['Before']);
    expect(result.safetyCopy).toMatchObject({ reason: 'before-restore', negotiations: 2 });
    expect(result.keptAs).toBeNull();
    // The undo stack is the restored file's own; and work goes on normally.
    const state = await call(app, 'history:state', { scopeId: null });
    expect(state.undo?.label).toBe('Create negotiation “Before”');
    await create(app, 'Later');
    expect((await titles(app)).sort()).toEqual(['Before', 'Later']);
    // And the safety copy brings "After" back.
    await call(app, 'backups:restore', { name: result.safetyCopy!.name });
    expect((await titles(app)).sort()).toEqual(['After', 'Before']);
  });

  it('refuse to restore a damaged backup, changing nothing', async () => {
    const app = open(join(tempDir(), 'parley.sqlite'));
    for (let i = 0; i < 30; i++) await create(app, `Talks ${i} ${'x'.repeat(200)}`);
    const backup = await call(app, 'backups:create', {});
    damage(join(app.backups.dir, backup.name));
    await create(app, 'Current');
    const result = await app.dispatch('backups:restore', { name: backup.name });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!result.ok && result.error.message).toMatch(/cannot be restored/);
    expect(await titles(app)).toContain('Current');
    expect((await list(app)).backups).toHaveLength(1);
  });

  it('take a backup on start, after minutes of editing, and on quit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const path = join(tempDir(), 'parley.sqlite');
    const first = open(path, true);
    await create(first, 'Talks');
    await first.shutdown();
    opened.pop();
    expect((await list(open(path))).backups.map((b) => b.reason)).toEqual(['quit']);
    opened.pop()!.close();

    const app = open(path, true);
    await call(app, 'backups:settings', { intervalMinutes: 2, keep: 10 });
    await vi.waitFor(async () => expect((await list(app)).backups).toHaveLength(1));
    // Nothing changed since the quit backup: the start backup was skipped.
    await create(app, 'Edited');
    vi.advanceTimersByTime(60_000);
    expect((await list(app)).backups).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(async () =>
      expect((await list(app)).backups.map((b) => b.reason)).toEqual(['interval', 'quit']),
    );
    await create(app, 'Edited again');
    await app.shutdown();
    opened.pop();
    const reasons = (await list(open(path))).backups.map((b) => b.reason);
    expect(reasons).toEqual(['quit', 'interval', 'quit']);
  });

  it('keep the old file before migrating it to a newer schema', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    const db = openConnection(path, { key: TEST_KEY });
    migrate(db, { upTo: 3 });
    db.prepare(
      "INSERT INTO negotiation (title, created_at, updated_at) VALUES ('Old', 'x', 'x')",
    ).run();
    db.close();
    const app = open(path);
    expect(await titles(app)).toEqual(['Old']);
    expect((await list(app)).backups).toMatchObject([
      { reason: 'before-upgrade', schemaVersion: 3, negotiations: 1 },
    ]);
  });

  it('refuse a database from a newer Parley, leaving it untouched', () => {
    const path = join(tempDir(), 'parley.sqlite');
    const db = openConnection(path, { key: TEST_KEY });
    db.pragma('user_version = 99');
    db.close();
    const before = sha(path);
    expect(() => open(path)).toThrow(DatabaseTooNewError);
    expect(sha(path)).toBe(before);
  });
});

describe('opening with a long lane (one connection, the check left to that lane)', () => {
  /** The long lane's link: a lane that opens nothing, so only this lane's opening is seen. */
  const lane: LongLaneLink = {
    open: async () => {},
    close: async () => {},
    backup: async () => {},
  };
  function openWithLane(path: string) {
    const app = openApp({
      databasePath: path,
      transport: 'web',
      key: TEST_KEY,
      actor: 'tester',
      longLane: lane,
    });
    opened.push(app);
    return app;
  }

  it('opens a library and reads and writes it', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    await create(open(path), 'Talks');
    opened.pop()!.close();
    const app = openWithLane(path);
    await create(app, 'More talks');
    expect(await titles(app)).toEqual(['More talks', 'Talks']);
  });

  it('keeps the old file, checked, before migrating it to a newer schema', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    const db = openConnection(path, { key: TEST_KEY });
    migrate(db, { upTo: 3 });
    db.prepare(
      "INSERT INTO negotiation (title, created_at, updated_at) VALUES ('Old', 'x', 'x')",
    ).run();
    db.close();
    const app = openWithLane(path);
    expect(await titles(app)).toEqual(['Old']);
    expect((await list(app)).backups).toMatchObject([
      { reason: 'before-upgrade', schemaVersion: 3, negotiations: 1 },
    ]);
  });

  it('refuses a database from a newer Parley, leaving it untouched', () => {
    const path = join(tempDir(), 'parley.sqlite');
    const db = openConnection(path, { key: TEST_KEY });
    db.pragma('user_version = 99');
    db.close();
    const before = sha(path);
    expect(() => openWithLane(path)).toThrow(DatabaseTooNewError);
    expect(sha(path)).toBe(before);
  });

  it('opens a file whose first page is damaged in recovery, leaving it untouched', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    await create(open(path), 'Talks');
    opened.pop()!.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 200);
    closeSync(fd);
    const before = sha(path);
    const app = openWithLane(path);
    expect(await call(app, 'app:status', {})).toMatchObject({
      state: 'damaged',
      problem: expect.stringMatching(/does not decrypt with this library’s key/),
    });
    expect(sha(path)).toBe(before);
  });
});

describe('recovery', () => {
  async function damagedWithBackups() {
    const dir = tempDir();
    const path = join(dir, 'parley.sqlite');
    const app = open(path);
    for (let i = 0; i < 30; i++) await create(app, `Talks ${i} ${'x'.repeat(200)}`);
    const older = await call(app, 'backups:create', {});
    await create(app, 'Newest');
    const newer = await call(app, 'backups:create', {});
    await create(app, 'Lost with the damage');
    app.close();
    opened.pop();
    damage(path);
    return { dir, path, older, newer };
  }

  it('detect a damaged database on open, touch nothing, and offer the newest good backup', async () => {
    const { path, older, newer } = await damagedWithBackups();
    damage(join(path, '..', 'backups', newer.name));
    const before = sha(path);
    const app = open(path);
    const status = await call(app, 'app:status', {});
    expect(status).toMatchObject({
      state: 'damaged',
      databasePath: path,
      suggestion: { name: older.name },
    });
    expect((status as { problem: string }).problem).toMatch(/damage|malformed|not a database/i);
    const refused = await app.dispatch('negotiations:list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(sha(path)).toBe(before);
  });

  it('restore from a backup, keeping the damaged file aside', async () => {
    const { path, newer } = await damagedWithBackups();
    const before = sha(path);
    const app = open(path);
    const result = await call(app, 'backups:restore', { name: newer.name });
    expect(result.safetyCopy).toBeNull();
    expect(result.keptAs).toMatch(/parley-damaged-.*\.sqlite$/);
    expect(sha(result.keptAs!)).toBe(before);
    expect(await call(app, 'app:status', {})).toEqual({ state: 'ready' });
    expect(await titles(app)).toContain('Newest');
    expect(existsSync(path)).toBe(true);
  });

  it('or start afresh, keeping the damaged file aside', async () => {
    const { path } = await damagedWithBackups();
    const app = open(path);
    const { keptAs } = await call(app, 'recovery:startEmpty', {});
    expect(existsSync(keptAs)).toBe(true);
    expect(await titles(app)).toEqual([]);
  });

  /**
   * A sample database whose search index (only) has garbage in one of its pages: by default a
   * whole page's worth (8 KB) in the index's term list, else `bytes` of its data.
   */
  function damagedSearchIndex(table = 'search_index_data', bytes = 300): string {
    const path = join(tempDir(), 'parley.sqlite');
    const app = open(path);
    createSample(app.store);
    app.close();
    opened.pop();
    damagePageOf(path, TEST_KEY, table, { bytes, at: 1800 });
    return path;
  }
  const unreadableSearchIndex = () => damagedSearchIndex('search_index_idx', 8192);

  it('rebuild an index whose pages do not read on a copy that takes the library’s place, keeping the file as it was', async () => {
    const path = unreadableSearchIndex();
    const before = sha(path);
    const app = open(path);
    expect(app.status()).toEqual({ state: 'ready' });
    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    expect(app.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await call(app, 'search:query', { query: 'enrichment' })).total).toBeGreaterThan(3);
    // The file as found is kept beside the library, untouched; no work file is left behind.
    const dir = join(path, '..');
    const kept = readdirSync(dir).filter((name) => /^parley-damaged-.*\.sqlite$/.test(name));
    expect(kept).toHaveLength(1);
    expect(sha(join(dir, kept[0]!))).toBe(before);
    expect(readdirSync(dir).filter((name) => /\.(repairing|rebuilt)/.test(name))).toEqual([]);
  });

  it('show the recovery screen, not fail to start, when the index cannot be rebuilt either', async () => {
    const path = unreadableSearchIndex();
    const before = sha(path);
    // The copy cannot be made (a folder stands where it would go).
    mkdirSync(`${path}.repairing`);
    const app = open(path);
    expect(app.status()).toMatchObject({
      state: 'damaged',
      problem: expect.stringMatching(
        /^The search index was damaged, and rebuilding it from the data failed: /,
      ),
    });
    // The library itself was not written to.
    expect(sha(path)).toBe(before);
  });

  it('rebuild a damaged search index from the data instead of refusing the database', async () => {
    const app = open(damagedSearchIndex());
    expect(app.status()).toEqual({ state: 'ready' });
    expect(entriesInIndex(app.store)).toEqual(entriesFromData(app.store));
    // Rebuilt with the same write buffer migration 6 gave it.
    expect(app.store.get("SELECT v FROM search_index_config WHERE k = 'hashsize'")).toEqual({
      v: 16777216,
    });
    const found = await call(app, 'search:query', { query: 'enrichment' });
    expect(found.total).toBeGreaterThan(3);
  });

  it('when a search runs into unreadable index pages, say to start again, which rebuilds it', async () => {
    const path = damagedSearchIndex();
    const before = sha(path);
    // Opened without the check (as a large file's quick check might not reach the page).
    const store = Store.open(path, { key: TEST_KEY });
    const input = {
      query: 'enrichment',
      negotiationId: null,
      partyId: null,
      issueId: null,
      fromSequence: null,
      toSequence: null,
      kind: null,
      limit: 6,
    };
    try {
      expect(() => search(store, input)).toThrow(/Quit and start Parley again/);
    } finally {
      store.close();
    }
    // Nothing was written to the library on the way.
    expect(sha(path)).toBe(before);
    const app = open(path);
    expect(app.status()).toEqual({ state: 'ready' });
    expect(search(app.store, input).total).toBeGreaterThan(3);
  });

  it('say so when the file is not a database at all', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.from('This is a letter, not a database. '.repeat(200)));
    closeSync(fd);
    const app = open(path);
    expect(app.status()).toMatchObject({
      state: 'damaged',
      problem: expect.stringMatching(/not a database this Parley can read/),
      suggestion: null,
    });
  });
});
