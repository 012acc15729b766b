// Removing an item for good: text entered under the wrong marking, or in the wrong library,
// must be gone from the file, not only from view. This is the one deletion that bypasses
// history: the item, everything inside it (dependents, also those deleted earlier and kept
// only in history), every history row that holds any of their values, the snapshot items of
// briefs that printed them, their search entries and unsaved drafts — then the freed space is
// overwritten (secure_delete, the FTS5 index's own secure-delete, VACUUM) and the WAL emptied.
import { DROP_UNUSED_CONTENT } from './queries/documents';
import type { SearchKind } from '../../shared/search';
import { INDEX_TABLES, indexTableOf, rebuildIndex, SEARCHABLE, searchKey } from './searchIndex';
import type { Store } from './store';
import type { Row } from './types';
import { DEPENDENTS, type TableName } from './entities';

export interface PurgeTarget {
  table: TableName;
  id: number;
}

export interface PurgeReport {
  /** Every row removed (current or only in history), by table. */
  rows: Partial<Record<TableName, number>>;
  historyRows: number;
  /** Exported briefs whose record held some of the text (their snapshot items were removed). */
  briefRecords: number;
  /** The negotiation was shared, and its merge document (which holds every value) is gone. */
  sharingStopped: boolean;
}

/** Text columns worth looking for elsewhere (labels, snapshots): the officer's words. */
function textsOf(row: Row): string[] {
  return Object.entries(row)
    .filter(([key, v]) => typeof v === 'string' && v.length >= 3 && !/(_at|_date)$/.test(key))
    .map(([, v]) => v as string)
    .filter((v) => !/^#[0-9a-f]{6}$/.test(v));
}

/**
 * Everything to remove for `target`: the item, its dependents (cascade), recursively, including
 * dependents that exist now only in history (deleted earlier, their rows kept for undo), in an
 * order that removes children before parents. 'detach' dependents are kept (a later position
 * that followed a removed one): only their reference is cleared.
 */
function closure(store: Store, target: PurgeTarget) {
  const seen = new Set<string>();
  const order: PurgeTarget[] = [];
  const detached: { table: TableName; column: string; id: number }[] = [];
  const visit = (table: TableName, id: number) => {
    const key = `${table}:${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const dependent of DEPENDENTS[table]) {
      if (dependent.mode === 'detach') {
        detached.push({ table: dependent.table, column: dependent.column, id });
        continue;
      }
      const now = store
        .prepare(`SELECT id FROM ${dependent.table} WHERE ${dependent.column} = ?`)
        .pluck()
        .all(id) as number[];
      // Rows deleted earlier are only in history: their values name their parent too.
      const past = store
        .prepare(
          `SELECT DISTINCT entity_id FROM history WHERE entity = ?
             AND json_extract(COALESCE(after, before), '$.' || ?) = ?`,
        )
        .pluck()
        .all(dependent.table, dependent.column, id) as number[];
      for (const child of new Set([...now, ...past])) visit(dependent.table, child);
    }
    order.push({ table, id });
  };
  visit(target.table, target.id);
  return { order, detached };
}

export function purge(
  store: Store,
  target: PurgeTarget,
  /** The negotiation the target is in (itself, for a negotiation). */
  negotiationId: number,
): PurgeReport {
  const db = store.db;
  const report: PurgeReport = { rows: {}, historyRows: 0, briefRecords: 0, sharingStopped: false };
  // Deleted content is overwritten with zeros as it is freed, in the tables and in FTS5's index.
  db.pragma('secure_delete = ON');
  try {
    db.transaction(() => {
      const { order, detached } = closure(store, target);
      const texts = new Set<string>();
      const purgedIds = new Map<TableName, Set<number>>();
      for (const { table, id } of order) {
        if (!purgedIds.has(table)) purgedIds.set(table, new Set());
        purgedIds.get(table)!.add(id);
        const current = store.get(`SELECT * FROM ${table} WHERE id = ?`, id);
        if (current) textsOf(current).forEach((t) => texts.add(t));
        for (const h of store.all<{ before: string | null; after: string | null }>(
          'SELECT before, after FROM history WHERE entity = ? AND entity_id = ?',
          table,
          id,
        )) {
          for (const json of [h.before, h.after]) {
            if (json) textsOf(JSON.parse(json) as Row).forEach((t) => texts.add(t));
          }
        }
      }

      // Rows that only pointed at a removed one stay; the pointer goes, outside history (an
      // undo that would put it back refuses, as the row it named no longer exists).
      for (const d of detached) {
        store.prepare(`UPDATE ${d.table} SET ${d.column} = NULL WHERE ${d.column} = ?`).run(d.id);
      }

      const secureDelete = (on: 0 | 1) => {
        for (const table of INDEX_TABLES) {
          db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('secure-delete', ${on})`);
        }
      };
      secureDelete(1);
      const touchedChanges = new Set<number>();
      for (const { table, id } of order) {
        const removed = store.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id).changes;
        const history = store.all<{ id: number; change_id: number }>(
          'SELECT id, change_id FROM history WHERE entity = ? AND entity_id = ?',
          table,
          id,
        );
        if (removed || history.length) report.rows[table] = (report.rows[table] ?? 0) + 1;
        for (const h of history) touchedChanges.add(h.change_id);
        report.historyRows += store
          .prepare('DELETE FROM history WHERE entity = ? AND entity_id = ?')
          .run(table, id).changes;
        if (SEARCHABLE.has(table)) {
          const kind = table as SearchKind;
          store
            .prepare(`DELETE FROM ${indexTableOf(kind)} WHERE rowid = CAST(? AS INTEGER)`)
            .run(searchKey(kind, id, negotiationId));
        }
        // Unsaved typing in it, too ('position.12.text').
        store
          .prepare('DELETE FROM draft WHERE substr(key, 1, length(?)) = ?')
          .run(`${table}.${id}.`, `${table}.${id}.`);
      }
      secureDelete(0);
      // Earlier wordings were taken out of the index by delete markers, their words still in
      // older segments. Merging the segments ('optimize') was not enough: when the index is
      // already one segment, optimize leaves it as it is, and secure-delete can leave a removed
      // term's key on its leaf (found once the sample's linkages changed the index's shape). So
      // the index is built again from the data as it now is, in this transaction.
      rebuildIndex(db);

      // Change sets left with nothing are removed (with the undo and redo records of them);
      // labels that quoted the removed text lose the quote.
      for (const changeId of touchedChanges) {
        const left = store.get<{ n: number }>(
          'SELECT COUNT(*) AS n FROM history WHERE change_id = ?',
          changeId,
        )!.n;
        if (left === 0) {
          store.prepare('UPDATE change_set SET target_id = NULL WHERE target_id = ?').run(changeId);
          store.prepare('UPDATE change_set SET import_id = NULL WHERE import_id = ?').run(changeId);
          store.prepare('DELETE FROM change_set WHERE id = ?').run(changeId);
        }
      }
      // A shared negotiation's merge document holds every value any officer ever shared in it,
      // and its history cannot be rewritten without breaking the merge with colleagues' copies:
      // it goes whole, and the negotiation is no longer shared in this library (see the README).
      report.sharingStopped =
        store.prepare('DELETE FROM share_doc WHERE negotiation_id = ?').run(negotiationId).changes >
        0;
      store.prepare(DROP_UNUSED_CONTENT).run();
      scrubLabels(store, texts);
      report.briefRecords = scrubBriefRecords(store, target, texts, purgedIds);
    })();
    // Rebuilt whole, the file keeps no slack space where old text could linger; then the WAL,
    // which held pages written before, is checkpointed and cut to nothing.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma('secure_delete = OFF');
  }
  return report;
}

/** Whether `text` holds a quote (as change labels write them) taken from any removed text. */
function quotesAny(label: string, texts: Set<string>): string {
  return label.replace(/“([^”]*)”/g, (whole, inner: string) => {
    const stem = inner.replace(/…$/, '').trim();
    if (stem.length === 0) return whole;
    for (const t of texts) {
      const clean = t.replace(/\s+/g, ' ').trim();
      if (clean.startsWith(stem) || clean === stem) return '“(removed)”';
    }
    return whole;
  });
}

function scrubLabels(store: Store, texts: Set<string>): void {
  if (texts.size === 0) return;
  const labels = store.all<{ id: number; label: string }>(
    "SELECT id, label FROM change_set WHERE label LIKE '%“%'",
  );
  const update = store.prepare('UPDATE change_set SET label = ? WHERE id = ?');
  for (const { id, label } of labels) {
    const scrubbed = quotesAny(label, texts);
    if (scrubbed !== label) update.run(scrubbed, id);
  }
}

interface SnapshotItem {
  section: string;
  label: string;
  text: string;
}

/**
 * Records of exported briefs: a removed negotiation's or round's go whole (their file names and
 * bottom lines name it); elsewhere, every remembered item that holds removed text is dropped,
 * and a file name or bottom line holding it is replaced.
 */
function scrubBriefRecords(
  store: Store,
  target: PurgeTarget,
  texts: Set<string>,
  purged: Map<TableName, Set<number>>,
): number {
  let count = 0;
  const negotiations = [...(purged.get('negotiation') ?? [])];
  const rounds = [...(purged.get('round') ?? [])];
  for (const id of negotiations) {
    count += store.prepare('DELETE FROM briefing_export WHERE negotiation_id = ?').run(id).changes;
  }
  for (const id of rounds) {
    count += store.prepare('DELETE FROM briefing_export WHERE round_id = ?').run(id).changes;
  }
  if (target.table === 'negotiation') return count;
  const holds = (value: string) => [...texts].some((t) => value.includes(t));
  const records = store.all<{
    id: number;
    snapshot: string;
    file_name: string;
    bottom_line: string;
  }>('SELECT id, snapshot, file_name, bottom_line FROM briefing_export');
  const update = store.prepare(
    'UPDATE briefing_export SET snapshot = ?, file_name = ?, bottom_line = ? WHERE id = ?',
  );
  for (const record of records) {
    const snapshot = JSON.parse(record.snapshot) as Record<string, SnapshotItem>;
    let changed = false;
    for (const [key, item] of Object.entries(snapshot)) {
      if (holds(item.text) || holds(item.label) || holds(item.section)) {
        delete snapshot[key];
        changed = true;
      }
    }
    const fileName = holds(record.file_name) ? '(name removed)' : record.file_name;
    const bottomLine = holds(record.bottom_line) ? '' : record.bottom_line;
    if (changed || fileName !== record.file_name || bottomLine !== record.bottom_line) {
      update.run(JSON.stringify(snapshot), fileName, bottomLine, record.id);
      count++;
    }
  }
  return count;
}

/** Whether a database (a backup, say) still holds any of the rows a purge removed. */
export function holdsAny(
  db: { prepare(sql: string): { get(...params: unknown[]): unknown } },
  targets: readonly PurgeTarget[],
): boolean {
  for (const { table, id } of targets) {
    if (db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id)) return true;
    if (db.prepare('SELECT 1 FROM history WHERE entity = ? AND entity_id = ?').get(table, id)) {
      return true;
    }
  }
  return false;
}

/** The rows a purge of `target` would remove (for finding them in backups before and after). */
export function purgeTargets(store: Store, target: PurgeTarget): PurgeTarget[] {
  return closure(store, target).order;
}
