import type { RedLine, RedLineStatus } from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';
import { toColumns, type ColumnMap } from './columns';

interface RedLineRow {
  id: number;
  party_id: number;
  issue_id: number;
  text: string;
  declared_date: string | null;
  date_note: string;
  declared_by_person_id: number | null;
  declared_by: string;
  status: RedLineStatus;
  marking_id: number | null;
  notes: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS: ColumnMap<RedLine> = {
  partyId: 'party_id',
  issueId: 'issue_id',
  text: 'text',
  declaredDate: 'declared_date',
  dateNote: 'date_note',
  declaredByPersonId: 'declared_by_person_id',
  declaredBy: 'declared_by',
  status: 'status',
  markingId: 'marking_id',
  notes: 'notes',
};

const toRedLine = (r: RedLineRow): RedLine => ({
  id: r.id,
  partyId: r.party_id,
  issueId: r.issue_id,
  text: r.text,
  declaredDate: r.declared_date,
  dateNote: r.date_note,
  declaredByPersonId: r.declared_by_person_id,
  declaredBy: r.declared_by,
  status: r.status,
  markingId: r.marking_id,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listRedLines(db: Reader, negotiationId: number): RedLine[] {
  return db
    .all<RedLineRow>(
      `SELECT rl.* FROM red_line rl
       JOIN party p ON p.id = rl.party_id JOIN issue i ON i.id = rl.issue_id
       WHERE p.negotiation_id = ? ORDER BY p.sort_order, i.sort_order, rl.id`,
      negotiationId,
    )
    .map(toRedLine);
}

export function getRedLine(db: Reader, id: number): RedLine | undefined {
  const row = db.get<RedLineRow>('SELECT * FROM red_line WHERE id = ?', id);
  return row && toRedLine(row);
}

export function insertRedLine(w: Writer, values: Omit<RedLine, 'id' | 'createdAt' | 'updatedAt'>) {
  return toRedLine(w.insert('red_line', toColumns(values, COLUMNS)) as unknown as RedLineRow);
}

export function updateRedLine(w: Writer, id: number, patch: Partial<RedLine>): RedLine {
  return toRedLine(w.update('red_line', id, toColumns(patch, COLUMNS)) as unknown as RedLineRow);
}
