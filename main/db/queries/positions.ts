import type { Position, PositionRef } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toColumns, toItem, type RowOf } from '../entities';

const toPosition = (r: RowOf<'position'>): Position => toItem('position', r);

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
    .all<RowOf<'position'>>(
      'SELECT * FROM position WHERE round_id = ? ORDER BY issue_id, party_id, sort_order, id',
      roundId,
    )
    .map(toPosition);
}

export function getPosition(db: Reader, id: number): Position | undefined {
  const row = db.get<RowOf<'position'>>('SELECT * FROM position WHERE id = ?', id);
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
  return toPosition(
    w.insert('position', toColumns('position', { ...values, sortOrder: next?.n ?? 1 })),
  );
}

export function updatePosition(w: Writer, id: number, patch: Partial<Position>): Position {
  return toPosition(w.update('position', id, toColumns('position', patch)));
}
