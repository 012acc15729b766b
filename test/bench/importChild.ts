// One import, measured in a process of its own (test/bench/run.ts starts it): its peak memory
// is then the process's own (`process.resourceUsage().maxRSS`, the most resident memory it ever
// had), and nothing of the parent (its generated data, its other figures) is counted. It runs
// on a worker thread with the resource limits the app's data workers have (WORKER_LIMITS), as
// the app's long lane runs an import: a process's main thread has a young generation several
// times larger, which held about a third more memory at the peak than the app does.
//
//   tsx test/bench/importChild.ts <stream|bare> <library> <file> <hex key or "none">
//
// stream: Parley's import of the file from disk (importStream.ts), as the desktop app and the
// web binding run it. bare: the reference — the same rows inserted into the same schema with
// one prepared INSERT a table, in one transaction, no checks: every row the import writes (its
// items, the history rows, the search index's entries), read back from an import into a scratch
// library before the clock starts; and, for comparison, the file's items alone, no history, no
// search index (the reference until 30 November). Prints one line of JSON.
import { readFileSync, statSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Store } from '../../main/db/store';
import { INSERT_ORDER } from '../../main/db/entities';
import { fileToRows, markingColumn } from '../../main/db/fileShape';
import { markingIdsByLabel } from '../../main/db/queries/exchange';
import { importNegotiationFile } from '../../main/services/transfer';
import { WORKER_LIMITS } from '../../main/worker/host';
import type { NegotiationFile } from '../../shared/exchange';

if (isMainThread) {
  // This file again, on the worker, through tsx's loader (a worker does not inherit it).
  const self = JSON.stringify(import.meta.url);
  const worker = new Worker(
    `import('tsx/esm/api').then((t) => { t.register(); return import(${self}); });`,
    {
      eval: true,
      workerData: process.argv.slice(2),
      resourceLimits: WORKER_LIMITS,
    },
  );
  worker.once('message', (figures) => console.log(JSON.stringify(figures)));
  worker.once('error', (error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parentPort!.postMessage(measure(...(workerData as [string, string, string, string])));
}

function measure(mode: string, library: string, file: string, keyHex: string): object {
  const key = keyHex === 'none' ? null : Buffer.from(keyHex, 'hex');
  const store = Store.open(library, { key, actor: 'bench' });
  const bytes = statSync(file).size;

  if (mode === 'stream') {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    importNegotiationFile(store, { path: file }, () => {}, 'bench.json');
    const ms = performance.now() - started;
    const peak = process.resourceUsage().maxRSS * 1024;
    store.close();
    return { ms, bytes, before, peak };
  } else {
    // The rows as the file holds them (its items, no history), prepared before the clock starts.
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as NegotiationFile;
    const rows = fileToRows(parsed);
    const markings = markingIdsByLabel(store);
    const items = INSERT_ORDER.map((table) => {
      const list = rows[table].map(({ row }) => {
        const values = { ...row };
        const marking = markingColumn(table);
        if (marking && values[marking] !== null)
          values[marking] = markings.get(values[marking] as string)!;
        return values;
      });
      return {
        table,
        columns: Object.keys(list[0] ?? {}),
        list: list as Record<string, unknown>[],
      };
    });
    const itemsMs = insertBare(store, items);
    store.close();

    // Every row Parley's import ends up writing: its items, their history and the file's, the
    // search index's entries and the rest, read back from an import into a scratch library, less
    // the rows a fresh library already has.
    const scratch = Store.open(`${library}.scratch`, { key, actor: 'bench' });
    importNegotiationFile(scratch, { path: file }, () => {}, 'bench.json');
    const target = Store.open(`${library}.all`, { key, actor: 'bench' });
    const tables = target.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%'`,
      )
      .pluck()
      .all() as string[];
    // The index's own tables (FTS5 keeps its lists in them) are written by its inserts.
    const written = tables
      .filter((name) => !/^search_index(_position)?_(data|idx|content|docsize|config)$/.test(name))
      .map((table) => {
        const select = table.startsWith('search_index')
          ? `SELECT rowid, * FROM ${table}`
          : `SELECT * FROM ${table}`;
        const present = new Set(
          (target.db.prepare(select).all() as object[]).map((row) => JSON.stringify(row)),
        );
        const list = (scratch.db.prepare(select).all() as Record<string, unknown>[]).filter(
          (row) => !present.has(JSON.stringify(row)),
        );
        return { table, columns: Object.keys(list[0] ?? {}), list };
      });
    scratch.close();
    const ms = insertBare(target, written);
    const count = written.reduce((n, { list }) => n + list.length, 0);
    target.close();
    return { ms, itemsMs, rows: count, bytes };
  }
}

/** Inserts the rows with one prepared INSERT a table, in one transaction; its time in ms. */
function insertBare(
  target: Store,
  tables: { table: string; columns: string[]; list: Record<string, unknown>[] }[],
): number {
  const prepared = tables
    .filter(({ list }) => list.length > 0)
    .map(({ table, columns, list }) => ({
      list,
      columns,
      insert: target.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ),
    }));
  const started = performance.now();
  target.db.transaction(() => {
    target.db.pragma('defer_foreign_keys = ON');
    for (const { list, columns, insert } of prepared) {
      for (const values of list) insert.run(...columns.map((c) => values[c] ?? null));
    }
  })();
  return performance.now() - started;
}
