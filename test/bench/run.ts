// `npm run bench [-- --size small|large|huge] [--json PATH]`: builds generated negotiations in
// temporary databases and prints one table of figures (median and p95 over repeated runs, with
// a reference measured beside it where one exists, and the target). Figures never fail
// anything: they are for reading and for comparing commits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { openApp } from '../../main/app';
import { compareRounds, trajectory } from '../../main/services/compare';
import { search } from '../../main/services/search';
import { clearDiffCache } from '../../main/services/textDiff';
import { buildIfNeeded } from '../../main/tools/build-if-needed.mjs';
import { ChromiumPrinter } from '../../main/web/printer';
import { startWebServer } from '../../main/web/server';
import { generate, SIZES, type Size } from './generate';

interface Figure {
  name: string;
  size: Size;
  median_ms: number;
  p95_ms: number;
  runs: number;
  target_ms?: number;
  target_ratio?: number;
  reference_ms?: number;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** Times `fn` `runs` times after `warmup` unmeasured calls; returns median and p95 in ms. */
function time(fn: () => unknown, runs: number, warmup = 2) {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

let peakRss = 0;
const sampleMemory = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

async function paintTimings(page: Page, url: string, measure: string, runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await page.goto(url);
    await page.reload();
    const duration = await page.waitForFunction(
      (name) => performance.getEntriesByName(name).at(-1)?.duration,
      measure,
      { timeout: 60_000 },
    );
    if (i > 0) samples.push((await duration.jsonValue()) as number);
  }
  return stats(samples);
}

async function benchSize(size: Size, figures: Figure[], browserPage: Page | null) {
  const dir = mkdtempSync(join(tmpdir(), `parley-bench-${size}-`));
  const printer = new ChromiumPrinter();
  const app = openApp({
    databasePath: join(dir, 'bench.sqlite'),
    transport: 'web',
    actor: 'bench',
    printer,
    // The PDF is made and measured; nobody needs to keep it.
    deliver: async () => ({ kind: 'download', url: '' }),
  });
  const store = app.store;
  const runs = size === 'huge' ? 10 : 30;
  const add = (f: Omit<Figure, 'size'>) => figures.push({ size, ...f });
  try {
    let start = performance.now();
    const g = generate(store, size);
    const generated = performance.now() - start;
    add({
      name: `generate ${g.positions} positions with history`,
      median_ms: generated,
      p95_ms: generated,
      runs: 1,
    });
    sampleMemory();

    const [from, to] = g.roundIds.slice(-2) as [number, number];
    const rawRound = store.db.prepare('SELECT * FROM position WHERE round_id IN (?, ?)');
    const reference = time(() => rawRound.all(from, to), runs).median;
    const cold = time(() => {
      clearDiffCache();
      compareRounds(store, from, to);
    }, runs);
    add({
      name: 'compare two rounds, diffs computed',
      median_ms: cold.median,
      p95_ms: cold.p95,
      runs,
      target_ms: 25,
      reference_ms: reference,
    });
    const warm = time(() => compareRounds(store, from, to), runs);
    add({
      name: 'compare two rounds, diffs cached',
      median_ms: warm.median,
      p95_ms: warm.p95,
      runs,
      target_ms: 25,
      reference_ms: reference,
    });

    const rawAll = store.db.prepare(
      `SELECT p.* FROM position p JOIN round r ON r.id = p.round_id WHERE r.negotiation_id = ?`,
    );
    const trajectoryReference = time(() => rawAll.all(g.negotiationId), Math.min(runs, 10)).median;
    const grid = time(() => trajectory(store, g.negotiationId, null), Math.min(runs, 10));
    add({
      name: 'trajectory grid, all parties (main)',
      median_ms: grid.median,
      p95_ms: grid.p95,
      runs: Math.min(runs, 10),
      target_ms: 50,
      reference_ms: trajectoryReference,
    });
    sampleMemory();

    // Search: queries as an officer types them, words, phrases and prefixes, common and rare.
    const queries = [
      'enrichment',
      'frozen assets',
      '"frozen assets"',
      'sanct',
      'inspections declared sites',
      'uranium shipped abroad',
      'detainees released',
      'banking channels',
      'ports',
      'honour good faith',
      'supervision',
      'missiles regional',
    ];
    const searchRuns = Math.max(3, Math.floor(runs / 3));
    const searches: number[] = [];
    for (const query of queries) {
      const input = {
        query,
        negotiationId: g.negotiationId,
        partyId: null,
        issueId: null,
        fromSequence: null,
        toSequence: null,
        kind: null,
        limit: 6,
      };
      search(store, input);
      for (let i = 0; i < searchRuns; i++) {
        start = performance.now();
        search(store, input);
        searches.push(performance.now() - start);
      }
    }
    const searchStats = stats(searches);
    add({
      name: `search query (${queries.length} queries as typed)`,
      median_ms: searchStats.median,
      p95_ms: searchStats.p95,
      runs: searches.length,
      target_ms: 10,
    });

    // Briefing: the overview brief (the longest), our work alone and printed end to end.
    const request = {
      kind: 'overview' as const,
      negotiationId: g.negotiationId,
      bottomLine: '',
      author: 'bench',
      markingId: null,
      pageSize: 'A4' as const,
      changesOnly: false,
      sinceLast: false,
    };
    const briefRuns = size === 'small' ? 5 : 3;
    const prepare = time(() => app.briefings.preview(request), briefRuns, 1);
    add({
      name: 'briefing overview: queries + HTML',
      median_ms: prepare.median,
      p95_ms: prepare.p95,
      runs: briefRuns,
      target_ms: 500,
    });
    const printOnly: number[] = [];
    const endToEnd: number[] = [];
    let pages = 0;
    for (let i = 0; i < briefRuns; i++) {
      start = performance.now();
      const job = app.briefings.preview(request);
      const result = await app.briefings.export(job.jobId);
      endToEnd.push(performance.now() - start);
      pages = result.pages;
      const html = app.briefings.html(job.jobId)!;
      start = performance.now();
      await printer.print(
        html,
        { pageSize: 'A4', headerHtml: '<span></span>', footerHtml: '<span></span>' },
        new AbortController().signal,
      );
      printOnly.push(performance.now() - start);
    }
    const e2e = stats(endToEnd);
    add({
      name: `briefing overview: ${pages} pages, end to end`,
      median_ms: e2e.median,
      p95_ms: e2e.p95,
      runs: briefRuns,
      target_ms: 4000,
      reference_ms: stats(printOnly).median,
    });
    sampleMemory();

    if (browserPage) {
      const server = await startWebServer({
        dispatch: app.dispatch,
        events: app.events,
        staticDir: join(root, 'out', 'renderer'),
      });
      try {
        const base = server.url;
        const n = g.negotiationId;
        const compareUrl = `${base}#/n/${n}/compare?from=${from}&to=${to}`;
        const paint = await paintTimings(browserPage, compareUrl, 'parley:compare-paint', 10);
        add({
          name: 'renderer: compare view painted',
          median_ms: paint.median,
          p95_ms: paint.p95,
          runs: 10,
          target_ms: 100,
        });
        const gridUrl = `${base}#/n/${n}/trajectory`;
        const gridPaint = await paintTimings(browserPage, gridUrl, 'parley:trajectory-paint', 5);
        add({
          name: 'renderer: trajectory grid, request to painted',
          median_ms: gridPaint.median,
          p95_ms: gridPaint.p95,
          runs: 5,
          target_ms: 200,
        });
      } finally {
        await server.close();
      }
    }
    sampleMemory();
  } finally {
    await printer.close();
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(figures: Figure[]) {
  const rows = figures.map((f) => {
    const target =
      f.target_ms !== undefined
        ? `< ${f.target_ms} ms`
        : f.target_ratio !== undefined
          ? `≤ ${f.target_ratio}×`
          : '';
    const met = f.target_ms !== undefined ? (f.median_ms < f.target_ms ? 'yes' : 'NO') : '';
    return [
      f.name,
      f.size,
      f.median_ms.toFixed(2),
      f.p95_ms.toFixed(2),
      String(f.runs),
      target,
      met,
      f.reference_ms === undefined ? '' : f.reference_ms.toFixed(2),
      f.reference_ms === undefined ? '' : `${(f.median_ms / f.reference_ms).toFixed(1)}×`,
    ];
  });
  const head = [
    'figure',
    'size',
    'median ms',
    'p95 ms',
    'runs',
    'target',
    'met',
    'reference ms',
    'vs ref',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const { values } = parseArgs({
    options: { size: { type: 'string' }, json: { type: 'string' } },
    strict: true,
  });
  if (values.size && !(values.size in SIZES)) {
    console.error(`--size must be one of ${Object.keys(SIZES).join(', ')}.`);
    process.exit(2);
  }
  const sizes = values.size ? [values.size as Size] : (Object.keys(SIZES) as Size[]);
  buildIfNeeded(root);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const figures: Figure[] = [];
  try {
    for (const size of sizes) {
      console.log(`Parley bench: ${size} (${JSON.stringify(SIZES[size])})…`);
      await benchSize(size, figures, page);
    }
  } finally {
    await browser.close();
  }
  console.log('');
  print(figures);
  console.log(`\npeak memory (bench process, RSS): ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify(figures, null, 2));
    console.log(`figures written to ${values.json}`);
  }
}

void main();
