import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openApp, type OpenAppOptions } from '../../main/app';
import type { ChannelName } from '../../shared/channels';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { NegotiationDetail, Position, Round } from '../../shared/domain';
import { Store } from '../../main/db/store';
import type { Deliver } from '../../main/services/files';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-unit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One key for every test library: the files are encrypted as the app's are. */
export const TEST_KEY = Buffer.alloc(32, 7);

/** A real store on a real file in a temp folder, with a clock that ticks one second per read. */
export function tempStore(): Store {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const store = Store.open(join(tempDir(), 'test.sqlite'), {
    key: TEST_KEY,
    actor: 'tester',
    now: () => new Date((tick += 1000)).toISOString(),
  });
  cleanups.unshift(() => store.close());
  return store;
}

/** The whole main side (store, events, briefing desk, dispatch) on a temp database file. */
export function tempApp(options: Partial<OpenAppOptions> = {}) {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const app = openApp({
    databasePath: join(tempDir(), 'test.sqlite'),
    transport: 'web',
    key: TEST_KEY,
    passphraseCost: 14,
    actor: 'tester',
    now: () => new Date((tick += 1000)).toISOString(),
    ...options,
  });
  cleanups.unshift(() => app.close());
  return app;
}

/** A digest of every row of every table: equal digests mean nothing at all changed. */
export function checksum(store: Store): string {
  const hash = createHash('sha256');
  // The search index is hashed through its virtual table (the same rows its shadow tables hold).
  const tables = store.all<{ name: string; type: string }>(
    "SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'virtual') ORDER BY name",
  );
  for (const { name, type } of tables) {
    hash.update(name);
    const rowid = type === 'virtual' ? 'rowid, ' : '';
    // Row identities are random UUIDs (migration 16): which rows have one counts, not its value.
    // (in row order, not in the order an import happened to give them out).
    const query =
      name === 'row_uid'
        ? 'SELECT entity, row_id FROM row_uid ORDER BY entity, row_id'
        : `SELECT ${rowid}* FROM ${name} ORDER BY rowid`;
    hash.update(JSON.stringify(store.all(query)));
  }
  return hash.digest('hex');
}

/** Unwraps a successful result, failing the test with the error otherwise. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export { decryptedBytes } from '../support/decrypt';

type Dispatching = { dispatch: (channel: unknown, input: unknown) => Promise<unknown> };

/**
 * The typed test client: a call through the real dispatch, its value typed from the contract
 * (as the renderer's `invoke` is), failing the test with main's error when it is refused.
 */
export async function call<C extends ChannelName>(
  app: Dispatching | Dispatching['dispatch'],
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const dispatch = typeof app === 'function' ? app : app.dispatch;
  return value((await dispatch(channel, input)) as Parameters<typeof value>[0]) as OutputOf<C>;
}

/** A negotiation with two parties and two issues, as the officer would start one. */
export async function aNegotiation(
  app: Dispatching,
  overrides: Partial<InputOf<'negotiations:create'>> = {},
): Promise<NegotiationDetail> {
  const created = await call(app, 'negotiations:create', {
    title: 'Nuclear talks',
    parties: [
      { name: 'United States', shortCode: 'US', role: 'principal' },
      { name: 'Iran', shortCode: 'IR', role: 'principal' },
    ],
    issues: [{ title: 'Enrichment' }, { title: 'Sanctions' }],
    ...overrides,
  });
  return call(app, 'negotiations:get', { id: created.id });
}

/** The next round of a negotiation. */
export async function aRound(
  app: Dispatching,
  negotiation: NegotiationDetail,
  overrides: Partial<InputOf<'rounds:create'>> = {},
): Promise<Round> {
  const sequence = Math.max(0, ...negotiation.rounds.map((r) => r.sequence)) + 1;
  return call(app, 'rounds:create', {
    negotiationId: negotiation.negotiation.id,
    sequence,
    title: `Round ${sequence}`,
    ...overrides,
  });
}

/** A position of the negotiation's first party on its first issue (unless told otherwise). */
export async function aPosition(
  app: Dispatching,
  negotiation: NegotiationDetail,
  round: Round,
  overrides: Partial<InputOf<'positions:create'>> = {},
): Promise<Position> {
  return call(app, 'positions:create', {
    roundId: round.id,
    partyId: negotiation.parties[0]!.id,
    issueId: negotiation.issues[0]!.id,
    text: 'Zero enrichment.',
    ...overrides,
  });
}

/**
 * A save dialog that keeps the file: `deliver` takes what a share or export would write, `last`
 * hands back the latest file (its name, and its bytes as text).
 */
export function captureFile(): {
  deliver: Deliver;
  last: () => { fileName: string; text: string };
} {
  let file = { fileName: '', text: '' };
  return {
    deliver: (fileName, bytes) => {
      file = { fileName, text: Buffer.from(bytes).toString('utf8') };
      return Promise.resolve({ kind: 'downloaded', fileName } as never);
    },
    last: () => file,
  };
}
