import type { Issue } from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';

interface IssueRow {
  id: number;
  negotiation_id: number;
  title: string;
  description: string;
  sort_order: number;
}

const toIssue = (r: IssueRow): Issue => ({
  id: r.id,
  negotiationId: r.negotiation_id,
  title: r.title,
  description: r.description,
  sortOrder: r.sort_order,
});

export function listIssues(db: Reader, negotiationId: number): Issue[] {
  return db
    .all<IssueRow>(
      'SELECT * FROM issue WHERE negotiation_id = ? ORDER BY sort_order, id',
      negotiationId,
    )
    .map(toIssue);
}

export function insertIssue(
  w: Writer,
  values: { negotiationId: number; title: string; description: string; sortOrder: number },
): Issue {
  const row = w.insert('issue', {
    negotiation_id: values.negotiationId,
    title: values.title,
    description: values.description,
    sort_order: values.sortOrder,
  });
  return toIssue(row as unknown as IssueRow);
}

export function issueNegotiationId(db: Reader, issueId: number): number | undefined {
  return db.get<{ negotiation_id: number }>(
    'SELECT negotiation_id FROM issue WHERE id = ?',
    issueId,
  )?.negotiation_id;
}
