import type { ParsedOf } from '../../shared/contract';
import { endsBeforeStart } from '../../shared/dates';
import { OPEN_POSITION_STATUSES, type Round, type RoundDetail } from '../../shared/domain';
import { assessmentsOfPosition } from '../db/queries/compare';
import { peopleIdsOf } from '../db/queries/parties';
import {
  insertPosition,
  listRoundPositions,
  openPositions,
  predecessorsInRound,
} from '../db/queries/positions';
import {
  getRound,
  insertRound,
  listRounds,
  roundBefore,
  roundWithSequence,
  setParticipants,
  updateRound,
} from '../db/queries/rounds';
import {
  insertLinkage,
  insertPackage,
  roundLinkages,
  roundPackages,
  setJoin,
} from '../db/queries/linkages';
import { citationsOfPosition, citationsOfLinkage, roundCitations } from '../db/queries/sources';
import type { Store } from '../db/store';
import type { Reader } from '../db/types';
import { quoted, requireMarking, scopeOf } from './common';
import { invalid, notFound } from './errors';

function requireFreeSequence(db: Reader, negotiationId: number, sequence: number, exceptId = 0) {
  const existing = roundWithSequence(db, negotiationId, sequence);
  if (existing !== undefined && existing !== exceptId) {
    throw invalid('sequence', `Round ${sequence} already exists in this negotiation.`);
  }
}

export function create(store: Store, input: ParsedOf<'rounds:create'>): Round {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  requireFreeSequence(store, input.negotiationId, input.sequence);
  return store.write({ label: `Add round ${input.sequence}`, scopeId: input.negotiationId }, (w) =>
    insertRound(w, input),
  );
}

/**
 * Starts a new round from an earlier one: every position still open there (on the table,
 * countered, tentatively agreed) is copied into the new round, linked to its predecessor, so
 * the officer edits only what changed. Linkages carry forward with their positions: each one
 * not withdrawn is copied (following its predecessor), naming the copies of the positions it
 * involved that were carried; a package is copied when at least two of its positions were.
 * One change: one undo removes the round and the copies.
 */
export function carryForward(store: Store, input: ParsedOf<'rounds:carryForward'>): Round {
  const { fromRoundId, keepCitations, ...values } = input;
  scopeOf(store, 'negotiation', values.negotiationId, 'negotiationId');
  const from = getRound(store, fromRoundId);
  if (!from) throw notFound('The round to carry forward from', 'fromRoundId');
  if (from.negotiationId !== values.negotiationId) {
    throw invalid('fromRoundId', 'That round belongs to another negotiation.');
  }
  requireFreeSequence(store, values.negotiationId, values.sequence);
  if (values.sequence <= from.sequence) {
    throw invalid('sequence', `The new round must come after round ${from.sequence}.`);
  }
  const carried = openPositions(store, fromRoundId, OPEN_POSITION_STATUSES);
  const linkages = roundLinkages(store, fromRoundId).filter((l) => l.status !== 'withdrawn');
  const packages = roundPackages(store, fromRoundId);
  return store.write(
    {
      label: `Start round ${values.sequence} from round ${from.sequence}`,
      scopeId: values.negotiationId,
    },
    (w) => {
      const round = insertRound(w, values);
      const copyOf = new Map<number, number>();
      for (const p of carried) {
        const copy = insertPosition(w, {
          roundId: round.id,
          partyId: p.partyId,
          issueId: p.issueId,
          text: p.text,
          kind: p.kind,
          status: p.status,
          movement: 'none',
          previousId: p.id,
          markingId: p.markingId,
          notes: p.notes,
        });
        copyOf.set(p.id, copy.id);
        // The officer's conflict judgements travel with the demand they were made on.
        for (const a of assessmentsOfPosition(w, p.id)) {
          w.insert('conflict_assessment', {
            position_id: copy.id,
            red_line_id: a.red_line_id,
            verdict: a.verdict,
            note: a.note,
          });
        }
        // What a position rests on still holds when it is carried: a carried demand without
        // its sources would read as unsourced in the next brief.
        if (keepCitations) {
          for (const c of citationsOfPosition(w, p.id)) {
            w.insert('citation', { source_id: c.source_id, position_id: copy.id, note: c.note });
          }
        }
      }
      const carriedIds = (ids: number[]) =>
        ids.flatMap((id) => (copyOf.has(id) ? [copyOf.get(id)!] : []));
      for (const { id, issueIds, positionIds, roundId: _r, ...l } of linkages) {
        const copy = insertLinkage(w, { ...l, roundId: round.id, previousId: id });
        setJoin(w, 'linkage_issue', copy, issueIds);
        setJoin(w, 'linkage_position', copy, carriedIds(positionIds));
        if (keepCitations) {
          for (const c of citationsOfLinkage(w, id)) {
            w.insert('citation', { source_id: c.source_id, linkage_id: copy, note: c.note });
          }
        }
      }
      for (const { id, positionIds, roundId: _r, ...k } of packages) {
        const positions = carriedIds(positionIds);
        if (positions.length < 2) continue;
        const copy = insertPackage(w, { ...k, roundId: round.id, previousId: id });
        setJoin(w, 'package_position', copy, positions);
      }
      return round;
    },
  );
}

export function get(store: Store, id: number): RoundDetail {
  return store.read((db) => {
    const round = getRound(db, id);
    if (!round) throw notFound('This round', 'id');
    return {
      round,
      positions: listRoundPositions(db, id),
      predecessors: predecessorsInRound(db, id),
      citations: roundCitations(db, id),
      previousRoundId: roundBefore(db, round.negotiationId, round.sequence)?.id ?? null,
      linkages: roundLinkages(db, id),
      packages: roundPackages(db, id),
    };
  });
}

export function update(store: Store, input: ParsedOf<'rounds:update'>): Round {
  const { id, participantIds, ...patch } = input;
  const round = getRound(store, id);
  if (!round) throw notFound('This round', 'id');
  if (patch.sequence !== undefined)
    requireFreeSequence(store, round.negotiationId, patch.sequence, id);
  const start = patch.startDate === undefined ? round.startDate : patch.startDate;
  const end = patch.endDate === undefined ? round.endDate : patch.endDate;
  if (start && end && endsBeforeStart(start, end)) {
    throw invalid(
      patch.endDate === undefined ? 'startDate' : 'endDate',
      patch.endDate === undefined
        ? 'Start date is after the end date.'
        : 'End date is before the start date.',
    );
  }
  requireMarking(store, patch.markingId);
  if (participantIds) {
    const people = peopleIdsOf(store, round.negotiationId);
    if (participantIds.some((p) => !people.has(p))) {
      throw invalid('participantIds', 'Participants must be people of this negotiation’s parties.');
    }
  }
  return store.write(
    { label: `Edit round ${round.sequence}`, scopeId: round.negotiationId },
    (w) => {
      updateRound(w, id, patch);
      if (participantIds) setParticipants(w, id, participantIds);
      return getRound(w, id)!;
    },
  );
}

export function remove(store: Store, id: number): null {
  const round = getRound(store, id);
  if (!round) throw notFound('This round', 'id');
  store.write(
    {
      label: `Delete round ${round.sequence} ${quoted(round.title, 30)}`,
      scopeId: round.negotiationId,
    },
    (w) => w.remove('round', id),
  );
  return null;
}

// Sequence numbers are unique per negotiation, so moved rounds pass through numbers above any
// real one before taking their new place. The history panel shows the net change.
const PARKING = 1_000_000;

/** Puts rounds in a new order, keeping the set of sequence numbers they use. */
export function reorder(store: Store, input: ParsedOf<'rounds:reorder'>): null {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  const rounds = listRounds(store, input.negotiationId);
  const current = rounds.map((r) => r.id);
  if (
    current.length !== input.ids.length ||
    [...current].sort().join() !== [...input.ids].sort().join()
  ) {
    throw invalid('ids', 'The new order must name each of the rounds exactly once.');
  }
  const sequences = rounds.map((r) => r.sequence);
  const bySequence = new Map(rounds.map((r) => [r.id, r.sequence]));
  const moves = input.ids
    .map((id, index) => ({ id, from: bySequence.get(id)!, to: sequences[index]! }))
    .filter((m) => m.from !== m.to);
  if (moves.length === 0) return null;
  store.write({ label: 'Reorder rounds', scopeId: input.negotiationId }, (w) => {
    moves.forEach((m, i) => w.update('round', m.id, { sequence: PARKING + i }));
    for (const m of moves) w.update('round', m.id, { sequence: m.to });
  });
  return null;
}
