import { beforeAll, describe, expect, it } from 'vitest';
import { loadAutomerge } from '../../main/services/share/automerge';
import type { openApp } from '../../main/app';
import { uidOfRow } from '../../main/db/queries/share';
import * as share from '../../main/services/share';
type App = ReturnType<typeof openApp>;
import { aNegotiation, aPosition, aRound, call, tempApp, captureFile } from './helpers';

// These call the sharing services directly: the app's dispatch loads the engine before them.
beforeAll(() => loadAutomerge());

async function shareFrom(
  app: App,
  negotiationId: number,
  name: string,
  forKey: string | null = null,
) {
  const sink = captureFile();
  await share.shareUpdate(app.store, sink.deliver, { negotiationId, name, forKey });
  return sink.last();
}

const receive = (app: App, file: { fileName: string; text: string }, trust = true) =>
  share.receiveUpdate(app.store, { fileName: file.fileName, content: file.text, trust });

describe('shared negotiations by update file', () => {
  it('shares a negotiation, merges concurrent edits and shows a conflict until chosen', async () => {
    const a = tempApp({ actor: 'Dana' });
    const b = tempApp({ actor: 'Sam' });
    const n = await aNegotiation(a);
    const round = await aRound(a, n);
    const position = await aPosition(a, n, round, { text: 'Zero enrichment.' });

    const first = await shareFrom(a, n.negotiation.id, 'Dana');
    const untrusted = receive(b, first, false);
    expect(untrusted.state).toBe('untrusted');
    const got = receive(b, first);
    expect(got.state).toBe('received');
    if (got.state !== 'received') return;
    const bNegotiation = await call(b, 'negotiations:get', { id: got.negotiationId });
    expect(bNegotiation.negotiation.title).toBe('Nuclear talks');
    const bRound = await call(b, 'rounds:get', { id: bNegotiation.rounds[0]!.id });
    const bPosition = bRound.positions[0]!;
    expect(bPosition.text).toBe('Zero enrichment.');

    // Receiving the same update again changes nothing.
    const again = receive(b, first);
    expect(again.state === 'received' && again.changed).toBe(false);

    // Both edit the same position's text, and A also its status.
    await call(a, 'positions:update', { id: position.id, text: 'Enrichment to 3.67%.' });
    await call(b, 'positions:update', { id: bPosition.id, text: 'Enrichment to 5%.' });
    const fromB = await shareFrom(b, got.negotiationId, 'Sam');
    const fromA = await shareFrom(a, n.negotiation.id, 'Dana');
    const atA = receive(a, fromB);
    const atB = receive(b, fromA);
    expect(atA.state === 'received' && atA.conflicts).toBe(1);
    expect(atB.state === 'received' && atB.conflicts).toBe(1);

    const textA = (await call(a, 'rounds:get', { id: round.id })).positions[0]!.text;
    const textB = (await call(b, 'rounds:get', { id: bNegotiation.rounds[0]!.id })).positions[0]!
      .text;
    expect(textA).toBe(textB);

    const open = share.conflicts(b.store, got.negotiationId);
    expect(open).toHaveLength(1);
    expect(open[0]!.fieldLabel).toBe('Text');
    expect(open[0]!.values.map((v) => v.shown).sort()).toEqual([
      'Enrichment to 3.67%.',
      'Enrichment to 5%.',
    ]);
    expect(open[0]!.values.map((v) => v.by).sort()).toEqual(['Dana', 'Sam']);

    // B chooses A's wording; A receives the choice and its conflict closes too.
    const choice = open[0]!.values.find((v) => v.shown === 'Enrichment to 3.67%.')!.choice;
    share.resolveConflict(b.store, {
      negotiationId: got.negotiationId,
      entity: 'position',
      uid: open[0]!.uid,
      field: 'text',
      choice,
    });
    expect(share.conflicts(b.store, got.negotiationId)).toHaveLength(0);
    expect(
      (await call(b, 'rounds:get', { id: bNegotiation.rounds[0]!.id })).positions[0]!.text,
    ).toBe('Enrichment to 3.67%.');
    const resolution = await shareFrom(b, got.negotiationId, 'Sam', null);
    receive(a, resolution);
    expect(share.conflicts(a.store, n.negotiation.id)).toHaveLength(0);
    expect((await call(a, 'rounds:get', { id: round.id })).positions[0]!.text).toBe(
      'Enrichment to 3.67%.',
    );
  });

  it('refuses a tampered update and changes nothing', async () => {
    const a = tempApp({ actor: 'Dana' });
    const b = tempApp({ actor: 'Sam' });
    const n = await aNegotiation(a);
    const file = await shareFrom(a, n.negotiation.id, 'Dana');
    const envelope = JSON.parse(file.text) as { payload: string };
    const bytes = Buffer.from(envelope.payload, 'base64');
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    const tampered = {
      ...file,
      text: JSON.stringify({ ...envelope, payload: bytes.toString('base64') }),
    };
    expect(() => receive(b, tampered)).toThrow(/altered since Dana signed it/);
    expect(await call(b, 'negotiations:list', {})).toHaveLength(0);
  });
});

describe('a shared negotiation deleted, and removed permanently', () => {
  it('keeps its sharing through a deletion that is undone, and takes no update while deleted', async () => {
    const a = tempApp({ actor: 'Dana' });
    const b = tempApp({ actor: 'Sam' });
    const n = await aNegotiation(a);
    const round = await aRound(a, n);
    const position = await aPosition(a, n, round, { text: 'Zero enrichment.' });
    const got = receive(b, await shareFrom(a, n.negotiation.id, 'Dana'));
    if (got.state !== 'received') throw new Error('not received');

    await call(b, 'negotiations:delete', { id: got.negotiationId });
    expect(share.liveDocuments(b.store)).toHaveLength(0);
    await call(a, 'positions:update', { id: position.id, text: 'Enrichment to 3.67%.' });
    const update = await shareFrom(a, n.negotiation.id, 'Dana');
    expect(() => receive(b, update)).toThrow(/You deleted this shared negotiation/);

    await call(b, 'history:undo', { scopeId: null });
    expect(share.liveDocuments(b.store)).toHaveLength(1);
    const after = receive(b, update);
    expect(after.state === 'received' && after.changed).toBe(true);
    const bRound = (await call(b, 'negotiations:get', { id: got.negotiationId })).rounds[0]!;
    expect((await call(b, 'rounds:get', { id: bRound.id })).positions[0]!.text).toBe(
      'Enrichment to 3.67%.',
    );
  });

  it('stops sharing when something in it is removed permanently, and refuses a fresh start until the colleague removes theirs', async () => {
    const a = tempApp({ actor: 'Dana' });
    const b = tempApp({ actor: 'Sam' });
    const n = await aNegotiation(a);
    const round = await aRound(a, n);
    const keep = await aPosition(a, n, round, { text: 'Zero enrichment.' });
    const slip = await aPosition(a, n, round, {
      text: 'Misfiled: the source’s name.',
      partyId: n.parties[1]!.id,
    });
    const got = receive(b, await shareFrom(a, n.negotiation.id, 'Dana'));
    if (got.state !== 'received') throw new Error('not received');

    // The preview says what goes with it; the removal takes the whole sharing record.
    const preview = await call(a, 'removal:preview', { entity: 'position', id: slip.id });
    expect(preview.parts.at(-1)).toMatch(
      /^the negotiation’s sharing record.*no longer shared in your library/,
    );
    await call(a, 'removal:confirm', { entity: 'position', id: slip.id });
    expect(share.sharing(a.store).isShared(n.negotiation.id)).toBe(false);
    expect(a.store.get('SELECT COUNT(*) AS n FROM share_chunk')).toEqual({ n: 0 });
    expect((await call(a, 'rounds:get', { id: round.id })).positions.map((p) => p.id)).toEqual([
      keep.id,
    ]);

    // Shared again, whole: a new start, which Sam's copy (still holding the text) cannot take.
    const fresh = await shareFrom(a, n.negotiation.id, 'Dana');
    expect(() => receive(b, fresh)).toThrow(/does not continue the shared negotiation you have/);
    const bRound = (await call(b, 'negotiations:get', { id: got.negotiationId })).rounds[0]!;
    expect((await call(b, 'rounds:get', { id: bRound.id })).positions).toHaveLength(2);

    // Sam removes the negotiation permanently too, then receives it afresh, without the slip.
    const whole = await call(b, 'removal:preview', {
      entity: 'negotiation',
      id: got.negotiationId,
    });
    expect(whole.parts.at(-1)).toBe('its sharing record, which holds every value shared in it');
    await call(b, 'removal:confirm', { entity: 'negotiation', id: got.negotiationId });
    const again = receive(b, fresh);
    if (again.state !== 'received') throw new Error('not received');
    const texts = (
      await call(b, 'rounds:get', {
        id: (await call(b, 'negotiations:get', { id: again.negotiationId })).rounds[0]!.id,
      })
    ).positions.map((p) => p.text);
    expect(texts).toEqual(['Zero enrichment.']);

    // The same the other way, where the two documents would merge (their officers differ) but
    // at their very root: Sam removes something of his, shares afresh, and Dana is refused.
    const bPosition = (
      await call(b, 'rounds:get', {
        id: (await call(b, 'negotiations:get', { id: again.negotiationId })).rounds[0]!.id,
      })
    ).positions[0]!;
    await call(b, 'removal:confirm', { entity: 'position', id: bPosition.id });
    const before = (await call(a, 'rounds:get', { id: round.id })).positions.length;
    const fromSam = await shareFrom(b, again.negotiationId, 'Sam');
    expect(() => receive(a, fromSam)).toThrow(/does not continue the shared negotiation you have/);
    expect((await call(a, 'rounds:get', { id: round.id })).positions).toHaveLength(before);
  });
});

describe('a received update and a local edit at the same time', () => {
  // One edit meanwhile: merged again outside the transaction. Two: the third merge is made
  // inside the write transaction, where no edit can come between.
  it.each([
    [1, 2],
    [2, 3],
  ])('keeps both: %i edit(s) meanwhile, %i merges', async (edits, expected) => {
    const a = tempApp({ actor: 'Dana' });
    const b = tempApp({ actor: 'Sam' });
    const n = await aNegotiation(a);
    const round = await aRound(a, n);
    const first = await aPosition(a, n, round, { text: 'Zero enrichment.' });
    await aPosition(a, n, round, { text: 'Lift sanctions.', partyId: n.parties[1]!.id });
    const got = receive(b, await shareFrom(a, n.negotiation.id, 'Dana'));
    if (got.state !== 'received') throw new Error('not received');
    await call(a, 'positions:update', { id: first.id, text: 'Enrichment to 3.67%.' });
    const bRound = (await call(b, 'negotiations:get', { id: got.negotiationId })).rounds[0]!;
    const bSecond = (await call(b, 'rounds:get', { id: bRound.id })).positions.find(
      (p) => p.text === 'Lift sanctions.',
    )!;

    // Sam's library merges Dana's update; meanwhile (between the merge and its write, as the
    // long lane and an edit in the window can meet) Sam edits the other position.
    const engine = share.sharing(b.store);
    let merges = 0;
    const result = engine.applyRemote(
      uidOfRow(a.store, 'negotiation', n.negotiation.id)!,
      share.sharing(a.store).exportSince(n.negotiation.id, null).bytes,
      { name: 'Dana', update: 'test' },
      () => {
        if (merges++ >= edits) return;
        b.store.write({ label: 'Edit position', scopeId: got.negotiationId }, (w) =>
          w.update('position', bSecond.id, {
            text: merges === edits ? 'Sanctions lifted in stages.' : 'Sanctions eased.',
          }),
        );
      },
    );
    expect(merges).toBe(expected);
    expect(result.changed).toBe(true);
    const texts = (await call(b, 'rounds:get', { id: bRound.id })).positions
      .map((p) => p.text)
      .sort();
    expect(texts).toEqual(['Enrichment to 3.67%.', 'Sanctions lifted in stages.']);
    // Sam's edit is in the shared document too: Dana receives it.
    receive(a, await shareFrom(b, got.negotiationId, 'Sam'));
    const danaTexts = (await call(a, 'rounds:get', { id: round.id })).positions
      .map((p) => p.text)
      .sort();
    expect(danaTexts).toEqual(['Enrichment to 3.67%.', 'Sanctions lifted in stages.']);
  });
});
