import type { ParsedOf } from '../../shared/contract';
import type { Negotiation, NegotiationDetail, NegotiationSummary } from '../../shared/domain';
import { defaultPartyColour } from '../../shared/palette';
import { listIssues, insertIssue } from '../db/queries/issues';
import { listMarkings, markingExists } from '../db/queries/markings';
import { getNegotiation, insertNegotiation, listNegotiations } from '../db/queries/negotiations';
import { insertParty, listParties } from '../db/queries/parties';
import { listRounds } from '../db/queries/rounds';
import type { Store } from '../db/store';
import { invalid, notFound } from './errors';

export function list(store: Store): NegotiationSummary[] {
  return listNegotiations(store);
}

export function create(store: Store, input: ParsedOf<'negotiations:create'>): Negotiation {
  const markingId = input.markingId ?? listMarkings(store)[0]?.id ?? 1;
  if (!markingExists(store, markingId))
    throw invalid('markingId', 'Choose a marking from the list.');
  return store.write({ label: `Create negotiation “${input.title}”`, scopeId: null }, (w) => {
    const negotiation = insertNegotiation(w, {
      title: input.title,
      summary: input.summary,
      markingId,
    });
    input.parties.forEach((party, index) =>
      insertParty(w, {
        negotiationId: negotiation.id,
        name: party.name,
        shortCode: party.shortCode,
        role: party.role,
        colour: party.colour ?? defaultPartyColour(index),
        sortOrder: index + 1,
      }),
    );
    input.issues.forEach((issue, index) =>
      insertIssue(w, {
        negotiationId: negotiation.id,
        title: issue.title,
        description: issue.description ?? '',
        sortOrder: index + 1,
      }),
    );
    return negotiation;
  });
}

export function get(store: Store, id: number): NegotiationDetail {
  return store.read((db) => {
    const negotiation = getNegotiation(db, id);
    if (!negotiation) throw notFound('This negotiation', 'id');
    return {
      negotiation,
      parties: listParties(db, id),
      issues: listIssues(db, id),
      rounds: listRounds(db, id),
    };
  });
}
