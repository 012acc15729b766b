// Sharing a negotiation by update files: the use cases behind the "Share…" and "Receive
// update…" dialogs, the conflicts review and the trusted colleagues. The merge itself is the
// engine's (engine.ts); this module adds signatures, trust, markings and files.
import { A, type Heads } from './automerge';
import type {
  Colleague,
  ReceiveResult,
  ShareConflict,
  ShareIdentity,
  SharePolicy,
  ShareResult,
  ShareStatus,
} from '../../../shared/share';
import { ENTITIES, type TableName } from '../../db/entities';
import { listMarkings } from '../../db/queries/markings';
import { getNegotiation } from '../../db/queries/negotiations';
import {
  distrust as removeTrusted,
  idOfUid,
  isTrusted,
  listTrusted,
  openConflicts,
  peerHeads,
  readIdentity,
  refuseAboveMarkingId,
  rowExists,
  renameIdentity,
  setPeerHeads,
  setRefuseAbove,
  sharedNegotiations,
  trust,
} from '../../db/queries/share';
import type { Store } from '../../db/store';
import { quoted } from '../common';
import { AppError, invalid, notFound } from '../errors';
import { safeFileName, type Deliver } from '../files';
import { MarkingScale, type MarkedItem, type MarkingFloor } from '../marking';
import { DELETED, plain, type ShareDoc } from './doc';
import { actorOf, concurrentValues, ShareEngine, type Doc } from './engine';
import { ensureIdentity, fingerprint } from './identity';
import { readUpdate, writeUpdate } from './update';

export { ShareEngine, actorOf, concurrentValues } from './engine';
export type { Doc, RemoteOrigin, ApplyResult } from './engine';

const engines = new WeakMap<Store, ShareEngine>();

/**
 * The store's merge engine, made (and its commit hook set) on first use. The app calls this as
 * soon as a library opens, so that a local edit of a shared negotiation always reaches its
 * document, even in a session that never opens the Share dialog.
 */
export function sharing(store: Store): ShareEngine {
  let engine = engines.get(store);
  if (!engine) {
    engine = new ShareEngine(store, () => {
      const identity = ensureIdentity(store);
      return { name: identity.name, actor: actorOf(identity.public_key) };
    });
    engines.set(store, engine);
  }
  return engine;
}

// ---- Markings --------------------------------------------------------------------------------

/** The marking of a row in the document: its own, else its owner's (a position: its round's). */
function rowMarking(doc: ShareDoc, table: TableName, uid: string): string | null {
  const row = doc.rows[table]?.[uid];
  if (!row) return null;
  const own = plain(row.marking_id);
  if (typeof own === 'string') return own;
  const from = ENTITIES[table].markingFrom;
  if (!from) return null;
  const owner = ENTITIES[table].columns[from]!.ref as TableName;
  const ownerUid = plain(row[from]);
  return typeof ownerUid === 'string' ? rowMarking(doc, owner, ownerUid) : null;
}

function describeRow(doc: ShareDoc, table: TableName, uid: string): string {
  const row = doc.rows[table]?.[uid] ?? {};
  const name = ENTITIES[table].name;
  const value = name ? plain(row[name]) : null;
  return table === 'negotiation'
    ? 'the negotiation itself'
    : `the ${ENTITIES[table].display.toLowerCase()} ${quoted(String(value ?? uid))}`;
}

/**
 * The marking an update must carry: the highest of every item it brings (everything, for a
 * whole negotiation; else every item changed since `since`), and the negotiation's own.
 */
export function updateFloor(store: Store, doc: Doc, since: Heads): MarkingFloor {
  const markings = listMarkings(store);
  const top = markings.at(-1)!;
  const idOf = (label: string | null) =>
    label === null ? null : (markings.find((m) => m.label === label)?.id ?? top.id);
  const negotiationLabel = plain(doc.rows.negotiation?.[doc.negotiation]?.marking_id);
  const scale = MarkingScale.of(
    store,
    idOf(typeof negotiationLabel === 'string' ? negotiationLabel : null) ?? markings[0]!.id,
  );
  const touched = new Map<string, [TableName, string]>();
  if (since.length === 0) {
    for (const table of Object.keys(doc.rows) as TableName[]) {
      for (const uid of Object.keys(doc.rows[table]!)) touched.set(`${table}:${uid}`, [table, uid]);
    }
  } else {
    for (const patch of A.diff(doc, since, A.getHeads(doc))) {
      const [root, table, uid] = patch.path as string[];
      if (root === 'rows' && table && uid && table in ENTITIES) {
        touched.set(`${table}:${uid}`, [table as TableName, uid]);
      }
    }
  }
  function* items(): Generator<MarkedItem> {
    for (const [table, uid] of touched.values()) {
      yield { markingId: idOf(rowMarking(doc, table, uid)), what: describeRow(doc, table, uid) };
    }
  }
  return scale.floor(items());
}

// ---- Share and receive -----------------------------------------------------------------------

export function status(store: Store, negotiationId: number): ShareStatus {
  if (!getNegotiation(store, negotiationId)) throw notFound('This negotiation', 'negotiationId');
  const engine = sharing(store);
  const shared = engine.isShared(negotiationId);
  return {
    shared,
    you: identity(store),
    openConflicts: shared ? conflicts(store, negotiationId).length : 0,
    colleagues: trusted(store).map((c) => ({
      ...c,
      knowsWhatTheyHave: shared && peerHeads(store, negotiationId, c.publicKey) !== null,
    })),
  };
}

/**
 * Writes an update file of a negotiation (sharing it first if it is not yet): everything, or,
 * for a colleague whose last update showed what they have, only what they lack.
 */
export async function shareUpdate(
  store: Store,
  deliver: Deliver | null,
  input: { negotiationId: number; name: string; forKey: string | null },
): Promise<ShareResult> {
  const negotiation = getNegotiation(store, input.negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  if (!deliver) throw new AppError('internal', 'Saving files is not available in this window.');
  let colleague: string | null = null;
  let since: string[] | null = null;
  if (input.forKey !== null) {
    colleague = listTrusted(store).find((c) => c.public_key === input.forKey)?.name ?? null;
    if (colleague === null) {
      throw invalid('forKey', 'Choose a colleague from your trusted list, or share all of it.');
    }
    since = peerHeads(store, input.negotiationId, input.forKey);
  }
  // Only once the request is known good: a refused one changes nothing.
  const engine = sharing(store);
  const me = store.db.transaction(() => ensureIdentity(store, input.name))();
  engine.startSharing(input.negotiationId);
  const out = engine.exportSince(input.negotiationId, since);
  const doc = engine.loadDoc(input.negotiationId)!;
  const floor = updateFloor(store, doc, out.full ? [] : since!);
  const text = writeUpdate(
    me,
    {
      negotiation: { uid: doc.negotiation, title: negotiation.title },
      signer: { name: me.name, publicKey: me.public_key },
      marking: floor.marking.label,
      full: out.full,
      heads: out.heads,
      createdAt: store.now(),
    },
    out.bytes,
  );
  const what = out.full ? 'whole' : `for ${colleague ?? 'a colleague'}`;
  const fileName = safeFileName(
    [floor.marking.label, negotiation.title, `update ${what}`, store.now().slice(0, 10)].join(
      ' - ',
    ),
    'parley-update',
  );
  const bytes = Buffer.from(text, 'utf8');
  const delivery = await deliver(fileName, bytes, new AbortController().signal);
  return {
    fileName,
    bytes: bytes.byteLength,
    delivery,
    markingLabel: floor.marking.label,
    full: out.full,
  };
}

/**
 * Receives an update file: checks its signature, who signed it and its marking, then merges it.
 * Anything refused changes nothing. An unknown signer is not refused outright: the officer is
 * shown their fingerprint and may trust them (`trust`), then it is received.
 */
export function receiveUpdate(
  store: Store,
  input: { fileName: string; content: string; trust: boolean },
): ReceiveResult {
  const { header, payload } = readUpdate(input.content);
  const signerKey = header.signer.publicKey;
  const mine = readIdentity(store)?.public_key === signerKey;
  if (!mine && !isTrusted(store, signerKey) && !input.trust) {
    return {
      state: 'untrusted',
      signer: {
        name: header.signer.name,
        fingerprint: fingerprint(signerKey),
        publicKey: signerKey,
      },
      title: header.negotiation.title,
    };
  }
  const engine = sharing(store);
  store.db.transaction(() => ensureIdentity(store))();
  const markings = listMarkings(store);
  const limitId = refuseAboveMarkingId(store);
  const limit = markings.find((m) => m.id === limitId) ?? null;
  const result = engine.applyRemote(
    header.negotiation.uid,
    payload,
    { name: header.signer.name, update: input.fileName || 'an update file' },
    (merged, before) => {
      if (!limit) return;
      const floor = updateFloor(store, merged, before);
      const declared = markings.find((m) => m.label === header.marking) ?? markings.at(-1)!;
      const highest = declared.rank > floor.marking.rank ? declared : floor.marking;
      if (highest.rank > limit.rank) {
        throw new AppError(
          'conflict',
          `This update carries ${highest.label} material (${floor.forcedBy ?? 'as its sender marked it'}); this library receives updates marked up to ${limit.label} (Settings › Sharing). Nothing was received.`,
        );
      }
    },
  );
  store.db.transaction(() => {
    if (!mine && input.trust) trust(store, signerKey, header.signer.name, store.now());
    setPeerHeads(store, result.negotiationId, signerKey, header.heads, store.now());
  })();
  return {
    state: 'received',
    negotiationId: result.negotiationId,
    title: getNegotiation(store, result.negotiationId)?.title ?? header.negotiation.title,
    signer: { name: header.signer.name, fingerprint: fingerprint(signerKey) },
    changed: result.changed,
    conflicts: result.conflicts,
  };
}

// ---- Live sync -------------------------------------------------------------------------------

/**
 * What the desk's sync server brought for a shared negotiation (live sync, main/sync/): merged
 * as an update file is, one change set named after the server, under the same marking limit.
 * No signature: the desk's token admitted the connection, and only negotiations this library
 * already shares (first received by a signed file) are synced.
 */
export function receiveLive(
  store: Store,
  negotiationUid: string,
  changes: Uint8Array,
  server: string,
): ReceiveResult | null {
  const engine = sharing(store);
  if (engine.negotiationOf(negotiationUid) === undefined) return null;
  const markings = listMarkings(store);
  const limitId = refuseAboveMarkingId(store);
  const limit = markings.find((m) => m.id === limitId) ?? null;
  const result = engine.applyRemote(
    negotiationUid,
    changes,
    { name: `Desk sync (${server})`, update: 'live sync' },
    (merged, before) => {
      if (!limit) return;
      const floor = updateFloor(store, merged, before);
      if (floor.marking.rank > limit.rank) {
        throw new AppError(
          'conflict',
          `The desk's server brought ${floor.marking.label} material (${floor.forcedBy ?? 'the negotiation'}); this library receives updates marked up to ${limit.label} (Settings › Sharing). Nothing was received.`,
        );
      }
    },
  );
  return {
    state: 'received',
    negotiationId: result.negotiationId,
    title: getNegotiation(store, result.negotiationId)?.title ?? '',
    signer: { name: `Desk sync (${server})`, fingerprint: '' },
    changed: result.changed,
    conflicts: result.conflicts,
  };
}

/** The shared negotiations to sync on a new connection: their identity and document. */
export function liveDocuments(store: Store): { uid: string; doc: Doc }[] {
  const engine = sharing(store);
  return sharedNegotiations(store).flatMap(({ id, uid }) => {
    const doc = engine.loadDoc(id);
    return doc ? [{ uid, doc }] : [];
  });
}

// ---- Conflicts -------------------------------------------------------------------------------

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** The negotiation's open conflicts: each field with its concurrent values, who and when. */
export function conflicts(store: Store, negotiationId: number): ShareConflict[] {
  const engine = sharing(store);
  const doc = engine.loadDoc(negotiationId);
  if (!doc) return [];
  const open = openConflicts(store, negotiationId);
  if (open.length === 0) return [];
  const changes = A.getChangesMetaSince(doc, []);
  const whenOf = (op: string): string | null => {
    const [counter, actor] = op.split('@');
    const n = Number(counter);
    const change = changes.find((c) => c.actor === actor && c.startOp <= n && n <= c.maxOp);
    return change?.time ? new Date(change.time * 1000).toISOString() : null;
  };
  const out: ShareConflict[] = [];
  for (const c of open) {
    const values = concurrentValues(doc, c.entity, c.uid, c.field);
    if (values.length < 2) continue;
    const row = doc.rows[c.entity]?.[c.uid] ?? {};
    const name = ENTITIES[c.entity].name;
    const rowId = idOfUid(store, c.entity, c.uid);
    out.push({
      entity: c.entity,
      uid: c.uid,
      field: c.field,
      what: ENTITIES[c.entity].display,
      subject: short(String((name ? plain(row[name]) : null) ?? '')),
      fieldLabel:
        c.field === DELETED
          ? 'Deleted or kept'
          : (ENTITIES[c.entity].columns[c.field]?.label ?? c.field),
      rowId: rowId !== undefined && rowExists(store, c.entity, rowId) ? rowId : null,
      values: values.map(({ op, value }) => ({
        choice: op,
        shown: show(doc, c.entity, c.field, plain(value)),
        by: doc.officers[op.split('@')[1]!]?.toString() ?? 'A colleague',
        at: whenOf(op),
      })),
    });
  }
  return out;
}

/** A value as the views show it: a choice in words, a reference by its name, a deletion. */
function show(doc: ShareDoc, table: TableName, field: string, value: unknown): string {
  if (field === DELETED) return value === true ? 'Deleted' : 'Kept';
  if (value === null || value === '') return '—';
  const column = ENTITIES[table].columns[field];
  if (column?.values) return column.values[String(value)] ?? String(value);
  if (column?.ref && column.ref !== 'marking') {
    const target = column.ref as TableName;
    const name = ENTITIES[target].name;
    const named = name ? plain(doc.rows[target]?.[String(value)]?.[name]) : null;
    return named === null ? '—' : short(String(named));
  }
  return String(value);
}

/** Chooses one of a field's concurrent values; every colleague who receives it later agrees. */
export function resolveConflict(
  store: Store,
  input: { negotiationId: number; entity: TableName; uid: string; field: string; choice: string },
): { remaining: number } {
  const engine = sharing(store);
  const doc = engine.loadDoc(input.negotiationId);
  if (!doc) throw notFound('This shared negotiation', 'negotiationId');
  const chosen = concurrentValues(doc, input.entity, input.uid, input.field).find(
    (v) => v.op === input.choice,
  );
  if (!chosen) {
    throw new AppError(
      'conflict',
      'This conflict has already been settled (by you or a colleague). The list now shows what is still open.',
    );
  }
  const raw = chosen.value;
  const value =
    raw instanceof A.ImmutableString
      ? new A.ImmutableString(raw.val)
      : (raw as number | boolean | null);
  const what = ENTITIES[input.entity].display.toLowerCase();
  const label =
    input.field === DELETED
      ? `${raw === true ? 'Delete' : 'Keep'} the ${what} (conflict settled)`
      : `Choose the ${what}’s ${(ENTITIES[input.entity].columns[input.field]?.label ?? input.field).toLowerCase()} (conflict settled)`;
  engine.resolve(input.negotiationId, input.entity, input.uid, input.field, value, label);
  return { remaining: conflicts(store, input.negotiationId).length };
}

// ---- Identity, trust, policy -----------------------------------------------------------------

export function identity(store: Store): ShareIdentity | null {
  const me = readIdentity(store);
  return me ? { name: me.name, fingerprint: fingerprint(me.public_key) } : null;
}

export function rename(store: Store, name: string): ShareIdentity {
  store.db.transaction(() => {
    ensureIdentity(store, name);
    renameIdentity(store, name);
  })();
  return identity(store)!;
}

export function trusted(store: Store): Colleague[] {
  return listTrusted(store).map((c) => ({
    name: c.name,
    publicKey: c.public_key,
    fingerprint: fingerprint(c.public_key),
    addedAt: c.added_at,
  }));
}

export function distrust(store: Store, publicKey: string): Colleague[] {
  if (!removeTrusted(store, publicKey)) {
    throw notFound('This colleague', 'publicKey');
  }
  return trusted(store);
}

export function policy(store: Store): SharePolicy {
  return { refuseAboveMarkingId: refuseAboveMarkingId(store) };
}

export function setPolicy(store: Store, markingId: number | null): SharePolicy {
  if (markingId !== null && !listMarkings(store).some((m) => m.id === markingId)) {
    throw invalid('refuseAboveMarkingId', 'Choose a marking from the list.');
  }
  setRefuseAbove(store, markingId);
  return policy(store);
}
