import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/settings';
import { tempApp, value } from './helpers';

describe('the Dates setting', () => {
  it('follows the system until chosen, is kept in settings.json, and leaves the rest alone', async () => {
    const app = tempApp();
    const before = value(await app.dispatch('settings:get', {})) as SettingsView;
    expect(before.dates).toEqual({ order: 'system' });

    value(await app.dispatch('settings:update', { you: { name: 'Dana Whitfield' } }));
    const after = value(
      await app.dispatch('settings:update', { dates: { order: 'month-first' } }),
    ) as SettingsView;
    expect(after.dates).toEqual({ order: 'month-first' });
    expect(after.you.name).toBe('Dana Whitfield');
    expect(after.security).toEqual(before.security);
    const file = JSON.parse(readFileSync(after.file, 'utf8')) as { dates: unknown };
    expect(file.dates).toEqual({ order: 'month-first' });
  });

  it('refuses an order it does not know, saying what to choose, and changes nothing', async () => {
    const app = tempApp();
    const result = await app.dispatch('settings:update', { dates: { order: 'year-first' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/day first, month first/);
    expect((value(await app.dispatch('settings:get', {})) as SettingsView).dates.order).toBe(
      'system',
    );
  });
});

describe('settings.json', () => {
  it('takes changes made at the same moment one after another: each lands, none fails', async () => {
    const app = tempApp();
    // The theme clicked twice and the paper size chosen before any of them is saved.
    const results = await Promise.all([
      app.dispatch('settings:update', { appearance: { theme: 'light' } }),
      app.dispatch('settings:update', { appearance: { theme: 'dark' } }),
      app.dispatch('settings:update', { documents: { pageSize: 'Letter' } }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const after = value(await app.dispatch('settings:get', {})) as SettingsView;
    expect(after.appearance.theme).toBe('dark');
    expect(after.documents.pageSize).toBe('Letter');
    const file = JSON.parse(readFileSync(after.file, 'utf8')) as SettingsView;
    expect([file.appearance.theme, file.documents.pageSize]).toEqual(['dark', 'Letter']);
    // No temporary file is left beside it.
    expect(readdirSync(dirname(after.file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
