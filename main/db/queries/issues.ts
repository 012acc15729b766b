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

export function issueWithTitle(db: Reader, negotiationId: number, title: string, exceptId = 0) {
  return db.get<{ id: number }>(
    'SELECT id FROM issue WHERE negotiation_id = ? AND title = ? COLLATE NOCASE AND id <> ?',
    negotiationId,
    title,
    exceptId,
  )?.id;
}

export function nextIssueOrder(db: Reader, negotiationId: number): number {
  return (
    db.get<{ n: number }>(
      'SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM issue WHERE negotiation_id = ?',
      negotiationId,
    )?.n ?? 1
  );
}

export function insertIssue(w: Writer, values: Omit<Issue, 'id'>): Issue {
  return toIssue(w.insert('issue', toColumns('issue', values)));
}

export function updateIssue(w: Writer, id: number, patch: Partial<Issue>): Issue {
  return toIssue(w.update('issue', id, toColumns('issue', patch)));
}
