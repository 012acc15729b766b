import { describeFuzzyDate } from '../../shared/dates';
import type { FieldChange, HistoryEntity, HistoryEntry } from '../../shared/domain';
import { historyForItem, namesFor, type HistoryRecord } from '../db/queries/history';
import { ENTITIES, isTableName, word, type Column, type TableName } from '../db/entities';
import type { Store } from '../db/store';
import { redo as redoLast, stackState, undo as undoLast } from '../db/undo';
import type { Row } from '../db/types';

// What a row and its fields are called, how a value reads and which fields are bookkeeping all
// come from the registry (main/db/entities.ts): a new entity's history reads well unasked.

const columnOf = (table: string, column: string): Column<unknown> | undefined =>
  isTableName(table) ? ENTITIES[table].columns[column] : undefined;

/** Bookkeeping the officer never sees: ids, stamps, derived values, the negotiation it is in. */
const hidden = (table: string, column: string) => {
  const c = columnOf(table, column);
  return !c || c.label === '' || c.ref === 'negotiation';
};

/** A looked-up name, short enough for one line of the history panel. */
const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

interface Group {
  first: HistoryRecord;
  last: HistoryRecord;
}

/**
 * An item's history for the history panel: who did what when, and for each change the fields
 * that changed, old → new, in words. Several writes to one row within one action (a reorder
 * passes rows through temporary places) show as their net effect.
 */
export function forItem(store: Store, entity: HistoryEntity, id: number): HistoryEntry[] {
  return store.read((db) => {
    const records = historyForItem(db, entity, id);
    // Records come newest first; group per action and row, keeping the earliest and latest.
    const groups: Group[] = [];
    const index = new Map<string, Group>();
    for (const r of records) {
      const key = `${r.change_id}:${r.entity}:${r.entity_id}`;
      const group = index.get(key);
      if (group) group.first = r;
      else {
        const fresh = { first: r, last: r };
        index.set(key, fresh);
        groups.push(fresh);
      }
    }
    // The names of every row the values point to, per table pointed into. Each group's own
    // before and after: a create has no before, so a flat list of the non-null ones would
    // pair later groups with another group's values.
    const wanted = new Map<TableName | 'marking', number[]>();
    groups.forEach((g) => {
      for (const raw of [g.first.before, g.last.after]) {
        if (raw === null) continue;
        const values = JSON.parse(raw) as Row;
        for (const [column, value] of Object.entries(values)) {
          const ref = columnOf(g.last.entity, column)?.ref;
          if (ref && typeof value === 'number')
            wanted.set(ref, [...(wanted.get(ref) ?? []), value]);
        }
      }
    });
    const names = new Map([...wanted].map(([table, ids]) => [table, namesFor(db, table, ids)]));

    const show = (table: string, column: string, value: unknown): string => {
      if (value === null || value === undefined || value === '') return '—';
      const c = columnOf(table, column);
      if (typeof value === 'number') {
        if (!c?.ref) return String(value);
        const name = names.get(c.ref)?.get(value);
        return name ? short(name) : `${word(c.ref)} #${value}`;
      }
      const text = String(value);
      if (c?.kind === 'date') return describeFuzzyDate(text);
      return c?.values?.[text] ?? text;
    };

    return groups.map(({ first, last }): HistoryEntry => {
      const before = first.before === null ? null : (JSON.parse(first.before) as Row);
      const after = last.after === null ? null : (JSON.parse(last.after) as Row);
      const op = before === null ? 'create' : after === null ? 'delete' : 'update';
      const columns = Object.keys(after ?? before ?? {}).filter((c) => !hidden(last.entity, c));
      const changes: FieldChange[] = columns
        .filter((c) =>
          op === 'update' ? before?.[c] !== after?.[c] : (after ?? before)?.[c] !== '',
        )
        .filter((c) => op === 'update' || c !== 'sort_order')
        .map((c) => ({
          field: c,
          label: columnOf(last.entity, c)?.label ?? c,
          before: before ? show(last.entity, c, before[c]) : '',
          after: after ? show(last.entity, c, after[c]) : '',
        }));
      const own = last.entity === entity && last.entity_id === id;
      const row = after ?? before ?? {};
      const subject = own ? '' : nameOf(last.entity, row, show);
      return {
        id: last.id,
        label: last.label,
        kind: last.kind,
        actor: last.actor,
        at: last.at,
        op,
        what: isTableName(last.entity) ? ENTITIES[last.entity].display : last.entity,
        subject,
        changes,
        imported:
          last.imported_at === null
            ? null
            : {
                fileName: last.source_file ?? '',
                exportedBy: last.source_by ?? '',
                importedBy: last.imported_by ?? '',
                importedAt: last.imported_at,
              },
      };
    });
  });
}

/** What a row is called: its name column (a participant: the person's name), or its first text. */
function nameOf(
  table: string,
  row: Row,
  show: (table: string, column: string, value: unknown) => string,
): string {
  if (!isTableName(table)) return '';
  const { name, columns } = ENTITIES[table];
  const candidates = [name, ...Object.keys(columns).filter((c) => columns[c]!.kind === 'text')];
  const column = candidates.find((c) => c !== undefined && row[c] !== '' && row[c] !== undefined);
  return column ? show(table, column, row[column]) : '';
}

/** What undo and redo would do next in a negotiation (or the library, for null). */
export const state = (store: Store, scopeId: number | null) => stackState(store, scopeId);

/** Takes back the last change in a negotiation (or the library). */
export const undo = (store: Store, scopeId: number | null) => undoLast(store, scopeId);

/** Makes again the last change taken back. */
export const redo = (store: Store, scopeId: number | null) => redoLast(store, scopeId);
