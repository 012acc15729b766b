import { describeFuzzyDate } from '../../shared/dates';
import type { FieldChange, HistoryEntity, HistoryEntry } from '../../shared/domain';
import {
  CONFIDENCE_LABELS,
  MOVEMENT_LABELS,
  PARTY_ROLE_LABELS,
  POSITION_KIND_LABELS,
  POSITION_STATUS_LABELS,
  RED_LINE_STATUS_LABELS,
  ROUND_FORMAT_LABELS,
  SOURCE_KIND_LABELS,
} from '../../shared/labels';
import { historyForItem, namesFor, type HistoryRecord } from '../db/queries/history';
import type { Row, Store } from '../db/store';

const WHAT: Record<string, string> = {
  negotiation: 'Negotiation',
  party: 'Party',
  person: 'Person',
  issue: 'Issue',
  round: 'Round',
  round_participant: 'Participant',
  position: 'Position',
  red_line: 'Red line',
  source: 'Source',
  citation: 'Citation',
};

const LABELS: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  marking_id: 'Marking',
  name: 'Name',
  short_code: 'Short code',
  colour: 'Colour',
  role: 'Role',
  sort_order: 'Place in list',
  description: 'Description',
  sequence: 'Sequence',
  start_date: 'Start date',
  end_date: 'End date',
  date_note: 'Date note',
  location: 'Location',
  format: 'Format',
  channel: 'Channel or mediator',
  outcome: 'Outcome',
  next_steps: 'Next steps',
  text: 'Text',
  kind: 'Kind',
  status: 'Status',
  movement: 'Movement',
  previous_id: 'Follows',
  notes: 'Notes',
  declared_date: 'Declared',
  declared_by_person_id: 'Declared by',
  declared_by: 'Declared by (as written)',
  speaker: 'Speaker',
  said_date: 'Date said',
  outlet: 'Outlet or document',
  reference: 'URL or reference',
  quote: 'Quote',
  reliability: 'Reliability',
  confidence: 'Confidence',
  note: 'Pinpoint',
  party_id: 'Party',
  issue_id: 'Issue',
  person_id: 'Person',
  source_id: 'Source',
  round_id: 'Round',
  position_id: 'Position',
  red_line_id: 'Red line',
};

/** Bookkeeping columns that say nothing to the officer. */
const HIDDEN = new Set(['id', 'created_at', 'updated_at', 'negotiation_id']);

const ENUMS: Record<string, Record<string, string>> = {
  'party.role': PARTY_ROLE_LABELS,
  'round.format': ROUND_FORMAT_LABELS,
  'position.kind': POSITION_KIND_LABELS,
  'position.status': POSITION_STATUS_LABELS,
  'position.movement': MOVEMENT_LABELS,
  'red_line.status': RED_LINE_STATUS_LABELS,
  'source.kind': SOURCE_KIND_LABELS,
  'source.confidence': CONFIDENCE_LABELS,
};

const DATES = new Set(['start_date', 'end_date', 'declared_date', 'said_date']);

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
    const rows = groups.flatMap((g) => [g.first.before, g.last.after]);
    const parsed = rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Row);
    const ids = (column: string) =>
      parsed.map((r) => r[column]).filter((v): v is number => typeof v === 'number');
    const names = {
      party: namesFor(db, 'party', ids('party_id')),
      issue: namesFor(db, 'issue', ids('issue_id')),
      person: namesFor(db, 'person', [...ids('person_id'), ...ids('declared_by_person_id')]),
      marking: namesFor(db, 'marking', ids('marking_id')),
    };

    const show = (table: string, column: string, value: unknown): string => {
      if (value === null || value === undefined || value === '') return '—';
      if (typeof value === 'number') {
        if (column === 'party_id') return names.party.get(value) ?? `party #${value}`;
        if (column === 'issue_id') return names.issue.get(value) ?? `issue #${value}`;
        if (column === 'person_id' || column === 'declared_by_person_id') {
          return names.person.get(value) ?? `person #${value}`;
        }
        if (column === 'marking_id') return names.marking.get(value) ?? `marking #${value}`;
        if (column === 'previous_id') return `position #${value}`;
        return String(value);
      }
      const text = String(value);
      if (DATES.has(column)) return describeFuzzyDate(text);
      return ENUMS[`${table}.${column}`]?.[text] ?? text;
    };

    return groups.map(({ first, last }): HistoryEntry => {
      const before = first.before === null ? null : (JSON.parse(first.before) as Row);
      const after = last.after === null ? null : (JSON.parse(last.after) as Row);
      const op = before === null ? 'create' : after === null ? 'delete' : 'update';
      const columns = Object.keys(after ?? before ?? {}).filter((c) => !HIDDEN.has(c));
      const changes: FieldChange[] = columns
        .filter((c) =>
          op === 'update' ? before?.[c] !== after?.[c] : (after ?? before)?.[c] !== '',
        )
        .filter((c) => op === 'update' || c !== 'sort_order')
        .map((c) => ({
          field: c,
          label: LABELS[c] ?? c,
          before: before ? show(last.entity, c, before[c]) : '',
          after: after ? show(last.entity, c, after[c]) : '',
        }));
      const own = last.entity === entity && last.entity_id === id;
      const row = after ?? before ?? {};
      const subject = own
        ? ''
        : last.entity === 'round_participant'
          ? show('', 'person_id', row.person_id)
          : String(row.name ?? row.title ?? row.outlet ?? row.speaker ?? row.note ?? '');
      return {
        id: last.id,
        label: last.label,
        kind: last.kind,
        actor: last.actor,
        at: last.at,
        op,
        what: WHAT[last.entity] ?? last.entity,
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
