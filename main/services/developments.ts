// Developments: dated events outside the formal rounds. The parties and issues they concern are
// checked to be this negotiation's own (an id from another negotiation is refused by name), and
// one change sets the row and its join rows, so one undo takes back both.
import type { ParsedOf } from '../../shared/contract';
import { endsBeforeStart } from '../../shared/dates';
import type { Development } from '../../shared/domain';
import {
  getDevelopment,
  insertDevelopment,
  setLinks,
  updateDevelopment,
} from '../db/queries/developments';
import type { Store } from '../db/store';
import type { Reader } from '../db/types';
import { quoted, requireIn, requireMarking, scopeOf } from './common';
import { invalid, notFound } from './errors';

function requireLinks(db: Reader, negotiationId: number, partyIds?: number[], issueIds?: number[]) {
  for (const id of partyIds ?? []) requireIn(db, negotiationId, 'party', id, 'partyIds');
  for (const id of issueIds ?? []) requireIn(db, negotiationId, 'issue', id, 'issueIds');
}

export function create(store: Store, input: ParsedOf<'developments:create'>): Development {
  const { partyIds, issueIds, ...values } = input;
  scopeOf(store, 'negotiation', values.negotiationId, 'negotiationId');
  requireLinks(store, values.negotiationId, partyIds, issueIds);
  requireMarking(store, values.markingId);
  return store.write(
    { label: `Add development ${quoted(values.title, 30)}`, scopeId: values.negotiationId },
    (w) => {
      const id = insertDevelopment(w, values);
      setLinks(w, 'development_party', id, partyIds);
      setLinks(w, 'development_issue', id, issueIds);
      return getDevelopment(w, id)!;
    },
  );
}

export function update(store: Store, input: ParsedOf<'developments:update'>): Development {
  const { id, partyIds, issueIds, ...patch } = input;
  const current = getDevelopment(store, id);
  if (!current) throw notFound('This development', 'id');
  // The schema checks the two dates when both are sent; one sent alone is checked against the
  // other as stored.
  const start = patch.startDate === undefined ? current.startDate : patch.startDate;
  const end = patch.endDate === undefined ? current.endDate : patch.endDate;
  if (start && end && endsBeforeStart(start, end)) {
    throw invalid(
      patch.endDate === undefined ? 'startDate' : 'endDate',
      patch.endDate === undefined
        ? 'The date is after the “Until” date.'
        : 'End date is before the start date.',
    );
  }
  requireLinks(store, current.negotiationId, partyIds, issueIds);
  requireMarking(store, patch.markingId);
  return store.write(
    { label: `Edit development ${quoted(current.title, 30)}`, scopeId: current.negotiationId },
    (w) => {
      updateDevelopment(w, id, patch);
      if (partyIds) setLinks(w, 'development_party', id, partyIds);
      if (issueIds) setLinks(w, 'development_issue', id, issueIds);
      return getDevelopment(w, id)!;
    },
  );
}

export function remove(store: Store, id: number): null {
  const current = getDevelopment(store, id);
  if (!current) throw notFound('This development', 'id');
  store.write(
    {
      label: `Delete development ${quoted(current.title, 30)}`,
      scopeId: current.negotiationId,
    },
    (w) => w.remove('development', id),
  );
  return null;
}
