// Shared negotiations (migration 16): row identities and the merge engine's state. None of it is
// a registry entity: it has no history and no undo of its own. The merge document follows the
// rows (a local edit reaches it inside the edit's own transaction), and undoing an edit is
// itself an edit that reaches the document again.
import { randomInt } from 'node:crypto';
import type { Store } from '../store';
import { IN_NEGOTIATION_SQL, type TableName } from '../entities';
import type { Reader, Row } from '../types';

// ---- Identity --------------------------------------------------------------------------------

/** The stable identity of every row of a table in one negotiation, by local id. */
export function uidsIn(db: Reader, table: TableName, negotiationId: number): Map<number, string> {
  const sql = IN_NEGOTIATION_SQL[table]
    .replace('SELECT t0.*', 'SELECT t0.id AS id, u.uid AS uid')
    .replace(
      `FROM ${table} t0`,
      `FROM ${table} t0 JOIN row_uid u ON u.entity = '${table}' AND u.row_id = t0.id`,
    );
  return new Map(db.all<{ id: number; uid: string }>(sql, negotiationId).map((r) => [r.id, r.uid]));
}

/** The rows of a table in one negotiation, each with its identity (as `uid`). */
export function rowsWithUids(
  db: Reader,
  table: TableName,
  negotiationId: number,
): (Row & { uid: string })[] {
  const sql = IN_NEGOTIATION_SQL[table]
    .replace('SELECT t0.*', 'SELECT t0.*, u.uid AS uid')
    .replace(
      `FROM ${table} t0`,
      `FROM ${table} t0 JOIN row_uid u ON u.entity = '${table}' AND u.row_id = t0.id`,
    );
  return db.all<Row & { uid: string }>(sql, negotiationId);
}

/** The local id that has (or had) an identity, in a table; undefined if none ever had it. */
export function idOfUid(db: Reader, table: TableName, uid: string): number | undefined {
  return db.get<{ id: number }>(
    'SELECT row_id AS id FROM row_uid WHERE entity = ? AND uid = ?',
    table,
    uid,
  )?.id;
}

/** Local ids by identity for a table, for every identity this library has ever given out. */
export function idsByUid(db: Reader, table: TableName): Map<string, number> {
  return new Map(
    db
      .all<{ uid: string; id: number }>(
        'SELECT uid, row_id AS id FROM row_uid WHERE entity = ?',
        table,
      )
      .map((r) => [r.uid, r.id]),
  );
}

/** Whether any of these identities is already in the library (a negotiation file's import). */
export function anyUidKnown(db: Reader, uids: readonly string[]): boolean {
  const check = 'SELECT 1 AS found FROM row_uid WHERE uid = ?';
  return uids.some((uid) => db.get(check, uid) !== undefined);
}

/** The identities of a negotiation file's rows, by table and row id (for the export). */
export function uidOfRow(db: Reader, table: TableName, id: number): string | undefined {
  return db.get<{ uid: string }>(
    'SELECT uid FROM row_uid WHERE entity = ? AND row_id = ?',
    table,
    id,
  )?.uid;
}

/** Gives a row the identity it had elsewhere (a negotiation file import keeping identities). */
export function setUid(store: Store, table: TableName, id: number, uid: string): void {
  store.prepare('UPDATE row_uid SET uid = ? WHERE entity = ? AND row_id = ?').run(uid, table, id);
}

// ---- The merge document ------------------------------------------------------------------------

export interface StoredDoc {
  doc: Buffer;
  chunks: Buffer[];
  version: number;
}

export function isShared(db: Reader, negotiationId: number): boolean {
  return (
    db.get('SELECT 1 AS found FROM share_doc WHERE negotiation_id = ?', negotiationId) !== undefined
  );
}

export function docVersion(db: Reader, negotiationId: number): number | undefined {
  return db.get<{ version: number }>(
    'SELECT version FROM share_doc WHERE negotiation_id = ?',
    negotiationId,
  )?.version;
}

export function readDoc(db: Reader, negotiationId: number): StoredDoc | undefined {
  const row = db.get<{ doc: Buffer; version: number }>(
    'SELECT doc, version FROM share_doc WHERE negotiation_id = ?',
    negotiationId,
  );
  if (!row) return undefined;
  const chunks = db
    .all<{ bytes: Buffer }>(
      'SELECT bytes FROM share_chunk WHERE negotiation_id = ? ORDER BY seq',
      negotiationId,
    )
    .map((c) => c.bytes);
  return { doc: row.doc, chunks, version: row.version };
}

/**
 * A version no earlier state had: a copy in memory is known current only while the stored
 * version matches, and a counter would come back to the same number after a rolled-back write.
 */
const freshVersion = () => randomInt(1, 2 ** 47);

/** Replaces the document with one whole save (and drops its chunks); returns the new version. */
export function writeWholeDoc(
  store: Store,
  negotiationId: number,
  bytes: Uint8Array,
  at: string,
): number {
  store.prepare('DELETE FROM share_chunk WHERE negotiation_id = ?').run(negotiationId);
  return store
    .prepare(
      `INSERT INTO share_doc (negotiation_id, doc, version, shared_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (negotiation_id) DO UPDATE SET doc = excluded.doc, version = excluded.version
       RETURNING version`,
    )
    .pluck()
    .get(negotiationId, Buffer.from(bytes), freshVersion(), at) as number;
}

/** Appends an incremental save; returns the new version and how many chunks there are now. */
export function appendChunk(
  store: Store,
  negotiationId: number,
  bytes: Uint8Array,
): { version: number; chunks: number } {
  const seq = store
    .prepare('SELECT IFNULL(MAX(seq), 0) + 1 FROM share_chunk WHERE negotiation_id = ?')
    .pluck()
    .get(negotiationId) as number;
  store
    .prepare('INSERT INTO share_chunk (negotiation_id, seq, bytes) VALUES (?, ?, ?)')
    .run(negotiationId, seq, Buffer.from(bytes));
  const version = store
    .prepare('UPDATE share_doc SET version = ? WHERE negotiation_id = ? RETURNING version')
    .pluck()
    .get(freshVersion(), negotiationId) as number;
  return { version, chunks: seq };
}

/** Every shared negotiation: its id here and the identity every desk knows it by. */
export function sharedNegotiations(db: Reader): { id: number; uid: string }[] {
  return db.all<{ id: number; uid: string }>(
    `SELECT d.negotiation_id AS id, u.uid FROM share_doc d
     JOIN negotiation n ON n.id = d.negotiation_id
     JOIN row_uid u ON u.entity = 'negotiation' AND u.row_id = d.negotiation_id
     ORDER BY d.negotiation_id`,
  );
}

/**
 * The shared negotiations, by the identity of their negotiation row. Not one deleted (undoably)
 * from the library: its document is kept for the undo (migration 18), but it takes no updates.
 */
export function sharedNegotiationByUid(db: Reader, uid: string): number | undefined {
  return db.get<{ id: number }>(
    `SELECT d.negotiation_id AS id FROM share_doc d
     JOIN negotiation n ON n.id = d.negotiation_id
     JOIN row_uid u ON u.entity = 'negotiation' AND u.row_id = d.negotiation_id
     WHERE u.uid = ?`,
    uid,
  )?.id;
}

// ---- Peers, conflicts ----------------------------------------------------------------------------

export function peerHeads(db: Reader, negotiationId: number, publicKey: string): string[] | null {
  const row = db.get<{ heads: string }>(
    'SELECT heads FROM share_peer WHERE negotiation_id = ? AND public_key = ?',
    negotiationId,
    publicKey,
  );
  return row ? (JSON.parse(row.heads) as string[]) : null;
}

export function setPeerHeads(
  store: Store,
  negotiationId: number,
  publicKey: string,
  heads: readonly string[],
  at: string,
): void {
  store
    .prepare(
      `INSERT INTO share_peer (negotiation_id, public_key, heads, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (negotiation_id, public_key) DO UPDATE SET heads = excluded.heads, at = excluded.at`,
    )
    .run(negotiationId, publicKey, JSON.stringify(heads), at);
}

export interface ConflictRow {
  entity: TableName;
  uid: string;
  field: string;
  found_at: string;
}

export function openConflicts(db: Reader, negotiationId: number): ConflictRow[] {
  return db.all<ConflictRow>(
    `SELECT entity, uid, field, found_at FROM share_conflict WHERE negotiation_id = ?
     ORDER BY found_at, entity, uid, field`,
    negotiationId,
  );
}

export function markConflict(
  store: Store,
  negotiationId: number,
  entity: TableName,
  uid: string,
  field: string,
  at: string,
): void {
  store
    .prepare(
      `INSERT OR IGNORE INTO share_conflict (negotiation_id, entity, uid, field, found_at)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .run(negotiationId, entity, uid, field, at);
}

export function clearConflict(
  store: Store,
  negotiationId: number,
  entity: TableName,
  uid: string,
  field: string,
): void {
  store
    .prepare(
      'DELETE FROM share_conflict WHERE negotiation_id = ? AND entity = ? AND uid = ? AND field = ?',
    )
    .run(negotiationId, entity, uid, field);
}

// ---- Officer identity, trust, policy -------------------------------------------------------------

export interface IdentityRow {
  name: string;
  public_key: string;
  private_key: Buffer;
}

export function readIdentity(db: Reader): IdentityRow | undefined {
  return db.get<IdentityRow>('SELECT name, public_key, private_key FROM share_identity');
}

export function writeIdentity(
  store: Store,
  identity: { name: string; publicKey: string; privateKey: Buffer },
  at: string,
): void {
  store
    .prepare(
      `INSERT INTO share_identity (id, name, public_key, private_key, created_at)
       VALUES (1, ?, ?, ?, ?)`,
    )
    .run(identity.name, identity.publicKey, identity.privateKey, at);
}

export function renameIdentity(store: Store, name: string): void {
  store.prepare('UPDATE share_identity SET name = ?').run(name);
}

export interface TrustedRow {
  public_key: string;
  name: string;
  added_at: string;
}

export function listTrusted(db: Reader): TrustedRow[] {
  return db.all<TrustedRow>(
    'SELECT public_key, name, added_at FROM share_trusted ORDER BY name COLLATE NOCASE, added_at',
  );
}

export function isTrusted(db: Reader, publicKey: string): boolean {
  return (
    db.get('SELECT 1 AS found FROM share_trusted WHERE public_key = ?', publicKey) !== undefined
  );
}

export function trust(store: Store, publicKey: string, name: string, at: string): void {
  store
    .prepare(
      `INSERT INTO share_trusted (public_key, name, added_at) VALUES (?, ?, ?)
       ON CONFLICT (public_key) DO UPDATE SET name = excluded.name`,
    )
    .run(publicKey, name, at);
}

export function distrust(store: Store, publicKey: string): boolean {
  return store.prepare('DELETE FROM share_trusted WHERE public_key = ?').run(publicKey).changes > 0;
}

export function refuseAboveMarkingId(db: Reader): number | null {
  return (
    db.get<{ id: number | null }>('SELECT refuse_above_marking_id AS id FROM share_policy')?.id ??
    null
  );
}

export function setRefuseAbove(store: Store, markingId: number | null): void {
  store
    .prepare(
      `INSERT INTO share_policy (id, refuse_above_marking_id) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET refuse_above_marking_id = excluded.refuse_above_marking_id`,
    )
    .run(markingId);
}

/** The bytes of a document's content, by hash (to carry it in the merge document). */
export function documentBytes(db: Reader, sha256: string): Buffer | undefined {
  return db.get<{ bytes: Buffer }>('SELECT bytes FROM document_content WHERE sha256 = ?', sha256)
    ?.bytes;
}

export interface HistoryRow {
  entity: string;
  entity_id: number;
  op: 'create' | 'update' | 'delete';
  before: string | null;
  after: string | null;
}

/** A change set's history rows, in the order they were written. */
export function historyRowsOf(db: Reader, changeId: number): HistoryRow[] {
  return db.all<HistoryRow>(
    'SELECT entity, entity_id, op, before, after FROM history WHERE change_id = ? ORDER BY id',
    changeId,
  );
}

/** Whether a row is there now. */
export function rowExists(db: Reader, table: TableName, id: number): boolean {
  return db.get(`SELECT 1 AS found FROM ${table} WHERE id = ?`, id) !== undefined;
}
