import type { Round } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toBareItem, toColumns, type RowOf } from '../entities';

const toRound = (r: RowOf<'round'>, participantIds: number[]): Round => ({
  ...toBareItem('round', r),
  participantIds,
});

function participantsByRound(db: Reader, sql: string, id: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const row of db.all<{ round_id: number; person_id: number }>(sql, id)) {
    const list = map.get(row.round_id) ?? [];
    list.push(row.person_id);
    map.set(row.round_id, list);
  }
  return map;
}

export function listRounds(db: Reader, negotiationId: number): Round[] {
  const participants = participantsByRound(
    db,
    `SELECT rp.round_id, rp.person_id FROM round_participant rp
     JOIN round r ON r.id = rp.round_id WHERE r.negotiation_id = ? ORDER BY rp.id`,
    negotiationId,
  );
  return db
    .all<RowOf<'round'>>(
      'SELECT * FROM round WHERE negotiation_id = ? ORDER BY sequence',
      negotiationId,
    )
    .map((r) => toRound(r, participants.get(r.id) ?? []));
}

export function getRound(db: Reader, id: number): Round | undefined {
  const row = db.get<RowOf<'round'>>('SELECT * FROM round WHERE id = ?', id);
  if (!row) return undefined;
  const participants = participantsByRound(
    db,
    'SELECT round_id, person_id FROM round_participant WHERE round_id = ? ORDER BY id',
    id,
  );
  return toRound(row, participants.get(id) ?? []);
}

export function roundWithSequence(
  db: Reader,
  negotiationId: number,
  sequence: number,
): number | undefined {
  return db.get<{ id: number }>(
    'SELECT id FROM round WHERE negotiation_id = ? AND sequence = ?',
    negotiationId,
    sequence,
  )?.id;
}

/** The round just before `sequence` in the negotiation, if any. */
export function roundBefore(db: Reader, negotiationId: number, sequence: number) {
  return db.get<{ id: number; sequence: number }>(
    `SELECT id, sequence FROM round WHERE negotiation_id = ? AND sequence < ?
     ORDER BY sequence DESC LIMIT 1`,
    negotiationId,
    sequence,
  );
}

export type RoundValues = Omit<Round, 'id' | 'participantIds'>;

export function insertRound(w: Writer, values: Partial<RoundValues>): Round {
  return toRound(w.insert('round', toColumns('round', values)), []);
}

export function updateRound(w: Writer, id: number, patch: Partial<Round>): void {
  w.update('round', id, toColumns('round', patch));
}

/** Makes the round's participants exactly `personIds`, adding and removing rows as needed. */
export function setParticipants(w: Writer, roundId: number, personIds: number[]): void {
  const current = w.all<{ id: number; person_id: number }>(
    'SELECT id, person_id FROM round_participant WHERE round_id = ?',
    roundId,
  );
  const wanted = new Set(personIds);
  for (const row of current) if (!wanted.has(row.person_id)) w.remove('round_participant', row.id);
  const have = new Set(current.map((r) => r.person_id));
  for (const personId of personIds) {
    if (!have.has(personId))
      w.insert('round_participant', { round_id: roundId, person_id: personId });
  }
}
