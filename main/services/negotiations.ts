import type { ParsedOf } from '../../shared/contract';
import type { Negotiation, NegotiationDetail, NegotiationSummary } from '../../shared/domain';
import { defaultPartyColour } from '../../shared/palette';
import { insertIssue, listIssues } from '../db/queries/issues';
import { listMarkings } from '../db/queries/markings';
import {
  getNegotiation,
  insertNegotiation,
  listNegotiations,
  updateNegotiation,
} from '../db/queries/negotiations';
import { insertParty, listParties } from '../db/queries/parties';
import { listRedLines } from '../db/queries/redLines';
import { listDevelopments } from '../db/queries/developments';
import { listDocuments } from '../db/queries/documents';
import { listRounds } from '../db/queries/rounds';
import { listSources, negotiationCitations } from '../db/queries/sources';
import type { Store } from '../db/store';
import type { Writer } from '../db/writer';
import { quoted, requireMarking, scopeOf } from './common';
import { latestConflicts } from './compare';
import { notFound } from './errors';

export function list(store: Store): NegotiationSummary[] {
  return listNegotiations(store);
}

/** Writes a negotiation with its parties and issues inside an open change. */
export function writeNegotiation(
  w: Writer,
  input: ParsedOf<'negotiations:create'>,
  markingId: number,
): Negotiation {
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
}

export function create(store: Store, input: ParsedOf<'negotiations:create'>): Negotiation {
  const markingId = input.markingId ?? listMarkings(store)[0]?.id ?? 1;
  requireMarking(store, markingId);
  return store.write({ label: `Create negotiation ${quoted(input.title)}`, scopeId: null }, (w) =>
    writeNegotiation(w, input, markingId),
  );
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
      redLines: listRedLines(db, id),
      developments: listDevelopments(db, id),
      sources: listSources(db, id),
      documents: listDocuments(db, id),
      citations: negotiationCitations(db, id),
      conflicts: latestConflicts(db, id),
    };
  });
}

export function update(store: Store, input: ParsedOf<'negotiations:update'>): Negotiation {
  const { id, ...patch } = input;
  scopeOf(store, 'negotiation', id);
  requireMarking(store, patch.markingId);
  return store.write({ label: 'Edit negotiation', scopeId: id }, (w) =>
    updateNegotiation(w, id, patch),
  );
}

/** Deletes a negotiation and everything in it, as one library-level change that can be undone. */
export function remove(store: Store, id: number): null {
  const negotiation = getNegotiation(store, id);
  if (!negotiation) throw notFound('This negotiation', 'id');
  store.write({ label: `Delete negotiation ${quoted(negotiation.title)}`, scopeId: null }, (w) =>
    w.remove('negotiation', id),
  );
  return null;
}
