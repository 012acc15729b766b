import type { ParsedOf } from '../../shared/contract';
import type { Round, RoundDetail } from '../../shared/domain';
import { getNegotiation } from '../db/queries/negotiations';
import { listRoundPositions } from '../db/queries/positions';
import { getRound, insertRound, roundWithSequence } from '../db/queries/rounds';
import type { Store } from '../db/store';
import { invalid, notFound } from './errors';

export function create(store: Store, input: ParsedOf<'rounds:create'>): Round {
  if (!getNegotiation(store, input.negotiationId)) {
    throw notFound('This negotiation', 'negotiationId');
  }
  if (roundWithSequence(store, input.negotiationId, input.sequence) !== undefined) {
    throw invalid('sequence', `Round ${input.sequence} already exists in this negotiation.`);
  }
  return store.write({ label: `Add round ${input.sequence}`, scopeId: input.negotiationId }, (w) =>
    insertRound(w, input),
  );
}

export function get(store: Store, id: number): RoundDetail {
  return store.read((db) => {
    const round = getRound(db, id);
    if (!round) throw notFound('This round', 'id');
    return { round, positions: listRoundPositions(db, id) };
  });
}
