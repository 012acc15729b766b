import type Database from 'better-sqlite3-multiple-ciphers';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { INTERACTIVE_CHECKPOINT_PAGES } from './checkpoint';
import { openDatabase, type LibraryKey } from './cipher';
import { migrate } from './migrations';
import { TABLES, type TableName } from './entities';
import { affinityOf, type Affinity, type Reader, type Row, type SqlValue } from './types';
import { Writer, type ChangeMeta } from './writer';

/** What it takes to open one of the library's files: its key, and the native build to use. */
export interface DbAccess {
  /** Null only in the benchmark's unencrypted reference (see cipher.ts). */
  key: LibraryKey | null;
  /** Path of a better-sqlite3 binary built for the running runtime (Electron's ABI). */
  nativeBinding?: string | undefined;
}

export interface StoreOptions extends DbAccess {
  /** Who is recorded in history as making the changes. */
  actor?: string;
  /** Clock for entry times; tests pin it. */
  now?: () => string;
  /**
   * Shared between the two lanes' threads (see main/worker/lanes.ts): this store raises it
   * while a write transaction of its own runs, so the other lane knows why the library is busy
   * and waits for it to drop instead of failing or blocking its thread. Only the long lane's
   * store is given one.
   */
  writing?: Int32Array;
  /**
   * Another connection checkpoints this library in the background (the long lane, see
   * checkpoint.ts): this one then checkpoints only past a far bound, so a large write does not
   * also copy the whole log back before it returns.
   */
  checkpointedElsewhere?: boolean;
}

/**
 * Told of every change set about to commit, inside its transaction: what it throws rolls the
 * change back whole. The shared-negotiation engine uses it to carry a local edit (or undo) into
 * the negotiation's merge document atomically with the edit itself.
 */
export type CommitHook = (change: {
  changeId: number;
  meta: ChangeMeta;
  kind: 'edit' | 'undo' | 'redo';
}) => void;

export interface ChangeEvent {
  scopeId: number | null;
  /** The tables written; absent when anything may have changed (a purge, a restore). */
  tables?: readonly TableName[];
}

/**
 * The one owner of the SQLite connection. Reads go through `read`, writes through `write`,
 * which opens a transaction, records a change set, and hands out the only object able to
 * modify rows (a Writer), so no write can skip its history.
 */
export class Store implements Reader {
  private readonly statements = new Map<string, Statement>();
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private readonly commitHooks = new Set<CommitHook>();
  readonly columns: ReadonlyMap<TableName, ReadonlyMap<string, Affinity>>;
  /** Who is recorded in history as making changes (the officer's name; it can change). */
  actor: string;
  readonly now: () => string;
  private readonly writing: Int32Array | null;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    options: StoreOptions,
  ) {
    this.actor = options.actor ?? 'unknown';
    this.now = options.now ?? (() => new Date().toISOString());
    this.writing = options.writing ?? null;
    const columns = new Map<TableName, ReadonlyMap<string, Affinity>>();
    for (const table of TABLES) {
      const info = db.pragma(`table_info(${table})`) as { name: string; type: string }[];
      columns.set(table, new Map(info.map((c) => [c.name, affinityOf(c.type)])));
    }
    this.columns = columns;
  }

  /** Opens (creating if needed) and migrates the database at `path`. */
  static open(path: string, options: StoreOptions): Store {
    return Store.adopt(openDatabase(path, options), path, options);
  }

  /**
   * Sets up and migrates a connection already opened with the key (so that what opening needs
   * can be read on it first, without a second connection); closes it if that fails.
   */
  static adopt(db: Database.Database, path: string, options: StoreOptions): Store {
    try {
      configure(db, options);
      migrate(db);
      return new Store(db, path, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T = Row>(sql: string, ...params: SqlValue[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  get<T = Row>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  /** Runs several reads against one consistent snapshot. */
  read<T>(fn: (reader: Reader) => T): T {
    return this.db.transaction(() => fn(this))();
  }

  /**
   * Runs `fn` in one transaction as one undoable change. If `fn` throws, nothing is written.
   * A change that turns out to modify nothing leaves no trace.
   */
  write<T>(meta: ChangeMeta, fn: (writer: Writer) => T): T {
    let changed = false;
    let tables: TableName[] = [];
    if (this.writing) Atomics.store(this.writing, 0, 1);
    let value: T;
    try {
      // IMMEDIATE: the write lock is taken at the start, so a write never reads a snapshot the
      // other lane's connection has since written past (SQLITE_BUSY_SNAPSHOT part-way through).
      value = this.db
        .transaction(() => {
          const writer = Writer.begin(this, meta);
          const result = fn(writer);
          changed = writer.finish();
          if (changed) this.committing({ changeId: writer.changeId, meta, kind: 'edit' });
          tables = [...writer.tables];
          return result;
        })
        .immediate();
    } finally {
      if (this.writing) {
        Atomics.store(this.writing, 0, 0);
        Atomics.notify(this.writing, 0);
      }
    }
    if (changed) this.emit({ scopeId: meta.scopeId, tables });
    return value;
  }

  /** Adds a hook run inside every change's transaction (see CommitHook); returns its removal. */
  onCommitting(hook: CommitHook): () => void {
    this.commitHooks.add(hook);
    return () => this.commitHooks.delete(hook);
  }

  /** Runs the commit hooks; called by whatever closes a change set (write, undo, redo). */
  committing(change: Parameters<CommitHook>[0]): void {
    for (const hook of this.commitHooks) hook(change);
  }

  /** Listens for committed changes; returns the unsubscribe function. */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Closes the connection, first letting SQLite refresh the query planner's statistics where
   * this connection's queries suggest they are stale (`optimize`), unless another connection
   * keeps them (the long lane, see app.ts).
   */
  close({ optimize = true }: { optimize?: boolean } = {}): void {
    if (!this.db.open) return;
    this.statements.clear();
    if (optimize) this.db.pragma('optimize');
    this.db.close();
  }
}

export function openConnection(
  path: string,
  access: DbAccess & Pick<StoreOptions, 'checkpointedElsewhere'>,
): Database.Database {
  const db = openDatabase(path, access);
  try {
    configure(db, access);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** How every connection to the library is set up. */
function configure(
  db: Database.Database,
  options: Pick<StoreOptions, 'checkpointedElsewhere'>,
): void {
  // Sorts and temporary tables stay in memory: nothing of the library is written outside its
  // (encrypted) file and WAL.
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_mode = WAL');
  // synchronous = FULL, chosen on purpose. In WAL mode NORMAL survives a crashed process
  // but can lose the last commits on power loss or an OS crash, because the WAL is not
  // synced at each commit; FULL syncs it before the commit returns, so an edit Parley has
  // acknowledged is on disk. Officers must never lose an acknowledged edit, and one fsync
  // per (debounced) edit costs about a millisecond. EXTRA only adds a sync of the directory
  // on DELETE-mode journals, which WAL does not use. test/unit/crash.test.ts kills a writer
  // 200 times and checks that nothing acknowledged is lost and nothing is half-written.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.checkpointedElsewhere) {
    db.pragma(`wal_autocheckpoint = ${INTERACTIVE_CHECKPOINT_PAGES}`);
  }
}
