// Linkages and packages: how a party ties issues together in a round, and which positions it
// offers or demands together. Everything they name must be the negotiation's own and, for
// positions, the round's own (an id from elsewhere is refused by field); one change sets the row
// and its join rows, so one undo takes back both.
import type { ParsedOf } from '../../shared/contract';
import type { Linkage, LinkageKind, Package } from '../../shared/domain';
import { LINKAGE_KIND_LABELS } from '../../shared/labels';
import {
  getLinkage,
  getPackage,
  insertLinkage,
  insertPackage,
  setJoin,
  updateLinkage,
  updatePackage,
} from '../db/queries/linkages';
import { getPosition } from '../db/queries/positions';
import { getRound } from '../db/queries/rounds';
import type { Store } from '../db/store';
import type { Reader } from '../db/types';
import { quoted, requireIn, requireMarking, scopeOf } from './common';
import { invalid, notFound } from './errors';

/** The fewest issues each kind ties: a refusal may stand on one issue; the others tie two. */
export const FEWEST_ISSUES: Record<LinkageKind, number> = {
  conditional: 2,
  exchange: 2,
  refusal: 1,
};

function requireIssues(kind: LinkageKind, issueIds: readonly number[]) {
  const fewest = FEWEST_ISSUES[kind];
  if (issueIds.length < fewest) {
    throw invalid(
      'issueIds',
      fewest === 1
        ? 'Choose the issue the refusal concerns.'
        : `A ${LINKAGE_KIND_LABELS[kind].toLowerCase()} linkage ties at least two issues: choose both.`,
    );
  }
}

/** Each position exists, is in this round, and (for a linkage) on one of the issues tied. */
function requirePositions(
  db: Reader,
  roundId: number,
  positionIds: readonly number[],
  check: { issueIds?: readonly number[]; partyId?: number },
) {
  for (const id of positionIds) {
    const position = getPosition(db, id);
    if (!position) throw notFound('A position', 'positionIds');
    if (position.roundId !== roundId) {
      throw invalid('positionIds', 'A position belongs to another round: choose this round’s.');
    }
    if (check.issueIds && !check.issueIds.includes(position.issueId)) {
      throw invalid(
        'positionIds',
        'A position is on an issue the linkage does not tie: add its issue, or leave it out.',
      );
    }
    if (check.partyId !== undefined && position.partyId !== check.partyId) {
      throw invalid('positionIds', 'A package holds only its own party’s positions.');
    }
  }
}

function roundScope(db: Reader, roundId: number): number {
  const round = getRound(db, roundId);
  if (!round) throw notFound('This round', 'roundId');
  return round.negotiationId;
}

// Linkages

export function createLinkage(store: Store, input: ParsedOf<'linkages:create'>): Linkage {
  const { issueIds, positionIds, ...values } = input;
  const negotiationId = roundScope(store, values.roundId);
  requireIn(store, negotiationId, 'party', values.partyId, 'partyId');
  for (const id of issueIds) requireIn(store, negotiationId, 'issue', id, 'issueIds');
  requireIssues(values.kind, issueIds);
  requirePositions(store, values.roundId, positionIds, { issueIds });
  requireMarking(store, values.markingId);
  return store.write(
    { label: `Add linkage ${quoted(values.statement, 30)}`, scopeId: negotiationId },
    (w) => {
      const id = insertLinkage(w, { ...values, previousId: null });
      setJoin(w, 'linkage_issue', id, issueIds);
      setJoin(w, 'linkage_position', id, positionIds);
      return getLinkage(w, id)!;
    },
  );
}

export function updateLinkageItem(store: Store, input: ParsedOf<'linkages:update'>): Linkage {
  const { id, issueIds, positionIds, ...patch } = input;
  const current = getLinkage(store, id);
  if (!current) throw notFound('This linkage', 'id');
  const negotiationId = scopeOf(store, 'linkage', id);
  if (patch.partyId !== undefined)
    requireIn(store, negotiationId, 'party', patch.partyId, 'partyId');
  for (const issue of issueIds ?? []) requireIn(store, negotiationId, 'issue', issue, 'issueIds');
  const issues = issueIds ?? current.issueIds;
  requireIssues(patch.kind ?? current.kind, issues);
  // Taking an issue away takes its positions with it, unless the same change names them.
  const positions = positionIds ?? current.positionIds;
  requirePositions(store, current.roundId, positionIds ?? [], { issueIds: issues });
  const kept = positionIds
    ? positions
    : positions.filter((p) => issues.includes(getPosition(store, p)!.issueId));
  requireMarking(store, patch.markingId);
  return store.write(
    { label: `Edit linkage ${quoted(current.statement, 30)}`, scopeId: negotiationId },
    (w) => {
      updateLinkage(w, id, patch);
      if (issueIds) setJoin(w, 'linkage_issue', id, issueIds);
      if (positionIds || kept.length !== positions.length) {
        setJoin(w, 'linkage_position', id, kept);
      }
      return getLinkage(w, id)!;
    },
  );
}

export function removeLinkage(store: Store, id: number): null {
  const current = getLinkage(store, id);
  if (!current) throw notFound('This linkage', 'id');
  store.write(
    {
      label: `Delete linkage ${quoted(current.statement, 30)}`,
      scopeId: scopeOf(store, 'linkage', id),
    },
    (w) => w.remove('linkage', id),
  );
  return null;
}

// Packages

function requirePackagePositions(ids: readonly number[]) {
  if (ids.length < 2) {
    throw invalid('positionIds', 'A package groups at least two positions: choose two or more.');
  }
}

export function createPackage(store: Store, input: ParsedOf<'packages:create'>): Package {
  const { positionIds, ...values } = input;
  const negotiationId = roundScope(store, values.roundId);
  requireIn(store, negotiationId, 'party', values.partyId, 'partyId');
  requirePackagePositions(positionIds);
  requirePositions(store, values.roundId, positionIds, { partyId: values.partyId });
  requireMarking(store, values.markingId);
  return store.write(
    { label: `Add package ${quoted(values.title, 30)}`, scopeId: negotiationId },
    (w) => {
      const id = insertPackage(w, { ...values, previousId: null });
      setJoin(w, 'package_position', id, positionIds);
      return getPackage(w, id)!;
    },
  );
}

export function updatePackageItem(store: Store, input: ParsedOf<'packages:update'>): Package {
  const { id, positionIds, ...patch } = input;
  const current = getPackage(store, id);
  if (!current) throw notFound('This package', 'id');
  const negotiationId = scopeOf(store, 'package', id);
  if (patch.partyId !== undefined)
    requireIn(store, negotiationId, 'party', patch.partyId, 'partyId');
  const positions = positionIds ?? current.positionIds;
  requirePackagePositions(positions);
  requirePositions(store, current.roundId, positions, {
    partyId: patch.partyId ?? current.partyId,
  });
  requireMarking(store, patch.markingId);
  return store.write(
    { label: `Edit package ${quoted(current.title, 30)}`, scopeId: negotiationId },
    (w) => {
      updatePackage(w, id, patch);
      if (positionIds) setJoin(w, 'package_position', id, positionIds);
      return getPackage(w, id)!;
    },
  );
}

export function removePackage(store: Store, id: number): null {
  const current = getPackage(store, id);
  if (!current) throw notFound('This package', 'id');
  store.write(
    {
      label: `Delete package ${quoted(current.title, 30)}`,
      scopeId: scopeOf(store, 'package', id),
    },
    (w) => w.remove('package', id),
  );
  return null;
}
