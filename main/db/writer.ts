import { randomUUID } from 'node:crypto';
import type { SearchKind } from '../../shared/search';
import { DependentRowsError, RowNotFoundError } from './errors';
import {
  currentKey,
  reindex,
  SEARCH_PARTS,
  SEARCHABLE,
  searchKey,
  type Touched,
} from './searchIndex';
import type { Connection } from './types';
import type { Reader, Row, SqlValue } from './types';
import { DEPENDENTS, DERIVED, type RowOf, type TableName } from './entities';

export interface ChangeMeta {
  /** What the user did, in words ("Add round 3"); shown in history and undo menus. */
  label: string;
  /** The negotiation the change belongs to; null for library-level changes. */
  scopeId: number | null;
  /** 'import' for bringing in a negotiation file (see migration 4); 'local' otherwise. */
  origin?: 'local' | 'import';
  /** For an import: the file's name and the officer who exported it (see migration 7). */
  source?: { file: string; by: string };
  /**
   * Set on the change that applies a received update of a shared negotiation: it comes from the
   * merge document, so the engine does not carry it back into it.
   */
  fromShare?: boolean;
}

/** A change carried in from another database (an imported file's history), ids already mapped. */
export interface ForeignChange {
  kind: 'edit' | 'undo' | 'redo';
  label: string;
  actor: string;
  at: string;
  scopeId: number | null;
  targetId: number | null;
  rows: {
    entity: TableName;
    entityId: number;
    op: HistoryOp;
    before: Row | null;
    after: Row | null;
    at: string;
  }[];
}

export type HistoryOp = 'create' | 'update' | 'delete';

/**
 * The only way to modify rows. Every insert, update and delete records a history row (with the
 * row's values before and after) under the current change set, inside the caller's
 * transaction. Table and column names come from our own code and are checked against the live
 * schema; values are always bound parameters.
 */
export class Writer implements Reader {
  private count = 0;
  /** The next fresh id of each table this change has inserted into (see nextId). */
  private readonly nextIds = new Map<TableName, number>();
  /** The tables this change wrote to: the change event names them, so views reload only if
   * they show one of them. */
  readonly tables = new Set<TableName>();
  /** The identity the next inserted row takes (a row arriving from a shared negotiation). */
  private givenUid: string | null = null;
  /** The statement foreignRow runs (see there). */
  private foreignInsert: ReturnType<Connection['prepare']> | null = null;
  /** Searchable rows this change touched: re-indexed when it finishes. */
  private readonly touched = new Map<string, Touched>();

  private constructor(
    private readonly store: Connection,
    readonly changeId: number,
    private readonly meta: ChangeMeta,
    private readonly kind: 'edit' | 'undo' | 'redo',
  ) {}

  /** Opens a change set. Must run inside a transaction. */
  static begin(
    store: Connection,
    meta: ChangeMeta,
    kind: 'edit' | 'undo' | 'redo' = 'edit',
    targetId: number | null = null,
  ): Writer {
    const row = store.get<{ id: number }>(
      `INSERT INTO change_set
         (scope_id, kind, label, actor, at, state, stack_seq, target_id, origin, source_file,
          source_by)
       VALUES (?, ?, ?, ?, ?, ?, IFNULL((SELECT MAX(id) FROM change_set), 0) + 1, ?, ?, ?, ?)
       RETURNING id`,
      meta.scopeId,
      kind,
      meta.label,
      store.actor,
      store.now(),
      kind === 'edit' ? 'done' : 'applied',
      targetId,
      meta.origin ?? 'local',
      meta.source?.file ?? null,
      meta.source?.by ?? null,
    );
    return new Writer(store, row!.id, meta, kind);
  }

  /** Closes the change set; returns whether anything changed (an empty one is removed). */
  finish(): boolean {
    if (this.count === 0) {
      this.store.prepare('DELETE FROM change_set WHERE id = ?').run(this.changeId);
      return false;
    }
    if (this.kind === 'edit') {
      // A new edit ends the redo stack of its scope, as in every editor.
      this.store
        .prepare(
          `UPDATE change_set SET state = 'discarded' WHERE scope_id IS ? AND state = 'undone'`,
        )
        .run(this.meta.scopeId);
    }
    // Last, so nothing after it in this transaction makes FTS5 flush early.
    reindex(this.store, this.touched.values());
    return true;
  }

  /** The current entry time, from the store's clock. */
  now(): string {
    return this.store.now();
  }

  get changes(): number {
    return this.count;
  }

  all<T = Row>(sql: string, ...params: SqlValue[]): T[] {
    return this.store.all<T>(sql, ...params);
  }

  get<T = Row>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.store.get<T>(sql, ...params);
  }

  private checkColumns(table: TableName, names: Iterable<string>): void {
    const known = this.store.columns.get(table);
    for (const name of names) {
      if (!known?.has(name)) throw new Error(`Unknown column ${table}.${name}`);
    }
  }

  private hasColumn(table: TableName, name: string): boolean {
    return this.store.columns.get(table)?.has(name) ?? false;
  }

  private record(
    op: HistoryOp,
    table: TableName,
    id: number,
    before: Row | null,
    after: Row | null,
    historyId: number | null = null,
  ) {
    this.tables.add(table);
    if (SEARCHABLE.has(table)) {
      const touched = `${table}:${id}`;
      if (!this.touched.has(touched)) {
        const kind = table as SearchKind;
        // Its entry's key as the row was: a row that is new has none yet.
        const key = before ? currentKey(this.store, kind, id, before) : null;
        this.touched.set(touched, { kind, id, key });
      }
    }
    const part = SEARCH_PARTS[table];
    if (part) {
      const ownerId = (after ?? before)![part.column] as number;
      const touched = `${part.kind}:${ownerId}`;
      if (!this.touched.has(touched)) {
        this.touched.set(touched, {
          kind: part.kind,
          id: ownerId,
          key: searchKey(part.kind, ownerId, 0),
        });
      }
    }
    this.store
      .prepare(
        `INSERT INTO history (id, change_id, entity, entity_id, op, before, after, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        // Null lets SQLite number it, as usual.
        historyId,
        this.changeId,
        table,
        id,
        op,
        before ? JSON.stringify(before) : null,
        after ? JSON.stringify(after) : null,
        this.store.now(),
      );
    this.count++;
  }

  /**
   * Writes the one table outside the registry, `document_content` (a document's bytes, kept by
   * hash; see migration 12): no history and no search entry, because no edit ever loses those
   * rows — a document row names its bytes by hash, and only a permanent removal drops bytes
   * nothing names any more. Any other table is refused.
   */
  run(sql: string, ...params: (SqlValue | Buffer)[]): number {
    if (!/^\s*(INSERT INTO|DELETE FROM) document_content\b/.test(sql)) {
      throw new Error('Writer.run writes document_content only; use insert, update or remove.');
    }
    return this.store.prepare(sql).run(...params).changes;
  }

  find<T extends TableName>(table: T, id: number): RowOf<T> | undefined {
    return this.raw(table, id) as RowOf<T> | undefined;
  }

  private raw(table: TableName, id: number): Row | undefined {
    return this.store.get(`SELECT * FROM ${table} WHERE id = ?`, id);
  }

  /**
   * Inserts a row (timestamps filled in) and returns it as stored. `historyId` numbers its
   * history row, for an import that orders its history itself (see firstFreeHistoryId).
   */
  insert<T extends TableName>(
    table: T,
    values: Partial<RowOf<T>>,
    historyId: number | null = null,
  ): RowOf<T> {
    const now = this.store.now();
    const row: Row = { ...(values as Row) };
    if (this.hasColumn(table, 'created_at')) row.created_at ??= now;
    if (this.hasColumn(table, 'updated_at')) row.updated_at ??= now;
    row.id ??= this.nextId(table);
    return this.insertRow(table, row, 'create', historyId) as RowOf<T>;
  }

  /**
   * A fresh id (or the first of `count` in a row) that no row of the table has ever had. SQLite would hand a deleted row's id to
   * the next insert, and undoing that delete (in another negotiation's stack, say) would then
   * collide; history remembers every id used, so new rows start above all of them.
   */
  nextId(table: TableName, count = 1): number {
    // Looked up once per table and change set, then counted on: nothing else writes meanwhile.
    const next =
      this.nextIds.get(table) ??
      (this.store
        .prepare(
          `SELECT MAX(IFNULL((SELECT MAX(id) FROM ${table}), 0),
                      IFNULL((SELECT MAX(entity_id) FROM history WHERE entity = ?), 0)) + 1`,
        )
        .pluck()
        .get(table) as number);
    this.nextIds.set(table, next + count);
    return next;
  }

  /** Fills in the derived columns (see tables.ts) whose source the values set. */
  private derive(table: TableName, values: Row): Row {
    const derived = DERIVED[table];
    if (!derived) return values;
    const out = { ...values };
    for (const [column, compute] of Object.entries(derived)) {
      if (this.hasColumn(table, column) && 'text' in values) out[column] = compute(values);
    }
    return out;
  }

  /**
   * The row as SQLite stores it, without reading it back, when the values give every column and
   * none is of a kind its column's affinity would convert (a number in a text column, say);
   * otherwise undefined, and the row is read back. An import writes a hundred thousand rows, and
   * reading each back cost a few percent of it.
   */
  private asStored(table: TableName, row: Row): Row | undefined {
    const out: Row = {};
    for (const [name, affinity] of this.store.columns.get(table)!) {
      const value = row[name];
      if (value === undefined) return undefined;
      if (value !== null) {
        // NaN is stored as null, a bigint read back as a number.
        const ok =
          typeof value === 'string'
            ? affinity === 'text' || affinity === 'blob'
            : typeof value === 'number' && affinity !== 'text' && !Number.isNaN(value);
        if (!ok) return undefined;
      }
      out[name] = value;
    }
    return out;
  }

  private insertRow(
    table: TableName,
    given: Row,
    op: HistoryOp,
    historyId: number | null = null,
  ): Row {
    const row = this.derive(table, given);
    const names = Object.keys(row);
    this.checkColumns(table, names);
    // Plain INSERT then a read by id, not INSERT … RETURNING: a RETURNING statement opens a
    // savepoint, and each savepoint makes FTS5 flush its pending index data (five times slower
    // for a large import).
    const { lastInsertRowid } = this.store
      .prepare(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      )
      .run(...names.map((n) => row[n] ?? null));
    const stored = this.asStored(table, row) ?? this.raw(table, Number(lastInsertRowid))!;
    const next = this.nextIds.get(table);
    if (next !== undefined && (stored.id as number) >= next) {
      this.nextIds.set(table, (stored.id as number) + 1);
    }
    // Every row has a stable identity (migration 16). A row put back by undo keeps the one it
    // had: ids are never reused, so its identity row is still there and is left alone.
    this.store
      .prepare('INSERT OR IGNORE INTO row_uid (entity, row_id, uid) VALUES (?, ?, ?)')
      .run(table, stored.id as number, this.givenUid ?? randomUUID());
    this.givenUid = null;
    this.record(op, table, stored.id as number, null, stored, historyId);
    return stored;
  }

  /**
   * Inserts a row under an identity it already has elsewhere (a row arriving in a shared
   * negotiation's update, or in a negotiation file that carries identities).
   */
  insertWithUid<T extends TableName>(
    table: T,
    values: Partial<RowOf<T>>,
    uid: string,
    historyId: number | null = null,
  ): RowOf<T> {
    this.givenUid = uid;
    try {
      return this.insert(table, values, historyId);
    } finally {
      this.givenUid = null;
    }
  }

  /** The stable identity of a row (migration 16). */
  uidOf(table: TableName, id: number): string | undefined {
    return (
      this.store.get<{ uid: string }>(
        'SELECT uid FROM row_uid WHERE entity = ? AND row_id = ?',
        table,
        id,
      )?.uid ?? undefined
    );
  }

  /**
   * Sets the given columns; returns the row as stored. Values equal to the stored ones are
   * skipped, and a patch that changes nothing records nothing.
   */
  update<T extends TableName>(
    table: T,
    id: number,
    given: Partial<RowOf<T>>,
    /** Keep the stamps as given (a shared negotiation's row takes the time its editor had). */
    exact = false,
  ): RowOf<T> {
    const before = this.raw(table, id);
    if (!before) throw new RowNotFoundError(table, id);
    const patch = this.derive(table, given as Row);
    const names = Object.keys(patch).filter((n) => patch[n] !== before[n]);
    if (names.length === 0) return before as RowOf<T>;
    this.checkColumns(table, names);
    const values = names.map((n) => patch[n] ?? null);
    if (!exact && this.hasColumn(table, 'updated_at') && !names.includes('updated_at')) {
      names.push('updated_at');
      values.push(this.store.now());
    }
    this.store
      .prepare(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`)
      .run(...values, id);
    const after = this.raw(table, id)!;
    this.record('update', table, id, before, after);
    return after as RowOf<T>;
  }

  /** Deletes a row and, first, everything that depends on it (see tables.ts). */
  remove<T extends TableName>(table: T, id: number): RowOf<T> {
    const before = this.raw(table, id);
    if (!before) throw new RowNotFoundError(table, id);
    for (const dependent of DEPENDENTS[table]) {
      const ids = this.store
        .prepare(`SELECT id FROM ${dependent.table} WHERE ${dependent.column} = ? ORDER BY id`)
        .pluck()
        .all(id) as number[];
      for (const dependentId of ids) {
        if (dependent.mode === 'cascade') {
          if (this.find(dependent.table, dependentId)) this.remove(dependent.table, dependentId);
        } else {
          this.update(dependent.table, dependentId, { [dependent.column]: null } as Row);
        }
      }
    }
    this.store.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
    this.record('delete', table, id, before, null);
    return before as RowOf<T>;
  }

  /**
   * The first history id no row has yet. A streamed import numbers its history itself (see
   * importStream.ts): the file's past first, then its own rows in an order undo and redo can
   * replay, whatever order the file's items arrive in.
   */
  firstFreeHistoryId(): number {
    return this.store.prepare('SELECT IFNULL(MAX(id), 0) + 1 FROM history').pluck().get() as number;
  }

  /**
   * Records a change made in another database, as it was: its history rows and who made it when.
   * It is history only — never on an undo or redo stack here — and it changes no rows itself.
   * Its rows take the ids from `firstHistoryId` on when given (see firstFreeHistoryId). Returns its
   * id in this database.
   */
  recordForeign(change: ForeignChange, firstHistoryId: number | null = null): number {
    const id = this.beginForeign(change);
    let historyId = firstHistoryId;
    for (const row of change.rows) {
      this.foreignRow(id, row, historyId);
      if (historyId !== null) historyId++;
    }
    return id;
  }

  /**
   * The change set of a change made in another database (see recordForeign), without its rows:
   * they follow, one foreignRow each (an import writes a long change's rows as it reads them).
   * Returns its id in this database.
   */
  beginForeign(change: Omit<ForeignChange, 'rows'>): number {
    return this.store
      .prepare(
        `INSERT INTO change_set
           (scope_id, kind, label, actor, at, state, stack_seq, target_id, origin, import_id)
         VALUES (?, ?, ?, ?, ?, ?, IFNULL((SELECT MAX(id) FROM change_set), 0) + 1, ?, 'file', ?)
         RETURNING id`,
      )
      .pluck()
      .get(
        change.scopeId,
        change.kind,
        change.label,
        change.actor,
        change.at,
        change.kind === 'edit' ? 'discarded' : 'applied',
        change.targetId,
        this.changeId,
      ) as number;
  }

  /** One history row of a change begun with beginForeign, numbered `historyId` if given. */
  foreignRow(changeId: number, row: ForeignChange['rows'][number], historyId: number | null): void {
    // Kept: an import calls this once per history row of its file (a hundred thousand for a
    // large negotiation's), where even the store's cache of statements shows.
    this.foreignInsert ??= this.store.prepare(
      `INSERT INTO history (id, change_id, entity, entity_id, op, before, after, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.foreignInsert.run(
      historyId,
      changeId,
      row.entity,
      row.entityId,
      row.op,
      row.before ? JSON.stringify(row.before) : null,
      row.after ? JSON.stringify(row.after) : null,
      row.at,
    );
  }

  // Undo and redo put rows back exactly as they were, timestamps and ids included.

  /**
   * Writes a row exactly as given, id and timestamps included: undo putting back a deleted row,
   * an import writing rows whose ids it has mapped.
   */
  restore(table: TableName, row: Row): Row {
    return this.insertRow(table, row, 'create');
  }

  /** Sets every column of an existing row to the given values. */
  replace(table: TableName, row: Row): Row {
    const { id, ...rest } = row;
    return this.update(table, id as number, rest as Partial<RowOf<TableName>>);
  }

  /** How many rows still refer to this one (see DEPENDENTS). */
  dependents(table: TableName, id: number): number {
    let count = 0;
    for (const dependent of DEPENDENTS[table]) {
      count += this.store
        .prepare(`SELECT COUNT(*) FROM ${dependent.table} WHERE ${dependent.column} = ?`)
        .pluck()
        .get(id) as number;
    }
    return count;
  }

  /**
   * Deletes exactly one row, never its dependents: undo removes those itself, in order. A row
   * that something else still refers to is refused, because the schema's ON DELETE CASCADE
   * would otherwise remove that later work without a trace.
   */
  erase(table: TableName, id: number): Row {
    const before = this.raw(table, id);
    if (!before) throw new RowNotFoundError(table, id);
    if (this.dependents(table, id) > 0) throw new DependentRowsError(table, id);
    this.store.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
    this.record('delete', table, id, before, null);
    return before;
  }
}
