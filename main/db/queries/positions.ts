import type { Movement, Position, PositionKind, PositionStatus } from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';

interface PositionRow {
  id: number;
  round_id: number;
  party_id: number;
  issue_id: number;
  text: string;
  kind: PositionKind;
  status: PositionStatus;
  movement: Movement;
  previous_id: number | null;
  marking_id: number | null;
  notes: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

const toPosition = (r: PositionRow): Position => ({
  id: r.id,
  roundId: r.round_id,
  partyId: r.party_id,
  issueId: r.issue_id,
  text: r.text,
  kind: r.kind,
  status: r.status,
  movement: r.movement,
  previousId: r.previous_id,
  markingId: r.marking_id,
  notes: r.notes,
  sortOrder: r.sort_order,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listRoundPositions(db: Reader, roundId: number): Position[] {
  return db
    .all<PositionRow>(
      'SELECT * FROM position WHERE round_id = ? ORDER BY issue_id, party_id, sort_order, id',
      roundId,
    )
    .map(toPosition);
}

export interface PositionValues {
  roundId: number;
  partyId: number;
  issueId: number;
  text: string;
  kind: PositionKind;
  status: PositionStatus;
  movement: Movement;
  previousId: number | null;
}

export function insertPosition(w: Writer, v: PositionValues): Position {
  const next = w.get<{ n: number }>(
    `SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM position
     WHERE round_id = ? AND party_id = ? AND issue_id = ?`,
    v.roundId,
    v.partyId,
    v.issueId,
  );
  const row = w.insert('position', {
    round_id: v.roundId,
    party_id: v.partyId,
    issue_id: v.issueId,
    text: v.text,
    kind: v.kind,
    status: v.status,
    movement: v.movement,
    previous_id: v.previousId,
    sort_order: next?.n ?? 1,
  });
  return toPosition(row as unknown as PositionRow);
}
