// One import, measured in a process of its own (test/bench/run.ts starts it): its peak memory
// is then the process's own (`process.resourceUsage().maxRSS`, the most resident memory it ever
// had), and nothing of the parent (its generated data, its other figures) is counted.
//
//   tsx test/bench/importChild.ts <stream|bare> <library> <file> <hex key or "none">
//
// stream: Parley's import of the file from disk (importStream.ts), as the desktop app and the
// web binding run it. bare: the reference — the same rows inserted into the same schema with
// one prepared INSERT each, in one transaction, no checks, no history, no search index; the
// file is parsed and its rows prepared before the clock starts. Prints one line of JSON.
import { readFileSync, statSync } from 'node:fs';
import { Store } from '../../main/db/store';
import { INSERT_ORDER } from '../../main/db/entities';
import { fileToRows, markingColumn } from '../../main/db/fileShape';
import { markingIdsByLabel } from '../../main/db/queries/exchange';
import { importNegotiationFile } from '../../main/services/transfer';
import type { NegotiationFile } from '../../shared/exchange';

const [mode, library, file, keyHex] = process.argv.slice(2) as [string, string, string, string];
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
  console.log(JSON.stringify({ ms, bytes, before, peak }));
} else {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as NegotiationFile;
  const rows = fileToRows(parsed);
  const markings = markingIdsByLabel(store);
  const prepared = INSERT_ORDER.map((table) => {
    const list = rows[table].map(({ row }) => {
      const values = { ...row };
      const marking = markingColumn(table);
      if (marking && values[marking] !== null)
        values[marking] = markings.get(values[marking] as string)!;
      return values;
    });
    const columns = Object.keys(list[0] ?? {});
    return { table, list, columns };
  });
  const started = performance.now();
  store.db.transaction(() => {
    store.db.pragma('defer_foreign_keys = ON');
    for (const { table, list, columns } of prepared) {
      if (list.length === 0) continue;
      const insert = store.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const values of list) insert.run(...columns.map((c) => values[c] ?? null));
    }
  })();
  const ms = performance.now() - started;
  store.close();
  console.log(JSON.stringify({ ms, bytes }));
}
