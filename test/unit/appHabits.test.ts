// The desktop habits that run under plain Node: the log file, where the library lives, the
// diagnostics for IT, and the settings they add.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsText } from '../../main/services/diagnostics';
import { dataFolder, LOCATION_FILE, LocationChoice } from '../../main/services/location';
import { FileLog } from '../../main/log';
import { createSample } from '../../main/services/sample';
import type { SettingsView } from '../../shared/settings';
import { tempApp, tempDir, value } from './helpers';

describe('log file', () => {
  it('appends one line per entry, readable by the owner only', () => {
    const path = join(tempDir(), 'parley.log');
    const log = new FileLog(path, 10_000, () => new Date('2026-11-29T10:00:00Z'));
    log.info('Parley starting');
    log.error('Backup failed', new Error('disk full\nsecond line'));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('2026-11-29T10:00:00.000Z INFO  Parley starting');
    expect(lines[1]).toMatch(
      /^2026-11-29T10:00:00.000Z ERROR Backup failed: Error: disk full ⏎ second line/,
    );
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('sets the file aside when it grows past its limit, keeping one before it', () => {
    const path = join(tempDir(), 'parley.log');
    const log = new FileLog(path, 200);
    for (let i = 0; i < 12; i++) log.info(`entry ${i} ${'x'.repeat(20)}`);
    expect(statSync(path).size).toBeLessThanOrEqual(200);
    expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(200);
    const both = log.read();
    expect(both).toContain('entry 11');
    // Oldest first: the set-aside file, then the current one.
    expect(both.indexOf('entry 10')).toBeLessThan(both.indexOf('entry 11'));
    expect(both).not.toContain('entry 0 ');
  });

  it('records starts, migrations and backups of a real library, and no negotiation data', async () => {
    const app = tempApp();
    const sample = createSample(app.store);
    value(
      await app.dispatch('negotiations:update', { id: sample.id, summary: 'SECRET-MARKER-73' }),
    );
    value(await app.dispatch('backups:create', {}));
    const text = readFileSync(join(app.backups.dir, '..', 'parley.log'), 'utf8');
    expect(text).toMatch(/INFO {2}Parley \S+ starting \(web;/);
    expect(text).toMatch(/Database schema migrated from version 0 to \d+/);
    expect(text).toMatch(/Backup \(manual\) written: /);
    expect(text).not.toContain('SECRET-MARKER-73');
    expect(text).not.toContain('US–Iran');
  });
});

describe('where the library lives', () => {
  it('is the usual folder unless --data-dir, PARLEY_DATA or Settings name another', () => {
    const usual = tempDir();
    const chosen = tempDir();
    expect(dataFolder(usual, {}, [])).toEqual({ folder: usual, source: 'usual' });
    writeFileSync(join(usual, LOCATION_FILE), JSON.stringify({ folder: chosen }));
    expect(dataFolder(usual, {}, [])).toEqual({ folder: chosen, source: 'setting' });
    expect(dataFolder(usual, { PARLEY_DATA: '/srv/parley' }, [])).toEqual({
      folder: '/srv/parley',
      source: 'environment',
    });
    expect(dataFolder(usual, { PARLEY_DATA: '/srv/parley' }, ['--data-dir', '/mnt/p'])).toEqual({
      folder: '/mnt/p',
      source: 'command line',
    });
    expect(dataFolder(usual, {}, ['--data-dir=/mnt/q']).folder).toBe('/mnt/q');
    // A hand-edited file that names no absolute folder is ignored.
    writeFileSync(join(usual, LOCATION_FILE), JSON.stringify({ folder: 'relative' }));
    expect(dataFolder(usual, {}, []).source).toBe('usual');
  });

  it('chooses a folder for the next start, says what it holds, and goes back', async () => {
    const usual = tempDir();
    const other = tempDir();
    const choice = new LocationChoice(usual, 'usual', usual);
    expect(choice.view()).toMatchObject({ folder: usual, next: null, canChoose: true });

    expect((await choice.choose(other)).next).toBe(other);
    expect(choice.view().nextHolds).toBe('nothing');
    writeFileSync(join(other, 'parley.sqlite'), '');
    expect(choice.view().nextHolds).toBe('library');
    expect(dataFolder(usual, {}, [])).toEqual({ folder: other, source: 'setting' });
    if (process.platform !== 'win32') {
      expect(statSync(join(usual, LOCATION_FILE)).mode & 0o777).toBe(0o600);
    }

    expect((await choice.choose(null)).next).toBeNull();
    expect(dataFolder(usual, {}, []).source).toBe('usual');
  });

  it('refuses a folder that does not exist, or a file, and says what to do', async () => {
    const usual = tempDir();
    const choice = new LocationChoice(usual, 'usual', usual);
    await expect(choice.choose(join(usual, 'missing'))).rejects.toThrow(
      /There is no folder at .*missing\. Create it first, then choose it\./,
    );
    const file = join(usual, 'a-file');
    writeFileSync(file, '');
    await expect(choice.choose(file)).rejects.toThrow(/is a file, not a folder/);
    // Nothing was written for the next start.
    expect(dataFolder(usual, {}, []).source).toBe('usual');
  });

  it('cannot be chosen in the web binding, which opens its --db', async () => {
    const app = tempApp();
    const result = await app.dispatch('settings:chooseLocation', { folder: tempDir() });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'folder', message: expect.stringContaining('--db') },
    });
    expect(value(await app.dispatch('settings:location', {}))).toMatchObject({
      source: 'web binding',
      canChoose: false,
      next: null,
    });
  });

  it('is chosen through the app when it knows the usual folder', async () => {
    const usual = tempDir();
    const next = join(tempDir(), 'Parley elsewhere');
    mkdirSync(next);
    const app = tempApp({ location: { usual, source: 'usual' } });
    const relative = await app.dispatch('settings:chooseLocation', { folder: 'Documents/Parley' });
    expect(relative).toMatchObject({ ok: false, error: { field: 'folder' } });
    const chosen = value(await app.dispatch('settings:chooseLocation', { folder: next }));
    expect(chosen).toMatchObject({ next, nextHolds: 'nothing', canChoose: true });
  });
});

describe('settings added for the desktop habits', () => {
  it('keeps paper size, theme, spelling and backups, and briefs take the paper size', async () => {
    const app = tempApp();
    const sample = createSample(app.store);
    const before = value(await app.dispatch('settings:get', {})) as SettingsView;
    expect(before.documents.pageSize).toBe('A4');
    expect(before.appearance.theme).toBe('system');
    expect(before.spelling.checkAsYouType).toBe(true);

    const saved = value(
      await app.dispatch('settings:update', {
        documents: { pageSize: 'Letter' },
        appearance: { theme: 'dark' },
        spelling: { checkAsYouType: false },
        backups: { keep: 7 },
      }),
    ) as SettingsView;
    expect(saved).toMatchObject({
      documents: { pageSize: 'Letter' },
      appearance: { theme: 'dark' },
      spelling: { checkAsYouType: false },
      backups: { keep: 7, intervalMinutes: before.backups.intervalMinutes },
    });
    const defaults = value(
      await app.dispatch('briefing:defaults', { kind: 'overview', negotiationId: sample.id }),
    ) as { pageSize: string };
    expect(defaults.pageSize).toBe('Letter');

    const wrong = await app.dispatch('settings:update', { appearance: { theme: 'sepia' } });
    expect(wrong).toMatchObject({
      ok: false,
      error: { message: 'Theme must be one of: system, light, dark.' },
    });
  });
});

describe('diagnostics', () => {
  it('hands over versions, the system and the log, and nothing of the negotiations', async () => {
    let saved: { fileName: string; text: string } | null = null;
    const app = tempApp({
      deliver: async (fileName, bytes) => {
        saved = { fileName, text: new TextDecoder().decode(bytes) };
        return { kind: 'download', url: 'api/download/d' };
      },
    });
    const sample = createSample(app.store);
    value(
      await app.dispatch('negotiations:update', { id: sample.id, summary: 'SECRET-MARKER-91' }),
    );
    const result = value(await app.dispatch('app:diagnostics', {})) as { fileName: string };
    expect(result.fileName).toMatch(/^Parley diagnostics \d{4}-\d\d-\d\d\.txt$/);
    const { text } = saved!;
    expect(text).toMatch(/^Parley: \d+\.\d+\.\d+$/m);
    expect(text).toMatch(/^Node: \d+\.\d+\.\d+$/m);
    expect(text).toMatch(/^SQLite: 3\.\d+\.\d+$/m);
    expect(text).toMatch(/^Encryption: SQLite3 Multiple Ciphers \d/m);
    expect(text).toMatch(/^Operating system: /m);
    expect(text).toMatch(/Parley \S+ starting/);
    expect(text).not.toContain('SECRET-MARKER-91');
    expect(text).not.toContain('US–Iran');
  });

  it('writes a readable report even before the library is open', () => {
    const text = diagnosticsText({
      info: { version: '1.2.3', databasePath: '/x/parley.sqlite', transport: 'electron' },
      database: null,
      dataFolder: '/x',
      log: '',
      now: new Date('2026-11-29T00:00:00Z'),
    });
    expect(text).toContain('SQLite: not open (Parley is locked or in recovery)');
    expect(text).toContain('Running as: desktop app');
    expect(text).toContain('(empty)');
  });
});
