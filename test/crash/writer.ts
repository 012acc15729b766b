// The child process of the crash test: opens the real app on a database file and writes
// through `dispatch` as fast as it can until it is killed. A line goes to stdout only after
// dispatch has answered — that is, after the transaction committed — so every line the parent
// reads is an acknowledged write it may hold us to.
//
// Usage: node --import tsx test/crash/writer.ts <database> <run> (the test runs it bundled).
import { writeSync } from 'node:fs';
import { openApp } from '../../main/app';

const [databasePath, run] = process.argv.slice(2);
if (!databasePath || !run) throw new Error('usage: writer.ts <database> <run>');

// The library is encrypted, as the app's always is; the parent reads it with the same key.
const app = openApp({
  databasePath,
  transport: 'web',
  actor: 'crash-test',
  key: Buffer.alloc(32, 7),
});
const { dispatch } = app;

function ack(line: string): void {
  writeSync(1, `${line}\n`);
}

async function must(channel: string, input: unknown): Promise<{ id: number }> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as { id: number };
}

async function main(): Promise<void> {
  // The negotiation and round the positions go into (made by the first run).
  let round = (await dispatch('rounds:get', { id: 1 })).ok ? 1 : 0;
  if (!round) {
    const talks = await must('negotiations:create', {
      title: 'Crash talks',
      parties: [{ name: 'Writer', shortCode: 'W', role: 'principal' }],
      issues: [{ title: 'Durability' }],
    });
    round = (await must('rounds:create', { negotiationId: talks.id, sequence: 1, title: 'R1' })).id;
  }
  ack('ready');
  for (let n = 0; ; n++) {
    const tag = `${run}-${n}`;
    if (n % 5 === 4) {
      // A change of eleven rows (negotiation, five parties, five issues) that must appear whole.
      await must('negotiations:create', {
        title: `Batch ${tag}`,
        parties: [1, 2, 3, 4, 5].map((p) => ({
          name: `Party ${p}`,
          shortCode: `P${p}`,
          role: 'principal',
        })),
        issues: [1, 2, 3, 4, 5].map((i) => ({ title: `Issue ${i}` })),
      });
      ack(`N Batch ${tag}`);
    } else if (n % 5 === 2) {
      await must('rounds:update', { id: round, summary: `Summary ${tag}` });
      ack(`S Summary ${tag}`);
    } else {
      await must('positions:create', {
        roundId: round,
        partyId: 1,
        issueId: 1,
        text: `Position ${tag} on enrichment`,
      });
      ack(`P Position ${tag} on enrichment`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
