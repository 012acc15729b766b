import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createSample } from '../../main/services/sample';
import { decryptedBytes, tempApp, TEST_KEY, value, call } from './helpers';

// A word that appears nowhere else, so finding its bytes anywhere means it was left behind.
const MARKER = 'Quetzalcoatlmarker';

/**
 * Where the marker's bytes are found among the files of a folder — the database, its WAL, the
 * backups — read raw and, for the library's encrypted files, decrypted page by page (freed
 * space included), so "not found" means not there, not merely encrypted.
 */
function filesHolding(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text.toLowerCase(), 'utf8')];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const raw = readFileSync(path);
      const encrypted = /\.sqlite(-wal)?$/.test(entry.name) && raw.length > 0;
      const plain = encrypted ? decryptedBytes(path, TEST_KEY) : raw;
      if (needles.some((n) => plain.includes(n) || raw.includes(n))) found.push(path);
    }
  };
  walk(dir);
  return found;
}

async function withSecret() {
  const blank = await PDFDocument.create();
  blank.addPage();
  const pdf = await blank.save();
  const app = tempApp({
    printer: { print: async () => pdf },
    deliver: async () => ({ kind: 'download', url: 'api/download/x' }),
  });
  const n = createSample(app.store).id;
  const detail = await call(app, 'negotiations:get', { id: n });
  const roundId = detail.rounds.at(-1)!.id;
  // Entered under the wrong marking, reworded once (the first wording stays in history), briefed.
  const position = await call(app, 'positions:create', {
    roundId,
    partyId: detail.parties[0]!.id,
    issueId: detail.issues[0]!.id,
    text: `${MARKER} first wording of the mistaken demand.`,
  });
  await call(app, 'positions:update', {
    id: position.id,
    text: `${MARKER} second wording of the mistaken demand.`,
    notes: `Notes that name ${MARKER}.`,
  });
  await call(app, 'sources:create', {
    negotiationId: n,
    kind: 'leak',
    outlet: 'Cable 7',
    cite: { targetType: 'position', targetId: position.id },
  });
  const job = await call(app, 'briefing:preview', { kind: 'round', negotiationId: n, roundId });
  await call(app, 'briefing:export', { jobId: job.jobId });
  const backup = await call(app, 'backups:create', {});
  const dir = join(app.info.databasePath, '..');
  return { app, n, roundId, position, backup, dir };
}

describe('remove permanently', () => {
  it('leaves no byte of the text in the database or its WAL, and names the backups holding it', async () => {
    const { app, n, position, backup, dir } = await withSecret();
    expect(filesHolding(dir, MARKER).length).toBeGreaterThan(0);

    const preview = await call(app, 'removal:preview', { entity: 'position', id: position.id });
    expect(preview.title).toMatch(/^Position “Quetzalcoatlmarker second wording/);
    expect(preview.parts).toEqual(['with what it holds: 1 citation', '3 records in its history']);
    expect(preview.backups.map((b) => b.name)).toEqual([backup.name]);

    const result = await call(app, 'removal:confirm', { entity: 'position', id: position.id });
    expect(result.backups.map((b) => b.name)).toEqual([backup.name]);
    expect(filesHolding(dir, MARKER).map((p) => p.slice(dir.length + 1))).toEqual([
      join('backups', backup.name),
    ]);

    // The backup goes too when the officer says so: overwritten, then deleted.
    await call(app, 'backups:delete', { names: [backup.name] });
    expect(existsSync(join(dir, 'backups', backup.name))).toBe(false);
    expect(filesHolding(dir, MARKER)).toEqual([]);

    // Nothing else was harmed: the file is whole, the search index agrees with the data, the
    // source it cited is still there, and the rest of the negotiation's history still undoes.
    const store = app.store;
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    store.db.exec("INSERT INTO search_index (search_index) VALUES ('integrity-check')");
    expect(store.get('SELECT COUNT(*) AS n FROM source WHERE outlet = ?', 'Cable 7')).toEqual({
      n: 1,
    });
    const undo = await call(app, 'history:undo', { scopeId: n });
    expect(undo).toBeTruthy();
    const search = await call(app, 'search:query', { query: MARKER });
    expect(search.total).toBe(0);
  });

  it('removes a whole round with what was deleted from it earlier, and the brief records naming it', async () => {
    const { app, n, roundId, dir } = await withSecret();
    await call(app, 'rounds:update', { id: roundId, summary: `Summary: ${MARKER}.` });
    const extra = await call(app, 'positions:create', {
      roundId,
      partyId: (
        value(await app.dispatch('negotiations:get', { id: n })) as { parties: { id: number }[] }
      ).parties[1]!.id,
      issueId: (
        value(await app.dispatch('negotiations:get', { id: n })) as { issues: { id: number }[] }
      ).issues[1]!.id,
      text: `Deleted earlier, kept in history: ${MARKER}.`,
    });
    await call(app, 'positions:delete', { id: extra.id });
    await call(app, 'removal:confirm', { entity: 'round', id: roundId });
    await call(app, 'backups:delete', {
      names: readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.sqlite')),
    });
    expect(filesHolding(dir, MARKER)).toEqual([]);
    expect(app.store.get('SELECT COUNT(*) AS n FROM briefing_export')).toEqual({ n: 0 });
    expect(app.store.get('SELECT COUNT(*) AS n FROM round WHERE id = ?', roundId)).toEqual({
      n: 0,
    });
  });

  it('is refused for an item that does not exist, changing nothing', async () => {
    const { app } = await withSecret();
    expect(await app.dispatch('removal:confirm', { entity: 'position', id: 99999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
