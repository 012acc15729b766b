import type { ParsedOf } from '../../shared/contract';
import type { Position } from '../../shared/domain';
import { issueNegotiationId } from '../db/queries/issues';
import { partyNegotiationId } from '../db/queries/parties';
import { insertPosition } from '../db/queries/positions';
import { getRound } from '../db/queries/rounds';
import type { Store } from '../db/store';
import { invalid, notFound } from './errors';

export function create(store: Store, input: ParsedOf<'positions:create'>): Position {
  const round = getRound(store, input.roundId);
  if (!round) throw notFound('This round', 'roundId');
  const partyNegotiation = partyNegotiationId(store, input.partyId);
  if (partyNegotiation === undefined) throw notFound('This party', 'partyId');
  if (partyNegotiation !== round.negotiationId) {
    throw invalid('partyId', 'This party belongs to another negotiation.');
  }
  const issueNegotiation = issueNegotiationId(store, input.issueId);
  if (issueNegotiation === undefined) throw notFound('This issue', 'issueId');
  if (issueNegotiation !== round.negotiationId) {
    throw invalid('issueId', 'This issue belongs to another negotiation.');
  }
  return store.write(
    { label: `Add position in round ${round.sequence}`, scopeId: round.negotiationId },
    (w) => insertPosition(w, { ...input, previousId: null }),
  );
}
