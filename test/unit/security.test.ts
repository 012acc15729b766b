// Encrypted at rest: the library's files never hold its text in the clear; one key opens them
// (through the keychain, a passphrase or the recovery key), a wrong one is refused and changes
// nothing; an earlier Parley's plaintext library is encrypted on first start; one process at a
// time; private files; the idle lock.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp, type OpenAppOptions, type ParleyApp } from '../../main/app';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey, KEY_BYTES, openDatabase, PAGE_SIZE, WrongKeyError } from '../../main/db/cipher';
import { LibraryInUseError } from '../../main/db/lock';
import { Store } from '../../main/db/store';
import type { Keychain } from '../../main/services/keys';
import { systemUserName } from '../../main/services/settings';
import { createSample } from '../../main/services/sample';
import type { AppStatus } from '../../shared/backups';
import { tempDir, call } from './helpers';

const PASSPHRASE = 'a long enough passphrase';
const MARKER = 'Zanzibarmarker';

const opened: ParleyApp[] = [];
afterEach(() => {
  vi.useRealTimers();
  while (opened.length) opened.pop()!.close();
});

function open(path: string, options: Partial<OpenAppOptions> = {}): ParleyApp {
  const app = openApp({
    databasePath: path,
    transport: 'web',
    actor: 'tester',
    passphraseCost: 14,
    ...options,
  });
  opened.push(app);
  return app;
}

function close(app: ParleyApp): void {
  app.close();
  opened.splice(opened.indexOf(app), 1);
}

/** A keychain that keeps what it seals apart (the desktop app's is Electron's safeStorage). */
function fakeKeychain(): Keychain & { sealed: number } {
  const keychain = {
    sealed: 0,
    seal: async (plain: Buffer) => {
      keychain.sealed++;
      return Buffer.from(plain.map((b) => b ^ 0x5a));
    },
    open: async (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)),
  };
  return keychain;
}

/** Every file under a folder, and whether its raw bytes hold the text. */
function filesHolding(dir: string, text: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (readFileSync(path).includes(text)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

const titles = async (app: ParleyApp) =>
  (await call(app, 'negotiations:list', {})).map((n) => n.title);

describe('setting up, locking and unlocking', () => {
  it('sets a library up under a passphrase, and opens it only with that passphrase or the recovery key', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    let app = open(path);
    expect(app.status()).toEqual({ state: 'setup', plaintext: false, keychain: false });
    expect(await app.dispatch('negotiations:list', {})).toMatchObject({
      ok: false,
      error: { message: 'Parley is locked. Unlock it to go on.' },
    });
    // Without a keychain a passphrase is a must.
    expect(await app.dispatch('security:setup', { passphrase: null })).toMatchObject({
      ok: false,
      error: { field: 'passphrase', message: expect.stringMatching(/Choose a passphrase/) },
    });
    const { recoveryKey } = await call(app, 'security:setup', { passphrase: PASSPHRASE });
    expect(recoveryKey).toMatch(/^([0-9A-F]{4}-){15}[0-9A-F]{4}$/);
    expect(app.status()).toEqual({ state: 'ready' });
    await call(app, 'negotiations:create', { title: 'Muscat track' });
    close(app);

    app = open(path);
    expect(app.status()).toEqual({
      state: 'locked',
      reason: 'start',
      passphrase: true,
      keychainProblem: null,
    });
    const before = readFileSync(path);
    expect(
      await app.dispatch('security:unlock', { passphrase: 'not the passphrase' }),
    ).toMatchObject({
      ok: false,
      error: { field: 'passphrase', message: 'That passphrase does not unlock this library.' },
    });
    const wrongKey = `${'A1B2-'.repeat(15)}A1B2`;
    expect(await app.dispatch('security:unlock', { recoveryKey: wrongKey })).toMatchObject({
      ok: false,
      error: { field: 'recoveryKey', message: 'That recovery key does not unlock this library.' },
    });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(app.status()).toMatchObject({ state: 'locked' });

    expect(await call(app, 'security:unlock', { passphrase: PASSPHRASE })).toEqual({
      state: 'ready',
    });
    expect(await titles(app)).toEqual(['Muscat track']);
    close(app);

    // The recovery key opens it too, spaces and case as the officer types them.
    app = open(path);
    await call(app, 'security:unlock', {
      recoveryKey: ` ${recoveryKey.toLowerCase().replace(/-/g, ' ')} `,
    });
    expect(await titles(app)).toEqual(['Muscat track']);
  });

  it('opens without asking where the keychain keeps the key, unless asked at every start', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    const keychain = fakeKeychain();
    let app = open(path, { keychain });
    expect(app.status()).toEqual({ state: 'setup', plaintext: false, keychain: true });
    await call(app, 'security:setup', { passphrase: null });
    expect(keychain.sealed).toBe(1);
    await call(app, 'negotiations:create', { title: 'Vienna track' });
    close(app);

    app = open(path, { keychain });
    await app.started;
    expect(app.status()).toEqual({ state: 'ready' });
    expect(await titles(app)).toEqual(['Vienna track']);
    expect(await call(app, 'security:state', {})).toEqual({
      passphrase: false,
      keychain: true,
      keychainAvailable: true,
    });

    // Asking at every start needs a passphrase first.
    expect(
      await app.dispatch('settings:update', { security: { askEveryStart: true } }),
    ).toMatchObject({ ok: false, error: { field: 'askEveryStart' } });
    await call(app, 'security:changePassphrase', { current: null, next: PASSPHRASE });
    await call(app, 'settings:update', { security: { askEveryStart: true } });
    expect(await call(app, 'security:state', {})).toMatchObject({
      passphrase: true,
      keychain: false,
    });
    close(app);

    app = open(path, { keychain });
    await app.started;
    expect(app.status()).toMatchObject({ state: 'locked', passphrase: true });
    await call(app, 'security:unlock', { passphrase: PASSPHRASE });
    expect(await titles(app)).toEqual(['Vienna track']);
  });

  it('changes the passphrase: the old one no longer opens the library, the new one does', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    let app = open(path);
    await call(app, 'security:setup', { passphrase: PASSPHRASE });
    expect(
      await app.dispatch('security:changePassphrase', {
        current: 'wrong passphrase',
        next: 'another long passphrase',
      }),
    ).toMatchObject({ ok: false, error: { field: 'current' } });
    await call(app, 'security:changePassphrase', {
      current: PASSPHRASE,
      next: 'another long passphrase',
    });
    close(app);
    app = open(path);
    expect(await app.dispatch('security:unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
    });
    await call(app, 'security:unlock', { passphrase: 'another long passphrase' });
    expect(app.status()).toEqual({ state: 'ready' });
  });

  it('locks itself after the chosen minutes without use, and tells the page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const path = join(tempDir(), 'parley.sqlite');
    const app = open(path);
    const seen: AppStatus[] = [];
    app.events.on((e) => {
      if (e.channel === 'app:status') seen.push(e.payload);
    });
    await call(app, 'security:setup', { passphrase: PASSPHRASE });
    await call(app, 'settings:update', { security: { lockAfterMinutes: 5 } });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await call(app, 'negotiations:list', {}); // use: the clock starts again
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(app.status()).toEqual({ state: 'ready' });
    await vi.advanceTimersByTimeAsync(60_001);
    expect(app.status()).toEqual({
      state: 'locked',
      reason: 'idle',
      passphrase: true,
      keychainProblem: null,
    });
    expect(seen.at(-1)).toMatchObject({ state: 'locked', reason: 'idle' });
    expect(await app.dispatch('negotiations:list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await call(app, 'security:unlock', { passphrase: PASSPHRASE });
    expect(await titles(app)).toEqual([]);
  });
});

describe('nothing in the clear', () => {
  it('writes a marker into every kind of field, and finds it in no file of the data folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'parley.sqlite');
    const app = open(path, { automaticBackups: true });
    await call(app, 'security:setup', { passphrase: PASSPHRASE });
    const m = (field: string) => `${MARKER} ${field}`;
    const n = await call(app, 'negotiations:create', {
      title: m('title'),
      summary: m('summary'),
      parties: [
        { name: m('party A'), shortCode: 'A1', role: 'principal' },
        { name: m('party B'), shortCode: 'B1', role: 'principal' },
      ],
      issues: [{ title: m('issue') }],
    });
    const detail = await call(app, 'negotiations:get', { id: n.id });
    const [a, b] = detail.parties;
    const issue = detail.issues[0]!;
    await call(app, 'issues:update', { id: issue.id, description: m('description') });
    const person = await call(app, 'people:create', {
      partyId: a!.id,
      name: m('person'),
      title: m('role'),
    });
    const round = await call(app, 'rounds:create', {
      negotiationId: n.id,
      sequence: 1,
      title: m('round'),
      location: m('place'),
      dateNote: m('date note'),
    });
    await call(app, 'rounds:update', {
      id: round.id,
      channel: m('channel'),
      summary: m('round summary'),
      outcome: m('outcome'),
      nextSteps: m('next steps'),
      participantIds: [person.id],
    });
    const position = await call(app, 'positions:create', {
      roundId: round.id,
      partyId: a!.id,
      issueId: issue.id,
      text: m('position'),
      notes: m('position notes'),
    });
    const line = await call(app, 'redLines:create', {
      partyId: b!.id,
      issueId: issue.id,
      text: m('red line'),
      declaredBy: m('declared by'),
      notes: m('red line notes'),
    });
    const source = await call(app, 'sources:create', {
      negotiationId: n.id,
      kind: 'leak',
      speaker: m('speaker'),
      outlet: m('outlet'),
      reference: m('reference'),
      quote: m('quote'),
      notes: m('source notes'),
      cite: { targetType: 'position', targetId: position.id },
    });
    await call(app, 'citations:create', {
      sourceId: source.id,
      targetType: 'redLine',
      targetId: line.id,
      note: m('pinpoint'),
    });
    await call(app, 'conflicts:assess', {
      positionId: position.id,
      redLineId: line.id,
      verdict: 'conflicts',
      note: m('judgement'),
    });
    await call(app, 'drafts:put', {
      key: `position.${position.id}.text`,
      seq: 1,
      save: { channel: 'positions:update', input: { id: position.id, text: m('draft') } },
    });
    await call(app, 'settings:update', { you: { name: 'Dana Whitfield' } });
    await app.backupNow();
    await call(app, 'backups:create', {});

    // Every file of the data folder: the database, its WAL, the backups, the key, settings.
    const files = readdirSync(dir, { recursive: true }) as string[];
    expect(files).toEqual(
      expect.arrayContaining(['parley.sqlite', 'parley.sqlite-wal', 'parley.key', 'settings.json']),
    );
    expect(files.filter((f) => f.startsWith('backups/')).length).toBeGreaterThanOrEqual(2);
    expect(filesHolding(dir, MARKER)).toEqual([]);
    expect(filesHolding(dir, MARKER.toLowerCase())).toEqual([]);

    // The same file, opened with the right key in another process, reads every row.
    const { recoveryKey } = await call(app, 'security:recoveryKey', {});
    const hexKey = recoveryKey.replace(/-/g, '').toLowerCase();
    const read = spawnSync(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3-multiple-ciphers');
         const db = new D(process.argv[1], { readonly: true });
         db.pragma("cipher = 'sqlcipher'"); db.pragma('legacy = 4'); db.pragma('legacy_page_size = 16384');
         db.pragma(\`key = "x'\${process.argv[2]}'"\`);
         const out = {};
         for (const t of ['negotiation','party','person','issue','round','position','red_line','source','citation','conflict_assessment','draft'])
           out[t] = db.prepare('SELECT * FROM ' + t).all().filter((r) => JSON.stringify(r).includes('${MARKER}')).length;
         console.log(JSON.stringify(out));`,
        path,
        hexKey,
      ],
      { encoding: 'utf8' },
    );
    expect(read.stderr).toBe('');
    expect(JSON.parse(read.stdout)).toEqual({
      negotiation: 1,
      party: 2,
      person: 1,
      issue: 1,
      round: 1,
      position: 1,
      red_line: 1,
      source: 1,
      citation: 1,
      conflict_assessment: 1,
      draft: 1,
    });
    // A wrong key is refused there too, and the file is left as it was.
    const before = readFileSync(path);
    const wrong = spawnSync(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3-multiple-ciphers');
         const db = new D(process.argv[1]);
         db.pragma("cipher = 'sqlcipher'"); db.pragma('legacy = 4'); db.pragma('legacy_page_size = 16384');
         db.pragma(\`key = "x'\${'00'.repeat(32)}'"\`);
         try { db.prepare('SELECT * FROM negotiation').all(); } catch (e) { console.log(e.code); }`,
        path,
      ],
      { encoding: 'utf8' },
    );
    expect(wrong.stdout.trim()).toBe('SQLITE_NOTADB');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('keeps the data folder and its files private to the officer', async () => {
    const dir = join(tempDir(), 'Parley');
    const path = join(dir, 'parley.sqlite');
    const app = open(path);
    await call(app, 'security:setup', { passphrase: PASSPHRASE });
    await call(app, 'negotiations:create', { title: 'Private' });
    await app.backupNow();
    await call(app, 'settings:update', { you: { name: 'Dana' } });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      statSync(join(dir, f)).isFile(),
    );
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
  });
});

describe('an earlier Parley’s library', () => {
  /** A library written in the clear, as versions before encryption wrote it. */
  function plaintextLibrary(): { dir: string; path: string; rows: number } {
    const dir = tempDir();
    const path = join(dir, 'parley.sqlite');
    const store = Store.open(path, { key: null, actor: 'earlier Parley' });
    createSample(store);
    store.write({ label: 'Marked', scopeId: null }, (w) =>
      w.insert('negotiation', { title: `${MARKER} old`, marking_id: 1 }),
    );
    const rows = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM history')!.n;
    store.db.prepare('VACUUM INTO ?').run(join(dir, 'backups-temp.sqlite'));
    store.close();
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    renameSync(
      join(dir, 'backups-temp.sqlite'),
      join(backups, 'parley-2026-01-01T00-00-00-000Z-manual.sqlite'),
    );
    return { dir, path, rows };
  }

  it('is encrypted on first start, backups too, with nothing lost and nothing left in the clear', async () => {
    const { dir, path, rows } = plaintextLibrary();
    expect(filesHolding(dir, MARKER).length).toBeGreaterThan(0);
    const app = open(path);
    expect(app.status()).toEqual({ state: 'setup', plaintext: true, keychain: false });
    const seen: AppStatus[] = [];
    app.events.on((e) => {
      if (e.channel === 'app:status') seen.push(e.payload);
    });
    await call(app, 'security:setup', { passphrase: PASSPHRASE });
    expect(seen.some((s) => s.state === 'encrypting')).toBe(true);
    expect(app.status()).toEqual({ state: 'ready' });
    expect(app.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM history')!.n).toBe(rows);
    expect(await titles(app)).toContain(`${MARKER} old`);
    expect(filesHolding(dir, MARKER)).toEqual([]);
    expect(filesHolding(dir, 'SQLite format 3')).toEqual([]);
    expect(readdirSync(dir).filter((f) => /\.encrypt(ing|ed)$/.test(f))).toEqual([]);
    const backups = await call(app, 'backups:list', {});
    expect(backups.backups).toMatchObject([{ negotiations: 2 }]);
    expect(app.store.db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
  });

  it('of the first encrypted version (4 KB pages) opens as it is, with its key and no other', () => {
    const dir = tempDir();
    const path = join(dir, 'parley.sqlite');
    const key = randomBytes(KEY_BYTES);
    const db = new Database(path);
    applyKey(db, key, 4096);
    db.exec(`CREATE TABLE t(a); INSERT INTO t VALUES ('${MARKER}')`);
    db.close();
    const again = openDatabase(path, { key, readonly: true });
    expect(again.prepare('SELECT a FROM t').pluck().get()).toBe(MARKER);
    expect(again.pragma('page_size', { simple: true })).toBe(4096);
    again.close();
    expect(() => openDatabase(path, { key: randomBytes(KEY_BYTES), readonly: true })).toThrow(
      WrongKeyError,
    );
    expect(filesHolding(dir, MARKER)).toEqual([]);
  });
});

describe('one opener per library', () => {
  it('refuses a second process on a library that is open, and takes over from a dead one', async () => {
    const path = join(tempDir(), 'parley.sqlite');
    // Another live process holds the library.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(
        `${path}.lock`,
        JSON.stringify({ pid: other.pid, host: (await import('node:os')).hostname(), at: 'x' }),
      );
      expect(() => open(path)).toThrow(LibraryInUseError);
      expect(() => open(path)).toThrow(
        /Parley is already open on this library in another window or process/,
      );
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once('exit', resolve));
    // Its process is gone: the lock is stale and taken over.
    const app = open(path);
    expect(app.status()).toMatchObject({ state: 'setup' });
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    close(app);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('your name', () => {
  it('is the full name the system knows you by, else your login', () => {
    const { uid, username } = userInfo();
    const passwd = (gecos: string) =>
      `daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n${username}:x:${uid}:${uid}:${gecos}:/home/x:/bin/bash\n`;
    expect(systemUserName('linux', () => passwd('Dana Whitfield,Room 4,,'))).toBe('Dana Whitfield');
    expect(systemUserName('linux', () => passwd(''))).toBe(username);
    expect(
      systemUserName('linux', () => {
        throw new Error('no passwd');
      }),
    ).toBe(username);
  });
});
