import type { ParsedOf } from '../../shared/contract';
import type { Position, PositionRef } from '../../shared/domain';
import {
  getPosition,
  insertPosition,
  linkCandidates as candidatesOf,
  updatePosition,
} from '../db/queries/positions';
import { getRound } from '../db/queries/rounds';
import type { Store } from '../db/store';
import { requireIn, requireMarking } from './common';
import { invalid, notFound } from './errors';

export function create(store: Store, input: ParsedOf<'positions:create'>): Position {
  const round = getRound(store, input.roundId);
  if (!round) throw notFound('This round', 'roundId');
  requireIn(store, round.negotiationId, 'party', input.partyId, 'partyId');
  requireIn(store, round.negotiationId, 'issue', input.issueId, 'issueId');
  requireMarking(store, input.markingId);
  return store.write(
    { label: `Add position in round ${round.sequence}`, scopeId: round.negotiationId },
    (w) => insertPosition(w, { ...input, previousId: null }),
  );
}

function positionAndRound(store: Store, id: number) {
  const position = getPosition(store, id);
  if (!position) throw notFound('This position', 'id');
  const round = getRound(store, position.roundId)!;
  return { position, round };
}

export function update(store: Store, input: ParsedOf<'positions:update'>): Position {
  const { id, ...patch } = input;
  const { round } = positionAndRound(store, id);
  requireMarking(store, patch.markingId);
  return store.write(
    { label: `Edit position in round ${round.sequence}`, scopeId: round.negotiationId },
    (w) => updatePosition(w, id, patch),
  );
}

export function remove(store: Store, id: number): null {
  const { round } = positionAndRound(store, id);
  store.write(
    { label: `Delete position in round ${round.sequence}`, scopeId: round.negotiationId },
    (w) => w.remove('position', id),
  );
  return null;
}

export function linkCandidates(store: Store, id: number): PositionRef[] {
  const { position, round } = positionAndRound(store, id);
  return candidatesOf(store, position, round.sequence);
}

/** Links a position to the same demand in an earlier round, or (null) unlinks it. */
export function link(store: Store, input: ParsedOf<'positions:link'>): Position {
  const { position, round } = positionAndRound(store, input.id);
  if (input.previousId !== null) {
    const allowed = candidatesOf(store, position, round.sequence).some(
      (c) => c.id === input.previousId,
    );
    if (!allowed) {
      throw invalid(
        'previousId',
        'A position can only follow a position of the same party on the same issue in an earlier round.',
      );
    }
  }
  return store.write(
    {
      label: input.previousId === null ? 'Unlink position' : 'Link position to an earlier one',
      scopeId: round.negotiationId,
    },
    (w) => updatePosition(w, input.id, { previousId: input.previousId }),
  );
}
