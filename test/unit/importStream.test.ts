import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../main/db/migrations';
import { Store } from '../../main/db/store';
import { exportNegotiation, importNegotiation } from '../../main/services/exchange';
import {
  fileSource,
  importFrom,
  passesThrough,
  textSource,
  type ImportSource,
} from '../../main/services/importStream';
import { createSample } from '../../main/services/sample';
import { z } from 'zod';
import { fileHistoryRow, type NegotiationFile } from '../../shared/exchange';
import { generate } from '../bench/generate';
import { checksum, TEST_KEY, tempDir } from './helpers';

/** A library whose clock stands still: two imports of one file then write the same bytes. */
function library(): Store {
  const store = Store.open(join(tempDir(), 'library.sqlite'), {
    key: TEST_KEY,
    actor: 'tester',
    now: () => '2026-03-01T12:00:00.000Z',
  });
  return store;
}

const ABOUT = { appVersion: 'test', schemaVersion: LATEST_VERSION };

/** A file on disk holding `text`. */
function onDisk(text: string): string {
  const path = join(tempDir(), 'talks.json');
  writeFileSync(path, text);
  return path;
}

/** Counts V8's full (mark-compact) collections from now until `count` is awaited. */
function fullCollections() {
  let majors = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A collection's entry says its kind in `detail` (Node's PerformanceEntry types omit it).
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async count() {
      // Entries reach the observer after the synchronous work that made them.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      return majors;
    },
  };
}

/** The message an import of `source` is refused with, after checking it changed nothing. */
function refusal(store: Store, source: ImportSource): string {
  const before = checksum(store);
  let message = '';
  try {
    importFrom(store, source, () => {}, 'talks.json');
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message, 'the import was refused').not.toBe('');
  expect(checksum(store)).toBe(before);
  return message;
}

describe('streamed import', () => {
  it('writes a large generated file exactly as the whole-document import does, row for row', async () => {
    const source = library();
    const g = generate(source, 'large');
    const { json } = exportNegotiation(source, g.negotiationId, ABOUT, { includeHistory: true });
    source.close();
    // Several megabytes: read in many chunks, items cut across chunk boundaries.
    expect(json.length).toBeGreaterThan(8 * 1024 * 1024);

    const streamed = library();
    const whole = library();
    const progress: number[] = [];
    const collections = fullCollections();
    const a = importFrom(streamed, fileSource(onDisk(json)), (f) => progress.push(f), 'x.json');
    // Its memory stays near what is live: full collections as it reads (one every 4 MB where
    // they are cheap; in this process, which holds much else, fewer). V8 ran none of its own.
    expect(await collections.count()).toBeGreaterThanOrEqual(2);
    const b = importNegotiation(whole, json, () => {}, 'x.json');
    expect(a).toEqual(b);
    expect(a.positions).toBeGreaterThan(1000);
    // Every table, the history and the search index included.
    expect(checksum(streamed)).toBe(checksum(whole));
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    streamed.close();
    whole.close();
  }, 300_000);

  it('reads text the same as a file, escapes, non-Latin text and a byte order mark included', () => {
    const source = library();
    const n = createSample(source).id;
    const { json } = exportNegotiation(source, n, ABOUT, { includeHistory: true });
    source.close();
    const quoted = json.replace(
      '"summary": "',
      '"summary": "Said \\"no\\" \\u2014 twice; \\ud83d\\ude00 and \\\\ backslash; ',
    );
    const fromText = library();
    const fromFile = library();
    const whole = library();
    importFrom(fromText, textSource(`\uFEFF${quoted}`));
    importFrom(fromFile, fileSource(onDisk(`\uFEFF${quoted}`)));
    importNegotiation(whole, quoted);
    expect(checksum(fromText)).toBe(checksum(whole));
    expect(checksum(fromFile)).toBe(checksum(whole));
    expect(JSON.stringify(fromFile.all('SELECT summary FROM negotiation'))).toContain(
      'Said \\"no\\" — twice; 😀 and \\\\ backslash',
    );
  });

  it('writes a change whose rows come before its own fields as one whose rows come last', () => {
    const source = library();
    const n = createSample(source).id;
    const { json } = exportNegotiation(source, n, ABOUT, { includeHistory: true });
    source.close();
    const file = JSON.parse(json) as NegotiationFile;
    expect(file.history!.some((c) => c.rows.length > 1)).toBe(true);
    // Parley writes a change's rows last, and writes them as it reads them; another writer may
    // put them first, and the change is then written whole once read.
    const rowsFirst = {
      ...file,
      history: file.history!.map(({ rows, ...head }, i) =>
        i % 2 ? { rows, ...head } : { ...head, rows },
      ),
    };
    const streamed = library();
    const whole = library();
    importFrom(streamed, fileSource(onDisk(JSON.stringify(rowsFirst))));
    importNegotiation(whole, json);
    expect(checksum(streamed)).toBe(checksum(whole));
    streamed.close();
    whole.close();
  });

  describe('refuses a file broken at one row, naming it, with nothing changed', () => {
    function sampleFile(): { store: Store; file: NegotiationFile } {
      const store = library();
      const n = createSample(store).id;
      const { json } = exportNegotiation(store, n, ABOUT, { includeHistory: true });
      return { store, file: JSON.parse(json) as NegotiationFile };
    }

    it('a bad field', () => {
      const { store, file } = sampleFile();
      (file.rounds.at(-1)!.positions[1] as unknown as Record<string, unknown>).kind = 'threat';
      expect(refusal(store, fileSource(onDisk(JSON.stringify(file))))).toMatch(
        new RegExp(`^rounds\\[${file.rounds.length - 1}\\]\\.positions\\[1\\]\\.kind: `),
      );
    });

    it('a bad reference, even one the file would only resolve later', () => {
      const { store, file } = sampleFile();
      file.rounds[0]!.positions[0]!.issueId = 31337;
      expect(refusal(store, fileSource(onDisk(JSON.stringify(file))))).toBe(
        'rounds[0].positions[0].issueId: unknown issue 31337.',
      );
      // Sources listed after the citations that name them: read all the same.
      file.rounds[0]!.positions[0]!.issueId = file.issues[0]!.id;
      const { sources, citations, history, ...head } = file;
      expect(citations.length).toBeGreaterThan(0);
      const reordered = JSON.stringify({ ...head, citations, sources, history });
      expect(importFrom(library(), textSource(reordered)).sources).toBe(sources.length);
    });

    it('a duplicate id', () => {
      const { store, file } = sampleFile();
      file.issues[3]!.id = file.issues[1]!.id;
      expect(refusal(store, textSource(JSON.stringify(file)))).toMatch(
        /^issues\[3\]\.id: Id \d+ appears twice\.$/,
      );
    });

    it('truncated JSON', () => {
      const { store, file } = sampleFile();
      const text = JSON.stringify(file, null, 1);
      expect(refusal(store, fileSource(onDisk(text.slice(0, text.length - 4000))))).toMatch(
        /^The file ends too soon \(line \d+, column \d+\): it looks cut off\./,
      );
      expect(
        refusal(store, textSource(text.replace('"kind": "demand"', '"kind": demand'))),
      ).toMatch(/^The file is not valid JSON at line \d+, column \d+: /);
    });

    it('a wrong format version', () => {
      const { store, file } = sampleFile();
      expect(refusal(store, textSource(JSON.stringify({ ...file, formatVersion: 7 })))).toMatch(
        /^formatVersion: this file was written by a newer Parley \(format version 7\)/,
      );
      expect(refusal(store, textSource(JSON.stringify({ ...file, formatVersion: '2' })))).toBe(
        'formatVersion: must be 1 or 2, not "2".',
      );
    });

    it('a file that changes between its checking and its writing', () => {
      const { store, file } = sampleFile();
      const text = JSON.stringify(file);
      let readings = 0;
      const changing: ImportSource = {
        ...textSource(text),
        *chunks() {
          readings++;
          yield* textSource(
            readings === 1 ? text : text.replace(/"title":"/, '"title":"X'),
          ).chunks();
        },
      };
      expect(refusal(store, changing)).toMatch(/^The file changed while it was being imported\./);
    });

    it('a file whose history changes between its checking and its writing', () => {
      // The writing takes history rows as the checking accepted them, unparsed: a row changed
      // meanwhile fails in the writing itself, and is still told as a changed file.
      const { store, file } = sampleFile();
      const text = JSON.stringify(file);
      expect(text).toContain('"op":"create"');
      let readings = 0;
      const changing: ImportSource = {
        ...textSource(text),
        *chunks() {
          readings++;
          yield* textSource(
            readings === 1 ? text : text.replaceAll('"op":"create"', '"op":"erase"'),
          ).chunks();
        },
      };
      expect(refusal(store, changing)).toMatch(/^The file changed while it was being imported\./);
    });
  });

  describe('passesThrough', () => {
    it('holds for the history rows it lets the writing take as read', () => {
      expect(passesThrough(fileHistoryRow)).toBe(true);
      expect(passesThrough(z.strictObject({ a: z.enum(['x']), b: z.number().nullable() }))).toBe(
        true,
      );
    });

    it('fails for a schema whose parsing can change a value', () => {
      for (const schema of [
        z.string().trim(),
        z.number().default(1),
        z.string().transform((s) => s.length),
        z.coerce.number(),
        // A plain object drops the keys it does not know.
        z.object({ a: z.string() }),
        z.strictObject({ a: z.array(z.string().toLowerCase()) }),
        z.record(z.string(), z.union([z.string(), z.number().catch(0)])),
      ]) {
        expect(passesThrough(schema)).toBe(false);
      }
    });
  });
});
