// Drafts (main/services/drafts.ts): the exact call that saves a field's unsaved typing, kept in
// the library until it is saved. Through the web binding each keystroke's draft and each save
// is a request of its own, and they may reach main in any order; each carries the page's
// sequence number for the edit, and main keeps the newest. These tests send them out of order,
// as a page being reloaded mid-edit did (a draft of "the reloa" arriving after the save of
// "the reload", and replayed over it at the next start).
import { describe, expect, it } from 'vitest';
import { aNegotiation, aPosition, aRound, call, tempApp } from './helpers';

async function aPositionToEdit() {
  const app = tempApp();
  const negotiation = await aNegotiation(app);
  const round = await aRound(app, negotiation);
  const position = await aPosition(app, negotiation, round);
  const key = `position.${position.id}.text`;
  const save = (text: string) => ({
    channel: 'positions:update',
    input: { id: position.id, text },
  });
  const stored = async () =>
    (await call(app, 'rounds:get', { id: round.id })).positions.find((p) => p.id === position.id)
      ?.text;
  const kept = async () => await call(app, 'drafts:list', {});
  return { app, position, key, save, stored, kept };
}

describe('drafts', () => {
  it('are settled by the save they stand for; another field’s draft stays', async () => {
    const { app, position, key, save, stored, kept } = await aPositionToEdit();
    const other = `position.${position.id + 1}.text`;
    await call(app, 'drafts:put', { key, seq: 1, save: save('Half') });
    await call(app, 'drafts:put', { key: other, seq: 1, save: save('Other') });
    expect(await call(app, 'drafts:commit', { key, seq: 1, save: save('Half') })).toEqual({
      saved: true,
    });
    expect(await stored()).toBe('Half');
    expect(await kept()).toEqual([{ key: other, seq: 1, save: save('Other') }]);
  });

  it('keep typing newer than the save that landed, and drop what is older', async () => {
    const { app, key, save, kept } = await aPositionToEdit();
    await call(app, 'drafts:put', { key, seq: 5, save: save('Half done') });
    await call(app, 'drafts:commit', { key, seq: 4, save: save('Half') });
    expect(await kept()).toEqual([{ key, seq: 5, save: save('Half done') }]);
    // Typed back as stored (nothing to save): an older removal leaves the newer draft.
    await call(app, 'drafts:remove', { key, seq: 4 });
    expect(await kept()).toHaveLength(1);
    await call(app, 'drafts:remove', { key, seq: 6 });
    expect(await kept()).toEqual([]);
  });

  it('never let a late keystroke’s draft replace the save that followed it', async () => {
    const { app, key, save, stored, kept } = await aPositionToEdit();
    // The page typed "…the reloa" (seq 10), "…the reload" (seq 11), then saved the latter as it
    // closed; the save landed first, both drafts after it.
    await call(app, 'drafts:commit', { key, seq: 11, save: save('Before the reload') });
    await call(app, 'drafts:put', { key, seq: 11, save: save('Before the reload') });
    await call(app, 'drafts:put', { key, seq: 10, save: save('Before the reloa') });
    expect(await kept()).toEqual([]);
    expect(await stored()).toBe('Before the reload');
    // And when the drafts came before the save, in the wrong order, the save still settles
    // them: the older draft never replaced the newer one.
    await call(app, 'drafts:put', { key, seq: 21, save: save('After the reload') });
    await call(app, 'drafts:put', { key, seq: 20, save: save('After the reloa') });
    expect(await kept()).toEqual([{ key, seq: 21, save: save('After the reload') }]);
    await call(app, 'drafts:commit', { key, seq: 21, save: save('After the reload') });
    expect(await kept()).toEqual([]);
    expect(await stored()).toBe('After the reload');
  });

  it('do not apply a save older than one that landed, and record nothing for it', async () => {
    const { app, position, key, save, stored } = await aPositionToEdit();
    await call(app, 'drafts:commit', { key, seq: 31, save: save('Newer') });
    const itsHistory = () => call(app, 'history:forItem', { entity: 'position', id: position.id });
    const history = await itsHistory();
    expect(await call(app, 'drafts:commit', { key, seq: 30, save: save('Older') })).toEqual({
      saved: false,
    });
    expect(await stored()).toBe('Newer');
    expect(await itsHistory()).toEqual(history);
  });

  it('are checked as their own call would be; a refused save settles nothing', async () => {
    const { app, position, key, save, stored, kept } = await aPositionToEdit();
    await call(app, 'drafts:put', { key, seq: 40, save: save('Kept') });
    const bad = await app.dispatch('drafts:commit', {
      key,
      seq: 40,
      save: { channel: 'positions:update', input: { id: position.id, text: 7 } },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'text' } });
    const elsewhere = await app.dispatch('drafts:commit', {
      key,
      seq: 40,
      save: { channel: 'positions:delete', input: { id: position.id } },
    });
    expect(elsewhere).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'A draft saves through an update channel.' },
    });
    await call(app, 'positions:delete', { id: position.id });
    const gone = await app.dispatch('drafts:commit', { key, seq: 40, save: save('Kept') });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await kept()).toEqual([{ key, seq: 40, save: save('Kept') }]);
    expect(await stored()).toBeUndefined();
  });
});
