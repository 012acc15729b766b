// Undo and redo, stored in the database so they survive a restart.
//
// Every edit is a change set whose history rows say exactly which rows it created, changed or
// deleted, with their values before and after. Undo replays those rows backwards (delete what
// was created, put back what was changed or deleted, ids and all); redo replays them forwards.
// Each scope (one negotiation, or the library itself) has its own stacks: the undo stack is its
// 'done' edits, the redo stack its 'undone' ones, each ordered by stack_seq.
//
// Before touching a row, undo checks it still holds the values the change left there. If
// something else changed it since (an edit in another scope), the undo is refused with a clear
// message rather than overwrite newer work.
import { DependentRowsError } from './errors';
import type { Store } from './store';
import type { Row } from './types';
import { isTableName, type TableName } from './entities';
import { Writer } from './writer';

export class UndoConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndoConflictError';
  }
}

interface ChangeSetRow {
  id: number;
  label: string;
}

interface HistoryRow {
  entity: string;
  entity_id: number;
  op: 'create' | 'update' | 'delete';
  before: string | null;
  after: string | null;
}

export interface StackState {
  undo: { label: string } | null;
  redo: { label: string } | null;
}

const TOP = {
  done: `SELECT id, label FROM change_set WHERE scope_id IS ? AND state = 'done'
         ORDER BY stack_seq DESC LIMIT 1`,
  undone: `SELECT id, label FROM change_set WHERE scope_id IS ? AND state = 'undone'
           ORDER BY stack_seq DESC LIMIT 1`,
};

export function stackState(store: Store, scopeId: number | null): StackState {
  const undo = store.get<ChangeSetRow>(TOP.done, scopeId);
  const redo = store.get<ChangeSetRow>(TOP.undone, scopeId);
  return {
    undo: undo ? { label: undo.label } : null,
    redo: redo ? { label: redo.label } : null,
  };
}

const parse = (json: string | null): Row | null =>
  json === null ? null : (JSON.parse(json) as Row);

/**
 * Whether the stored row still holds every value the change recorded. Columns added by a later
 * migration are not in older records; they do not count.
 */
function same(a: Row | undefined, b: Row | null): boolean {
  if (!a || !b) return false;
  return Object.keys(b).every((k) => a[k] === b[k]);
}

const describeRow = (table: string) => table.replace(/_/g, ' ');

/**
 * Applies one change set's rows backwards (undo) or forwards (redo) through a Writer, so the
 * undo or redo is itself recorded in history.
 */
function replay(w: Writer, rows: HistoryRow[], direction: 'back' | 'forward', label: string) {
  const ordered = direction === 'back' ? [...rows].reverse() : rows;
  for (const row of ordered) {
    if (!isTableName(row.entity)) throw new Error(`History names an unknown table ${row.entity}`);
    const table: TableName = row.entity;
    const before = parse(row.before);
    const after = parse(row.after);
    const current = w.find(table, row.entity_id);
    const conflict = () =>
      new UndoConflictError(
        `“${label}” can no longer be ${direction === 'back' ? 'undone' : 'redone'}: a ` +
          `${describeRow(table)} it touched has been changed since.`,
      );
    // What the row must look like now, and what it becomes.
    const [expected, target] = direction === 'back' ? [after, before] : [before, after];
    if (expected === null) {
      if (current) throw conflict();
    } else if (!same(current, expected)) {
      throw conflict();
    }
    if (target === null) w.erase(table, row.entity_id);
    else if (expected === null) w.restore(table, target);
    else w.replace(table, target);
  }
}

function historyOf(store: Store, changeId: number): HistoryRow[] {
  return store.all<HistoryRow>(
    'SELECT entity, entity_id, op, before, after FROM history WHERE change_id = ? ORDER BY id',
    changeId,
  );
}

function step(store: Store, scopeId: number | null, direction: 'back' | 'forward'): StackState {
  let tables: TableName[] = [];
  const committed = store.db.transaction(() => {
    const target = store.get<ChangeSetRow>(direction === 'back' ? TOP.done : TOP.undone, scopeId);
    if (!target) return false;
    const kind = direction === 'back' ? 'undo' : 'redo';
    const label = `${direction === 'back' ? 'Undo' : 'Redo'}: ${target.label}`;
    const w = Writer.begin(store, { label, scopeId }, kind, target.id);
    try {
      replay(w, historyOf(store, target.id), direction, target.label);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const dependent = typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
      if (dependent || error instanceof DependentRowsError) {
        throw new UndoConflictError(
          `“${target.label}” can no longer be ${direction === 'back' ? 'undone' : 'redone'}: ` +
            'later changes depend on it.',
        );
      }
      throw error;
    }
    if (w.finish()) store.committing({ changeId: w.changeId, meta: { label, scopeId }, kind });
    tables = [...w.tables];
    store
      .prepare('UPDATE change_set SET state = ?, stack_seq = ? WHERE id = ?')
      .run(direction === 'back' ? 'undone' : 'done', w.changeId, target.id);
    return true;
  })();
  if (committed) store.emit({ scopeId, tables });
  return stackState(store, scopeId);
}

/** Undoes the scope's latest edit; returns the stacks afterwards. */
export function undo(store: Store, scopeId: number | null): StackState {
  return step(store, scopeId, 'back');
}

/** Redoes the scope's latest undone edit; returns the stacks afterwards. */
export function redo(store: Store, scopeId: number | null): StackState {
  return step(store, scopeId, 'forward');
}
