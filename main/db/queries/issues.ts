import type { Issue } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toBareItem, toColumns, type RowOf } from '../entities';

const toIssue = (r: RowOf<'issue'>): Issue => toBareItem('issue', r);

export function listIssues(db: Reader, negotiationId: number): Issue[] {
  return db
    .all<RowOf<'issue'>>(
      'SELECT * FROM issue WHERE negotiation_id = ? ORDER BY sort_order, id',
      negotiationId,
    )
    .map(toIssue);
}

export function getIssue(db: Reader, id: number): Issue | undefined {
  const row = db.get<RowOf<'issue'>>('SELECT * FROM issue WHERE id = ?', id);
  return row && toIssue(row);
}

export function insertIssue(w: Writer, values: Omit<Issue, 'id'>): Issue {
  return toIssue(w.insert('issue', toColumns('issue', values)));
}

export function updateIssue(w: Writer, id: number, patch: Partial<Issue>): Issue {
  return toIssue(w.update('issue', id, toColumns('issue', patch)));
}
