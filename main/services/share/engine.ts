// The merge engine of shared negotiations: one Automerge document per shared negotiation, kept
// inside the encrypted library beside the rows it mirrors. SQLite stays the store every view
// reads; the document is how two officers' work comes back together.
//
// - Local edits → document: every change set that commits in a shared negotiation (an edit, an
//   undo, a redo) is carried into the document inside the same transaction (Store.onCommitting),
//   from its history rows, as one Automerge change attributed to this library's officer. If the
//   document cannot take it, the edit rolls back with it: the two never disagree.
// - Document → SQLite: `applyRemote` merges what a colleague sent and rewrites the negotiation's
//   rows to what the merged document says (apply.ts), as ONE change set whose history names the
//   colleague and the update it came in. Merging what is already there changes nothing.
//
// This module knows nothing of files, signatures or transports: the update files (update.ts) and
// live sync call the same four things — loadDoc, applyRemote, exportSince and onLocalChange.
import { A, type Doc as AutomergeDoc, type Heads, type ImmutableString } from './automerge';
import { createHash } from 'node:crypto';
import { ENTITIES, type TableName } from '../../db/entities';
import { listMarkings } from '../../db/queries/markings';
import {
  appendChunk,
  clearConflict,
  docVersion,
  documentBytes,
  historyRowsOf,
  idOfUid,
  isShared,
  markConflict,
  readDoc,
  rowExists,
  type StoredDoc,
  rowsWithUids,
  sharedNegotiationByUid,
  uidOfRow,
  writeWholeDoc,
} from '../../db/queries/share';
import type { CommitHook, Store } from '../../db/store';
import type { Row } from '../../db/types';
import type { ChangeMeta, Writer } from '../../db/writer';
import { AppError } from '../errors';
import { applyWanted, wantedRows, type WantedRows } from './apply';
import {
  DELETED,
  DOC_COLUMNS,
  docRow,
  emptyShape,
  isShareDoc,
  judged,
  toDocValue,
  type Names,
  type ShareDoc,
} from './doc';

/** After this many incremental saves the document is saved whole again (and they are dropped). */
const COMPACT_AFTER = 64;

export type Doc = AutomergeDoc<ShareDoc>;

/** Who sent a remote change, for history and for what each colleague is known to have. */
export interface RemoteOrigin {
  /** The colleague's display name (the signer of an update file). */
  name: string;
  /** What it came in: an update file's name, or "live sync". */
  update: string;
}

export interface ApplyResult {
  negotiationId: number;
  /** False when the update held nothing this library did not have. */
  changed: boolean;
  /** Fields with concurrent values after the merge. */
  conflicts: number;
}

/** A refusal for the officer: the update or request changes nothing. */
const refuse = (code: 'invalid_input' | 'conflict' | 'not_found', message: string) =>
  new AppError(code, message);

/** A merge made outside the write transaction, which a local edit has since outdated. */
class StaleMerge extends Error {}

/** A received update merged, before anything is written. */
interface Merge {
  merged: Doc;
  /** The document it was merged into (none: the negotiation is new here). */
  base: Doc | null;
  before: Heads;
  /** The stored document's version it was merged into. */
  version: number | null;
  changed: boolean;
}

const DELETED_HERE =
  'You deleted this shared negotiation from your library. Undo the deletion (in the library) to receive its updates again.';

/**
 * A document begun apart from the one this library has (a colleague shared the negotiation
 * afresh, after removing something in it permanently): the two cannot be merged.
 */
const notContinuing = () =>
  refuse(
    'conflict',
    'This update does not continue the shared negotiation you have: its sender shared it afresh (after removing something in it permanently). Nothing was received. Remove your copy permanently too (its History: Remove permanently…), then receive the whole negotiation again.',
  );

/**
 * A document from its saved parts, in one load. Automerge 3 applies an incremental part to a
 * loaded document one operation at a time, each costing more as the document grows (about
 * 0.1 s per edited field at 19,200 positions); one load of the parts together sorts them in
 * bulk.
 */
function loadAll(parts: readonly Uint8Array[], actor: string): Doc {
  if (parts.length === 1) return A.load<ShareDoc>(parts[0]!, { actor });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return A.load<ShareDoc>(bytes, { actor });
}

/**
 * A received update merged into the stored document: loaded together with its saved parts (see
 * loadAll). An update that names changes this library lacks cannot be loaded so; it is merged
 * into the document in memory instead, which keeps it aside for the caller to refuse.
 */
function mergeInto(stored: StoredDoc, base: Doc, incoming: Uint8Array, actor: string): Doc {
  try {
    return loadAll([stored.doc, ...stored.chunks, incoming], actor);
  } catch {
    // A.clone: the document in memory stays usable if the update is refused.
    return A.loadIncremental(A.clone(base, { actor }), incoming);
  }
}

/** Whether an update that would not merge is, read alone, a whole document of the negotiation. */
function startedApart(incoming: Uint8Array, negotiationUid: string): boolean {
  try {
    const alone = A.load<ShareDoc>(incoming);
    return isShareDoc(alone) && alone.negotiation === negotiationUid;
  } catch {
    return false;
  }
}

/** An Automerge actor id for an officer: from their public key, so the same in every session. */
export const actorOf = (publicKey: string): string =>
  createHash('sha256').update(publicKey).digest('hex').slice(0, 32);

export class ShareEngine {
  private readonly cache = new Map<number, { version: number; doc: Doc }>();
  private readonly listeners = new Set<(negotiationId: number) => void>();
  private readonly pending = new Set<number>();
  private readonly detach: (() => void)[];

  constructor(
    private readonly store: Store,
    /** This library's officer: name and Automerge actor (made on first need; see identity.ts). */
    private readonly officer: () => { name: string; actor: string },
  ) {
    const hook: CommitHook = (change) => this.carryLocal(change);
    this.detach = [
      store.onCommitting(hook),
      // Told only once the edit has committed (a rolled-back edit tells nobody).
      store.onChange(() => {
        const told = [...this.pending];
        this.pending.clear();
        for (const id of told) for (const listener of this.listeners) listener(id);
      }),
    ];
  }

  close(): void {
    for (const off of this.detach) off();
    this.cache.clear();
  }

  /** Whether a negotiation is shared (has a merge document). */
  isShared(negotiationId: number): boolean {
    return isShared(this.store, negotiationId);
  }

  /** The merge document of a shared negotiation, or null if it is not shared. */
  loadDoc(negotiationId: number): Doc | null {
    const version = docVersion(this.store, negotiationId);
    if (version === undefined) {
      this.cache.delete(negotiationId);
      return null;
    }
    const cached = this.cache.get(negotiationId);
    if (cached && cached.version === version) return cached.doc;
    const stored = readDoc(this.store, negotiationId)!;
    const doc = loadAll([stored.doc, ...stored.chunks], this.officer().actor);
    this.cache.set(negotiationId, { version: stored.version, doc });
    return doc;
  }

  /** Tells `listener` (with the negotiation's id) whenever a local edit has changed a document. */
  onLocalChange(listener: (negotiationId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts sharing a negotiation: its document, made from its rows as they are. */
  startSharing(negotiationId: number): Doc {
    const existing = this.loadDoc(negotiationId);
    if (existing) return this.recordName(negotiationId, existing);
    return this.store.db.transaction(() => {
      const names = this.names();
      const negotiationUid = uidOfRow(this.store, 'negotiation', negotiationId);
      if (!negotiationUid) throw refuse('not_found', 'This negotiation no longer exists.');
      const shape = emptyShape(negotiationUid);
      const { name, actor } = this.officer();
      shape.officers[actor] = new A.ImmutableString(name);
      for (const table of Object.keys(shape.rows) as TableName[]) {
        for (const row of rowsWithUids(this.store, table, negotiationId)) {
          shape.rows[table]![row.uid] = docRow(table, row, names);
          if (table === 'document') this.addBlob(shape, String(row.sha256));
        }
      }
      // A.from builds the document in one step from plain values (far quicker than assigning
      // a large negotiation through change proxies).
      const doc = A.from(shape as unknown as Record<string, unknown>, { actor }) as unknown as Doc;
      const version = writeWholeDoc(this.store, negotiationId, A.save(doc), this.store.now());
      this.cache.set(negotiationId, { version, doc });
      return doc;
    })();
  }

  /** The shared negotiation (local id) whose document is about this negotiation identity. */
  negotiationOf(negotiationUid: string): number | undefined {
    return sharedNegotiationByUid(this.store, negotiationUid);
  }

  /** What a colleague lacks: everything after `heads` (all of it when null or unknown here). */
  exportSince(
    negotiationId: number,
    heads: readonly string[] | null,
  ): { bytes: Uint8Array; full: boolean; heads: string[] } {
    const doc = this.loadDoc(negotiationId);
    if (!doc) throw refuse('not_found', 'This negotiation is not shared yet.');
    const full = heads === null || heads.length === 0 || !A.hasHeads(doc, [...heads]);
    return {
      bytes: full ? A.save(doc) : A.saveSince(doc, [...heads!]),
      full,
      heads: A.getHeads(doc),
    };
  }

  /**
   * Merges a colleague's changes (a saved document or changes since some heads) into the
   * negotiation — creating it here when it is new to this library — and makes SQLite say what the
   * merged document says, as one change set. `check` sees the merged document before anything is
   * written and may refuse it (by throwing): a marking above what this library accepts.
   */
  applyRemote(
    negotiationUid: string,
    incoming: Uint8Array,
    from: RemoteOrigin,
    check: (merged: Doc, before: Heads) => void = () => {},
  ): ApplyResult {
    // Merged outside the write transaction (it takes seconds at size), then written only if no
    // local edit reached the document meanwhile (the long lane receives while the officer
    // edits); else merged again, and the third time inside the transaction, so it ends.
    for (let attempt = 1; ; attempt++) {
      try {
        return this.applyOnce(negotiationUid, incoming, from, check, attempt === 3);
      } catch (error) {
        if (error instanceof StaleMerge && attempt < 3) continue;
        throw error;
      }
    }
  }

  private applyOnce(
    negotiationUid: string,
    incoming: Uint8Array,
    from: RemoteOrigin,
    check: (merged: Doc, before: Heads) => void,
    locked: boolean,
  ): ApplyResult {
    const negotiationId = this.negotiationOf(negotiationUid);
    const known =
      negotiationId === undefined ? idOfUid(this.store, 'negotiation', negotiationUid) : undefined;
    if (known !== undefined && docVersion(this.store, known) !== undefined) {
      throw refuse('conflict', DELETED_HERE);
    }
    if (known !== undefined && rowExists(this.store, 'negotiation', known)) {
      throw refuse(
        'conflict',
        'This negotiation is already in your library, moved there by a negotiation file rather than received by sharing, and a moved copy does not merge: Parley cannot tell which of its differences are yours. Export what you added to it if you need it, delete it, then receive the update again.',
      );
    }
    // (A moved copy since deleted: the update brings the negotiation back under its old ids.)
    const meta: ChangeMeta = {
      label: `Receive update from ${from.name}`,
      scopeId: negotiationId ?? null,
      origin: 'import',
      source: { file: from.update, by: from.name },
      fromShare: true,
    };
    const markings = new Map(listMarkings(this.store).map((m) => [m.label, m.id]));
    const top = listMarkings(this.store).at(-1)!.id;
    const unchanged = (id: number): ApplyResult => ({
      negotiationId: id,
      changed: false,
      conflicts: this.countConflicts(id),
    });
    const write = (w: Writer, m: Merge, wanted: WantedRows): ApplyResult => {
      const id = applyWanted(w, negotiationId ?? null, wanted, {
        markingId: (label) => markings.get(label) ?? top,
        blobs: m.merged.blobs,
      });
      const version = writeWholeDoc(this.store, id, A.save(m.merged), this.store.now());
      this.cache.set(id, { version, doc: m.merged });
      this.noteConflicts(id, m.merged, m.base);
      return { negotiationId: id, changed: true, conflicts: 0 };
    };
    let result: ApplyResult;
    if (locked) {
      result = this.store.write(meta, (w) => {
        const m = this.merge(negotiationUid, negotiationId, incoming);
        if (!m.changed && negotiationId !== undefined) return unchanged(negotiationId);
        check(m.merged, m.before);
        return write(w, m, wantedRows(m.merged));
      });
    } else {
      const m = this.merge(negotiationUid, negotiationId, incoming);
      if (!m.changed && negotiationId !== undefined) return unchanged(negotiationId);
      check(m.merged, m.before);
      const wanted = wantedRows(m.merged);
      result = this.store.write(meta, (w) => {
        if (negotiationId !== undefined) {
          if (!rowExists(this.store, 'negotiation', negotiationId)) {
            throw refuse('conflict', DELETED_HERE);
          }
          if (docVersion(this.store, negotiationId) !== m.version) throw new StaleMerge();
        }
        return write(w, m, wanted);
      });
    }
    return result.changed
      ? { ...result, conflicts: this.countConflicts(result.negotiationId) }
      : result;
  }

  /** The update merged into the negotiation's stored document (or read alone, when it is new). */
  private merge(
    negotiationUid: string,
    negotiationId: number | undefined,
    incoming: Uint8Array,
  ): Merge {
    const { actor } = this.officer();
    const stored = negotiationId !== undefined ? readDoc(this.store, negotiationId) : undefined;
    let base: Doc | null = null;
    if (stored) {
      const cached = this.cache.get(negotiationId!);
      base =
        cached && cached.version === stored.version
          ? cached.doc
          : loadAll([stored.doc, ...stored.chunks], actor);
      this.cache.set(negotiationId!, { version: stored.version, doc: base });
    }
    let merged: Doc;
    try {
      merged =
        stored && base
          ? mergeInto(stored, base, incoming, actor)
          : A.load<ShareDoc>(incoming, { actor });
    } catch {
      // Read alone, is it a whole document of this negotiation? Then it began apart from ours.
      if (base && startedApart(incoming, negotiationUid)) throw notContinuing();
      throw refuse('invalid_input', 'This update is damaged: its changes cannot be read.');
    }
    if (!base && !isShareDoc(merged)) {
      throw refuse(
        'conflict',
        'This update adds to a shared negotiation that is not in your library yet. Receive the whole negotiation first (ask the sender to share all of it), then this update.',
      );
    }
    if (!isShareDoc(merged) || merged.negotiation !== negotiationUid) {
      throw refuse('invalid_input', 'This update is not a Parley shared negotiation.');
    }
    // Two documents begun apart (a colleague shared the negotiation afresh, after removing
    // something in it permanently) would merge at their very root, one hiding the other whole.
    if (base && A.getConflicts(merged, 'rows') !== undefined) throw notContinuing();
    if (A.getMissingDeps(merged, []).length > 0) {
      throw refuse(
        'conflict',
        'This update builds on changes your library has not received yet. Receive the earlier updates from the same colleagues first, or ask them to share all of it.',
      );
    }
    const before = base ? A.getHeads(base) : [];
    return {
      merged,
      base,
      before,
      version: stored?.version ?? null,
      changed: !sameHeads(before, A.getHeads(merged)),
    };
  }

  /**
   * Settles one field for everyone: the chosen value is written over every concurrent one, and
   * SQLite follows, as one change set (its undo is a local edit like any other).
   */
  resolve(
    negotiationId: number,
    table: TableName,
    uid: string,
    field: string,
    value: ImmutableString | number | boolean | null,
    label: string,
  ): void {
    const doc = this.loadDoc(negotiationId);
    if (!doc) throw refuse('not_found', 'This negotiation is not shared.');
    if (!doc.rows[table]?.[uid])
      throw refuse('not_found', 'This item is not in the shared negotiation.');
    const markings = new Map(listMarkings(this.store).map((m) => [m.label, m.id]));
    const top = listMarkings(this.store).at(-1)!.id;
    this.store.write({ label, scopeId: negotiationId, fromShare: true }, (w) => {
      const next = A.change(
        A.clone(doc, { actor: this.officer().actor }),
        { message: label, time: this.time() },
        (d) => {
          this.sign(d);
          force(d.rows[table]![uid]!, field, value);
        },
      );
      applyWanted(w, negotiationId, wantedRows(next), {
        markingId: (l) => markings.get(l) ?? top,
        blobs: next.blobs,
      });
      const version = writeWholeDoc(this.store, negotiationId, A.save(next), this.store.now());
      this.cache.set(negotiationId, { version, doc: next });
      clearConflict(this.store, negotiationId, table, uid, field);
      this.pending.add(negotiationId);
    });
  }

  // ---- Inside a local change's transaction --------------------------------------------------

  private carryLocal(change: Parameters<CommitHook>[0]): void {
    const negotiationId = change.meta.scopeId;
    if (change.meta.fromShare || negotiationId === null) return;
    const doc = this.loadDoc(negotiationId);
    if (!doc) return;
    const rows = historyRowsOf(this.store, change.changeId);
    if (rows.length === 0) return;
    const names = this.names();
    const written: { table: TableName; uid: string; field: string }[] = [];
    const next = A.change(doc, { message: change.meta.label, time: this.time() }, (d) => {
      this.sign(d);
      for (const h of rows) {
        const table = h.entity as TableName;
        if (!(table in ENTITIES)) continue;
        const uid = names.uidOf(table, h.entity_id);
        const map = d.rows[table]!;
        const after = h.after ? (JSON.parse(h.after) as Row) : null;
        const before = h.before ? (JSON.parse(h.before) as Row) : null;
        if (h.op === 'delete') {
          if (map[uid]) map[uid]![DELETED] = true;
          written.push({ table, uid, field: DELETED });
          continue;
        }
        if (!after) continue;
        if (!map[uid]) {
          map[uid] = docRow(table, after, names);
          if (table === 'document') this.addBlob(d, String(after.sha256));
          continue;
        }
        const target = map[uid]!;
        for (const column of DOC_COLUMNS[table]) {
          if (h.op === 'update' && before && before[column] === after[column]) continue;
          target[column] = toDocValue(table, column, after[column] ?? null, names);
          written.push({ table, uid, field: column });
        }
        // Written on every edit, even when already false: an edit made while a colleague
        // deleted the row must meet their deletion on this field, as a conflict.
        force(target, DELETED, false);
        written.push({ table, uid, field: DELETED });
        if (table === 'document' && h.op === 'create') this.addBlob(d, String(after.sha256));
      }
    });
    if (next === doc) return;
    const saved = appendChunk(this.store, negotiationId, A.saveIncremental(next));
    let version = saved.version;
    if (saved.chunks > COMPACT_AFTER) {
      version = writeWholeDoc(this.store, negotiationId, A.save(next), this.store.now());
    }
    this.cache.set(negotiationId, { version, doc: next });
    // A field written here supersedes every concurrent value: its conflict is settled.
    for (const { table, uid, field } of written) {
      clearConflict(this.store, negotiationId, table, uid, field);
    }
    this.pending.add(negotiationId);
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  /**
   * Puts this officer's current name in the document (chosen in the Share dialog, perhaps after
   * their first edits were made under another): colleagues see who wrote each value by it.
   */
  private recordName(negotiationId: number, doc: Doc): Doc {
    const { name, actor } = this.officer();
    if (doc.officers[actor]?.toString() === name) return doc;
    return this.store.db.transaction(() => {
      const next = A.change(doc, { message: 'Name', time: this.time() }, (d) => this.sign(d));
      const { version } = appendChunk(this.store, negotiationId, A.saveIncremental(next));
      this.cache.set(negotiationId, { version, doc: next });
      return next;
    })();
  }

  /** Records this officer's name in the document (once per name). */
  private sign(d: ShareDoc): void {
    const { name, actor } = this.officer();
    if (d.officers[actor]?.toString() !== name) d.officers[actor] = new A.ImmutableString(name);
  }

  private addBlob(d: ShareDoc, sha256: string): void {
    if (d.blobs[sha256]) return;
    const bytes = documentBytes(this.store, sha256);
    if (bytes) d.blobs[sha256] = new Uint8Array(bytes);
  }

  private time(): number {
    return Math.floor(Date.parse(this.store.now()) / 1000);
  }

  private names(): Names {
    const labels = new Map(listMarkings(this.store).map((m) => [m.id, m.label]));
    return {
      uidOf: (table, id) => {
        const uid = uidOfRow(this.store, table, id);
        if (!uid) throw new Error(`The ${table} row ${id} has no identity.`);
        return uid;
      },
      markingLabel: (id) => labels.get(id) ?? listMarkings(this.store).at(-1)!.label,
    };
  }

  /**
   * Finds the fields the merge left with concurrent values (and those it settled), in every row
   * the received changes wrote to (every row, on a first receive). Rows are found from the
   * changes' own operations, not from a diff of what shows: a value that arrives beside two equal
   * concurrent ones, and loses, changes nothing visible, yet the field now holds a conflict.
   */
  private noteConflicts(negotiationId: number, doc: Doc, base: Doc | null): void {
    const at = this.store.now();
    let touched: Set<string> | null = null;
    if (base) {
      touched = new Set();
      for (const change of A.getChanges(base, doc)) {
        for (const op of A.decodeChange(change).ops) touched.add(op.obj);
      }
    }
    for (const [table, rows] of Object.entries(doc.rows)) {
      for (const [uid, row] of Object.entries(rows)) {
        if (touched && !touched.has(A.getObjectId(row) ?? '')) continue;
        for (const f of Object.keys(row)) {
          if (!judged(table as TableName, f)) continue;
          if (concurrentValues(doc, table as TableName, uid, f).length > 1) {
            markConflict(this.store, negotiationId, table as TableName, uid, f, at);
          } else clearConflict(this.store, negotiationId, table as TableName, uid, f);
        }
      }
    }
  }

  private countConflicts(negotiationId: number): number {
    return (
      this.store.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM share_conflict WHERE negotiation_id = ?',
        negotiationId,
      )?.n ?? 0
    );
  }
}

/**
 * The distinct concurrent values of a field, each with the op that wrote it ("12@actor").
 *
 * Read through the document's own handle, not `A.getConflicts(row, …)`: a merge that leaves a
 * row's shown values as they were keeps the row's JavaScript object from the earlier document,
 * and that object still answers for the earlier state — a value that arrived beside two equal
 * ones, and lost, would be missed.
 */
export function concurrentValues(
  doc: Doc,
  table: TableName,
  uid: string,
  field: string,
): { op: string; value: unknown }[] {
  const row = doc.rows[table]?.[uid];
  const objectId = row ? A.getObjectId(row) : null;
  if (!objectId) return [];
  const out: { op: string; value: unknown }[] = [];
  const seen = new Set<string>();
  for (const full of A.getBackend(doc).getAll(objectId, field)) {
    // Rows hold scalars only (strings as immutable strings, see doc.ts).
    if (full.length !== 3) continue;
    const [kind, raw, op] = full;
    const key = JSON.stringify(raw);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ op, value: kind === 'str' ? new A.ImmutableString(raw) : raw });
  }
  return out.length > 1 ? out : [];
}

/**
 * Writes a field even when it already holds the value: Automerge skips an assignment of the
 * value a field shows, but an edit (or a choice between conflicting values) must supersede every
 * concurrent value, so the field is deleted and set again (two operations in one change).
 */
function force(row: Record<string, unknown>, field: string, value: unknown): void {
  if (field in row) delete row[field];
  row[field] = value;
}

const sameHeads = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();
