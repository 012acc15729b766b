import type { RedLine } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toColumns, toItem, type RowOf } from '../entities';

const toRedLine = (r: RowOf<'red_line'>): RedLine => toItem('red_line', r);

export function listRedLines(db: Reader, negotiationId: number): RedLine[] {
  return db
    .all<RowOf<'red_line'>>(
      `SELECT rl.* FROM red_line rl
       JOIN party p ON p.id = rl.party_id JOIN issue i ON i.id = rl.issue_id
       WHERE p.negotiation_id = ? ORDER BY p.sort_order, i.sort_order, rl.id`,
      negotiationId,
    )
    .map(toRedLine);
}

export function getRedLine(db: Reader, id: number): RedLine | undefined {
  const row = db.get<RowOf<'red_line'>>('SELECT * FROM red_line WHERE id = ?', id);
  return row && toRedLine(row);
}

export function insertRedLine(w: Writer, values: Omit<RedLine, 'id' | 'createdAt' | 'updatedAt'>) {
  return toRedLine(w.insert('red_line', toColumns('red_line', values)));
}

export function updateRedLine(w: Writer, id: number, patch: Partial<RedLine>): RedLine {
  return toRedLine(w.update('red_line', id, toColumns('red_line', patch)));
}
