// The bench's main-thread figure (test/bench/run.ts starts it): every channel the app uses,
// called through the real data worker from a process of its own, as the app's main process calls
// them, while the main thread's event loop is watched. Nothing else lives in this process, so
// what holds the loop up is the calls' own traffic, not the garbage of the bench's other work.
//
//   tsx test/bench/channelChild.ts <library> <hex key or "none"> <{negotiationId, roundIds}> <worker>
//
// Prints one line of JSON: the longest hold-up in ms and the call it came during, and the
// slowest run of each channel in the worker.
import { startDataWorker } from '../../main/worker/host';

const [dbPath, keyHex, generated, workerScript] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const g = JSON.parse(generated) as { negotiationId: number; roundIds: number[] };
const key = keyHex === 'none' ? null : new Uint8Array(Buffer.from(keyHex, 'hex'));
const host = await startDataWorker({
  databasePath: dbPath,
  transport: 'web',
  workerScript,
  actor: 'bench',
  key,
  deliver: async () => ({ kind: 'download', url: '' }),
});
/** The call being made. */
let current = '';

/**
 * The main thread's event loop, watched by a timer every millisecond: the longest gap between
 * two of its ticks is the longest hold-up. Node's own `monitorEventLoopDelay` cannot leave out
 * this session's bookkeeping: turned off and on again, its next sample spans the time it was
 * off. So this watch is paused while the session reads a result, and its next gap is measured
 * from the moment it resumes.
 */
class LoopWatch {
  longest = 0;
  /** The call during which the longest hold-up came. */
  where = '';
  private last = performance.now();
  private paused = false;
  private readonly timer = setInterval(() => {
    const now = performance.now();
    if (!this.paused && now - this.last > this.longest) {
      this.longest = now - this.last;
      this.where = current;
    }
    this.last = now;
  }, 1);
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.last = performance.now();
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
const watch = new LoopWatch();
// As the windows call it: the result comes back as JSON text and goes on unparsed, encoded for
// its way out (the web binding's response; Electron's IPC copies it likewise). The parse here,
// for the ids the next calls need, is the session's own work and is left out: a compared
// trajectory at huge is 2 MB of JSON, 20 ms to parse, which the app's main thread never does.
const call = async (channel: string, input: unknown) => {
  current = channel;
  const json = await host.dispatchJson(channel, input);
  Buffer.from(json, 'utf8');
  watch.pause();
  const result = JSON.parse(json) as {
    ok: boolean;
    value?: unknown;
    error?: { message: string };
  };
  watch.resume();
  if (!result.ok) throw new Error(`${channel}: ${result.error!.message}`);
  return result.value as never;
};
try {
  const n = g.negotiationId;
  const [from, to] = g.roundIds.slice(-2) as [number, number];
  await call('app:info', {});
  await call('app:status', {});
  await call('markings:list', {});
  await call('negotiations:list', {});
  const detail = (await call('negotiations:get', { id: n })) as {
    redLines: { id: number }[];
    parties: { id: number }[];
  };
  for (const id of g.roundIds.slice(-3)) await call('rounds:get', { id });
  const round = (await call('rounds:get', { id: to })) as {
    positions: { id: number; partyId: number; issueId: number }[];
  };
  const p = round.positions[0]!;
  await call('compare:rounds', { fromRoundId: from, toRoundId: to });
  await call('compare:trajectory', { negotiationId: n, partyId: null });
  await call('compare:trajectory', { negotiationId: n, partyId: detail.parties[0]!.id });
  await call('compare:excerpts', { positionIds: round.positions.slice(0, 100).map((x) => x.id) });
  await call('compare:lineage', { positionId: p.id });
  await call('compare:parties', { roundId: to });
  await call('compare:redLineDrift', { redLineId: detail.redLines[0]!.id });
  await call('positions:linkCandidates', { id: p.id });
  await call('history:forItem', { entity: 'position', id: p.id });
  await call('history:forItem', { entity: 'negotiation', id: n });
  await call('history:forItem', { entity: 'round', id: to });
  await call('history:state', { scopeId: n });
  await call('switcher:items', {});
  for (const query of ['enrichment', 'frozen assets', '"sanctions relief"', 'inspec']) {
    await call('search:query', { query, negotiationId: n });
  }
  await call('search:query', { query: 'enrichment' });
  await call('briefing:defaults', { kind: 'overview', negotiationId: n });
  await call('briefing:preview', { kind: 'overview', negotiationId: n });
  await call('briefing:preview', { kind: 'round', negotiationId: n, roundId: to });
  await call('positions:update', { id: p.id, text: 'A new wording for the benchmark.' });
  const created = (await call('positions:create', {
    roundId: to,
    partyId: p.partyId,
    issueId: p.issueId,
    text: 'A second position.',
  })) as { id: number };
  await call('positions:delete', { id: created.id });
  await call('history:undo', { scopeId: n });
  await call('history:redo', { scopeId: n });
  await call('rounds:carryForward', {
    negotiationId: n,
    sequence: g.roundIds.length + 1,
    title: 'Carried',
    fromRoundId: to,
  });
  await call('history:undo', { scopeId: n });
  await call('transfer:export', { negotiationId: n, kind: 'positions-csv' });
  await call('transfer:export', { negotiationId: n, kind: 'trajectory-csv' });
  await call('transfer:export', { negotiationId: n, kind: 'negotiation' });
  await call('backups:create', {});
  await call('backups:list', {});
} finally {
  watch.stop();
  await host.shutdown();
}
console.log(
  JSON.stringify({
    longest: watch.longest,
    where: watch.where,
    timings: [...host.timings].map(([channel, list]) => [channel, Math.max(...list)]),
  }),
);
