// The renderer's autosave (renderer/src/lib/save.svelte.ts), run as the page runs it but
// without a browser: its `invoke` goes straight to the real dispatch over a real (encrypted)
// library, as `window.parley` would take it there in the desktop app. What it promises: every
// keystroke's edit is kept as a draft in the library before it is saved; a save lands after a
// pause, or at once when the page goes away; a refused or invalid edit keeps its text and says
// why; a newer stored value replaces the text only when the officer is not mid-edit; and drafts
// an earlier page left behind are replayed on the next start.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyBridge } from '../../shared/contract';
import { aNegotiation, call, tempApp } from './helpers';

/** What the test uses of renderer/src/lib/save.svelte.ts. */
interface Field {
  value: string;
  error: string | undefined;
  status: 'idle' | 'pending' | 'saving' | 'error';
  changed(): void;
  sync(stored: string): void;
  dispose(): void;
}
interface SaveModule {
  AutoSaveField: new (options: {
    initial: string;
    key: string;
    save: (value: string) => unknown;
    validate?: (value: string) => string | undefined;
    delay?: number;
  }) => Field;
  edit(
    channel: 'parties:update',
    entity: string,
    id: number,
    field: 'name',
  ): { key: string; save: (value: string) => unknown };
  saves: { label: string; failed: string | undefined; idle(): Promise<void>; flushAll(): void };
  recoverDrafts(): Promise<string[]>;
}

// A fresh library for each test (the helpers close it after each).
let app: ReturnType<typeof tempApp>;
beforeEach(() => {
  app = tempApp();
});
const sent: string[] = [];
/** Drafts held back (to be sent late, in any order), while this is set. */
let held: (() => Promise<void>)[] | undefined;
let save: SaveModule;

beforeAll(async () => {
  const bridge: ParleyBridge = {
    invoke: (async (channel: string, input: unknown) => {
      sent.push(channel);
      if (held && channel === 'drafts:put') {
        return new Promise<unknown>((resolve) =>
          held!.push(async () => resolve(await app.dispatch(channel, input))),
        );
      }
      return app.dispatch(channel, input);
    }) as ParleyBridge['invoke'],
    on: () => () => {},
  };
  const quiet = { addEventListener: () => {} };
  vi.stubGlobal('window', { ...quiet, parley: bridge });
  vi.stubGlobal('document', { ...quiet, visibilityState: 'visible' });
  vi.stubGlobal('localStorage', { length: 0, key: () => null });
  // Through a variable: the module is the renderer's (browser types, runes), which this
  // project's Node type-check does not compile; the Svelte plugin compiles it for the run.
  const module = '../../renderer/src/lib/save.svelte';
  save = (await import(/* @vite-ignore */ module)) as SaveModule;
});

/** A party's name field, as AutoText builds it. */
async function nameField(options: { delay?: number } = {}) {
  const negotiation = await aNegotiation(app);
  const party = negotiation.parties[0]!;
  const field = new save.AutoSaveField({
    initial: party.name,
    ...save.edit('parties:update', 'party', party.id, 'name'),
    validate: (v) => (v.trim() ? undefined : 'A party needs a name.'),
    ...options,
  });
  const stored = async () =>
    (await call(app, 'negotiations:get', { id: negotiation.negotiation.id })).parties.find(
      (p) => p.id === party.id,
    )!.name;
  return { field, party, stored };
}

const draftKeys = async () => (await call(app, 'drafts:list', {})).map((d) => d.key);

describe('the renderer’s autosave', () => {
  it('keeps each edit as a draft in the library at once, saves after a pause, then drops the draft', async () => {
    vi.useFakeTimers();
    try {
      const { field, party, stored } = await nameField();
      field.value = 'United States of America';
      field.changed();
      await vi.waitFor(async () => expect(await draftKeys()).toContain(`party.${party.id}.name`));
      expect(await stored()).toBe('United States');
      expect(save.saves.label).toBe('Saving…');

      await vi.advanceTimersByTimeAsync(700);
      await save.saves.idle();
      expect(await stored()).toBe('United States of America');
      expect(await draftKeys()).not.toContain(`party.${party.id}.name`);
      expect(field.status).toBe('idle');
      expect(save.saves.label).toBe('All changes saved');
      field.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a pending edit at once when the page goes away', async () => {
    const { field, stored } = await nameField({ delay: 60_000 });
    field.value = 'USA';
    field.changed();
    save.saves.flushAll();
    await save.saves.idle();
    expect(await stored()).toBe('USA');
    field.dispose();
  });

  it('keeps an invalid edit as typed, says why, and sends no save', async () => {
    const { field, stored } = await nameField({ delay: 0 });
    sent.length = 0;
    field.value = '   ';
    field.changed();
    await save.saves.idle();
    expect(field.status).toBe('error');
    expect(field.error).toBe('A party needs a name.');
    expect(save.saves.failed).toBe('A party needs a name.');
    expect(sent).not.toContain('parties:update');
    expect(await stored()).toBe('United States');
    // Typing back what is stored clears it all.
    field.value = 'United States';
    field.changed();
    expect(field.status).toBe('idle');
    expect(save.saves.failed).toBeUndefined();
    field.dispose();
  });

  it('shows main’s refusal on the field and keeps the text', async () => {
    const { field, party } = await nameField({ delay: 0 });
    await call(app, 'parties:delete', { id: party.id });
    field.value = 'A party deleted meanwhile';
    field.changed();
    await vi.waitFor(() => expect(field.status).toBe('error'));
    expect(field.error).toMatch(/party/i);
    expect(field.value).toBe('A party deleted meanwhile');
    field.dispose();
  });

  it('takes a newer stored value (after an undo) unless the officer is mid-edit', async () => {
    const { field } = await nameField({ delay: 60_000 });
    field.sync('Changed elsewhere');
    expect(field.value).toBe('Changed elsewhere');
    field.value = 'Being typed';
    field.changed();
    field.sync('Changed again elsewhere');
    expect(field.value).toBe('Being typed');
    field.dispose(); // flushes the pending edit
    await save.saves.idle();
  });

  it('keeps the last typing when the page’s requests reach main out of order', async () => {
    // Through the web binding every draft and save is a request of its own: here the save sent
    // as the page closed lands first, and the keystrokes' drafts after it, the older last.
    const { field, party, stored } = await nameField({ delay: 60_000 });
    held = [];
    for (const typed of ['United States of Americ', 'United States of America']) {
      field.value = typed;
      field.changed();
    }
    save.saves.flushAll();
    await save.saves.idle();
    expect(held).toHaveLength(2);
    for (const late of held.reverse()) await late();
    held = undefined;
    expect(await draftKeys()).not.toContain(`party.${party.id}.name`);
    // The next page replays nothing over the save.
    expect(await save.recoverDrafts()).toEqual([]);
    expect(await stored()).toBe('United States of America');
    field.dispose();
  });

  it('replays the drafts an earlier page left behind, and drops each', async () => {
    const { party, stored } = await nameField();
    // A page that crashed after the keystroke's draft, before its save.
    await call(app, 'drafts:put', {
      key: `party.${party.id}.name`,
      seq: 1,
      save: { channel: 'parties:update', input: { id: party.id, name: 'Recovered typing' } },
    });
    expect(await save.recoverDrafts()).toEqual([]);
    expect(await stored()).toBe('Recovered typing');
    expect(await draftKeys()).toEqual([]);
  });
});
