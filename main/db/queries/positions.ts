import type {
  Movement,
  Position,
  PositionKind,
  PositionRef,
  PositionStatus,
} from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';
import { toColumns, type ColumnMap } from './columns';

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

const COLUMNS: ColumnMap<Position> = {
  roundId: 'round_id',
  partyId: 'party_id',
  issueId: 'issue_id',
  text: 'text',
  kind: 'kind',
  status: 'status',
  movement: 'movement',
  previousId: 'previous_id',
  markingId: 'marking_id',
  notes: 'notes',
  sortOrder: 'sort_order',
};

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

interface RefRow {
  id: number;
  round_id: number;
  sequence: number;
  title: string;
  text: string;
}

const toRef = (r: RefRow): PositionRef => ({
  id: r.id,
  roundId: r.round_id,
  roundSequence: r.sequence,
  roundTitle: r.title,
  text: r.text,
});

export function listRoundPositions(db: Reader, roundId: number): Position[] {
  return db
    .all<PositionRow>(
      'SELECT * FROM position WHERE round_id = ? ORDER BY issue_id, party_id, sort_order, id',
      roundId,
    )
    .map(toPosition);
}

export function getPosition(db: Reader, id: number): Position | undefined {
  const row = db.get<PositionRow>('SELECT * FROM position WHERE id = ?', id);
  return row && toPosition(row);
}

/** The predecessors of a round's positions, each with its round. */
export function predecessorsInRound(db: Reader, roundId: number): PositionRef[] {
  return db
    .all<RefRow>(
      `SELECT prev.id, prev.round_id, r.sequence, r.title, prev.text
       FROM position p JOIN position prev ON prev.id = p.previous_id
       JOIN round r ON r.id = prev.round_id
       WHERE p.round_id = ?`,
      roundId,
    )
    .map(toRef);
}

/** Positions a position may follow: same party and issue, in an earlier round. */
export function linkCandidates(db: Reader, position: Position, sequence: number): PositionRef[] {
  return db
    .all<RefRow>(
      `SELECT p.id, p.round_id, r.sequence, r.title, p.text
       FROM position p JOIN round r ON r.id = p.round_id
       WHERE p.party_id = ? AND p.issue_id = ? AND r.sequence < ?
         AND r.negotiation_id = (SELECT negotiation_id FROM round WHERE id = ?)
       ORDER BY r.sequence DESC, p.sort_order, p.id`,
      position.partyId,
      position.issueId,
      sequence,
      position.roundId,
    )
    .map(toRef);
}

export function openPositions(
  db: Reader,
  roundId: number,
  statuses: readonly string[],
): Position[] {
  return listRoundPositions(db, roundId).filter((p) => statuses.includes(p.status));
}

export type PositionValues = Omit<Position, 'id' | 'sortOrder' | 'createdAt' | 'updatedAt'>;

export function insertPosition(w: Writer, values: PositionValues): Position {
  const next = w.get<{ n: number }>(
    `SELECT IFNULL(MAX(sort_order), 0) + 1 AS n FROM position
     WHERE round_id = ? AND party_id = ? AND issue_id = ?`,
    values.roundId,
    values.partyId,
    values.issueId,
  );
  const row = w.insert('position', toColumns({ ...values, sortOrder: next?.n ?? 1 }, COLUMNS));
  return toPosition(row as unknown as PositionRow);
}

export function updatePosition(w: Writer, id: number, patch: Partial<Position>): Position {
  return toPosition(w.update('position', id, toColumns(patch, COLUMNS)) as unknown as PositionRow);
}
