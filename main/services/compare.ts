// The comparison views' logic: what moved between rounds, each demand's trajectory, where
// demands meet red lines, how a red line drifted. Loading is kept apart from the pure
// functions (build*, classify, markerOf, conflictPairs) that the unit tests exercise directly.
import type {
  ChangeKind,
  ComparisonRow,
  ConflictCounts,
  ConflictPair,
  Lineage,
  LinkageBrief,
  LinkageField,
  LinkageRow,
  PartyComparison,
  RedLineBrief,
  RedLineDrift,
  RedLineVersion,
  RoundComparison,
  RoundRef,
  Trajectory,
  TrajectoryCell,
  TrajectoryMarker,
  TrajectoryRow,
  Verdict,
} from '../../shared/compare';
import { CHANGE_KINDS } from '../../shared/compare';
import type { ParsedOf } from '../../shared/contract';
import { OPEN_POSITION_STATUSES, type PositionStatus } from '../../shared/domain';
import {
  activeRedLines,
  assessment,
  assessmentsForRound,
  excerpts as excerptsOf,
  latestRoundId,
  lineageChain,
  lineageMatches,
  redLineBrief,
  redLineHistory,
  roundPositions,
  roundRef,
  roundRefs,
  toBrief,
  gridPositions,
  gridWindow,
  type AssessmentRow,
  type PositionRow,
  type GridColumns,
  type WindowColumns,
} from '../db/queries/compare';
import { listIssues } from '../db/queries/issues';
import { roundLinkages } from '../db/queries/linkages';
import type { Linkage } from '../../shared/domain';
import { listParties } from '../db/queries/parties';
import { listSources, positionCitations } from '../db/queries/sources';
import type { Store } from '../db/store';
import type { Reader, Row } from '../db/types';
import { requireIn, scopeOf } from './common';
import { invalid, notFound } from './errors';
import { cachedWordDiff } from './textDiff';
import { linkageConflicts as conflictsOfLinkages } from '../../shared/linkages';

const isOpen = (status: PositionStatus) => OPEN_POSITION_STATUSES.includes(status);

/** The diff between two versions of a position, remembered by their ids and edit times. */
const positionDiff = (a: PositionRow, b: PositionRow) =>
  cachedWordDiff(`p${a.id}@${a.updated_at}|p${b.id}@${b.updated_at}`, a.text, b.text);

// Round against round

export function classify(from: { text: string } | null, to: { text: string } | null): ChangeKind {
  if (!from) return 'new';
  if (!to) return 'dropped';
  return from.text === to.text ? 'unchanged' : 'reworded';
}

/**
 * Rows for two rounds: each later position beside the earlier one it continues (through
 * lineage), earlier positions nobody continued as dropped, later ones with no ancestor as new.
 * Both lists arrive in display order; rows keep that order, dropped ones beside their issue
 * and party.
 */
export function buildComparison(
  from: RoundRef,
  to: RoundRef,
  fromRows: PositionRow[],
  toRows: PositionRow[],
  matches: { toId: number; fromId: number }[],
  order: { issue: Map<number, number>; party: Map<number, number> },
): Omit<RoundComparison, 'linkages'> {
  const ancestor = new Map(matches.map((m) => [m.toId, m.fromId]));
  const fromById = new Map(fromRows.map((r) => [r.id, r]));
  const continued = new Set(matches.map((m) => m.fromId));
  const rows: (ComparisonRow & { sort: number[] })[] = [];
  const sortKey = (r: PositionRow, within: number) => [
    order.issue.get(r.issue_id) ?? 0,
    order.party.get(r.party_id) ?? 0,
    within,
  ];

  toRows.forEach((to, index) => {
    const fromId = ancestor.get(to.id);
    const before = fromId === undefined ? null : (fromById.get(fromId) ?? null);
    const change = classify(before, to);
    rows.push({
      issueId: to.issue_id,
      partyId: to.party_id,
      from: before && toBrief(before),
      to: toBrief(to),
      change,
      diff: change === 'reworded' && before ? positionDiff(before, to) : null,
      statusChange:
        before && before.status !== to.status ? { from: before.status, to: to.status } : null,
      sort: sortKey(to, index),
    });
  });
  fromRows.forEach((before, index) => {
    if (continued.has(before.id)) return;
    rows.push({
      issueId: before.issue_id,
      partyId: before.party_id,
      from: toBrief(before),
      to: null,
      change: 'dropped',
      diff: null,
      statusChange: null,
      sort: sortKey(before, toRows.length + index),
    });
  });
  rows.sort(
    (a, b) => a.sort[0]! - b.sort[0]! || a.sort[1]! - b.sort[1]! || a.sort[2]! - b.sort[2]!,
  );

  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const row of rows) counts[row.change]++;
  return { from, to, rows: rows.map(({ sort: _sort, ...row }) => row), counts };
}

// Linkages, round against round

const linkageBrief = (l: Linkage): LinkageBrief => ({
  id: l.id,
  partyId: l.partyId,
  kind: l.kind,
  status: l.status,
  statement: l.statement,
  issueIds: l.issueIds,
  markingId: l.markingId,
});

const sameIssues = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length &&
  [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join();

/**
 * The two rounds' linkages side by side. A later linkage is matched to the earlier one it was
 * carried from (lineage); one entered afresh is matched to an unmatched earlier linkage of the
 * same party and kind on the same issues, since the officer recorded the same tie again. What is
 * left is added (later only) or dropped (earlier only); a matched pair whose kind, status,
 * statement or issues differ is changed.
 */
export function compareLinkages(
  fromList: readonly Linkage[],
  toList: readonly Linkage[],
  partyOrder: Map<number, number> = new Map(),
): LinkageRow[] {
  const fromById = new Map(fromList.map((l) => [l.id, l]));
  const taken = new Set<number>();
  const pairs: [Linkage | null, Linkage | null][] = [];
  const unmatched: Linkage[] = [];
  for (const to of toList) {
    const ancestor = to.previousId === null ? undefined : fromById.get(to.previousId);
    if (ancestor && !taken.has(ancestor.id)) {
      taken.add(ancestor.id);
      pairs.push([ancestor, to]);
    } else unmatched.push(to);
  }
  for (const to of unmatched) {
    const like = fromList.find(
      (f) =>
        !taken.has(f.id) &&
        f.partyId === to.partyId &&
        f.kind === to.kind &&
        sameIssues(f.issueIds, to.issueIds),
    );
    if (like) taken.add(like.id);
    pairs.push([like ?? null, to]);
  }
  for (const from of fromList) if (!taken.has(from.id)) pairs.push([from, null]);

  const rows = pairs.map(([from, to]): LinkageRow & { sort: number[] } => {
    const fields: LinkageField[] = [];
    if (from && to) {
      if (from.kind !== to.kind) fields.push('kind');
      if (from.status !== to.status) fields.push('status');
      if (from.statement !== to.statement) fields.push('statement');
      if (!sameIssues(from.issueIds, to.issueIds)) fields.push('issues');
    }
    const either = (to ?? from)!;
    return {
      change: !from ? 'added' : !to ? 'dropped' : fields.length ? 'changed' : 'unchanged',
      from: from && linkageBrief(from),
      to: to && linkageBrief(to),
      fields,
      diff:
        from && to && from.statement !== to.statement
          ? cachedWordDiff(`l${from.id}|l${to.id}`, from.statement, to.statement)
          : null,
      sort: [partyOrder.get(either.partyId) ?? 0, to ? 0 : 1, either.id],
    };
  });
  rows.sort(
    (a, b) => a.sort[0]! - b.sort[0]! || a.sort[1]! - b.sort[1]! || a.sort[2]! - b.sort[2]!,
  );
  return rows.map(({ sort: _sort, ...row }) => row);
}

function displayOrder(store: Reader, negotiationId: number) {
  const issue = new Map(listIssues(store, negotiationId).map((i, index) => [i.id, index]));
  const party = new Map(
    store
      .all<{ id: number }>(
        'SELECT id FROM party WHERE negotiation_id = ? ORDER BY sort_order, id',
        negotiationId,
      )
      .map((p, index) => [p.id, index]),
  );
  return { issue, party };
}

/** Compares two rounds of one negotiation; the earlier one (by sequence) is always `from`. */
export function rounds(store: Store, aId: number, bId: number): RoundComparison {
  return store.read((db) => {
    const a = roundRef(db, aId);
    if (!a) throw notFound('The first round', 'fromRoundId');
    const b = roundRef(db, bId);
    if (!b) throw notFound('The second round', 'toRoundId');
    if (a.negotiationId !== b.negotiationId) {
      throw invalid('toRoundId', 'Both rounds must belong to the same negotiation.');
    }
    if (a.id === b.id) throw invalid('toRoundId', 'Choose two different rounds to compare.');
    const [from, to] = a.sequence <= b.sequence ? [a, b] : [b, a];
    const strip = ({ negotiationId: _n, ...ref }: RoundRef & { negotiationId: number }) => ref;
    const order = displayOrder(db, from.negotiationId);
    return {
      ...buildComparison(
        strip(from),
        strip(to),
        roundPositions(db, from.id),
        roundPositions(db, to.id),
        lineageMatches(db, from.id, to.id),
        order,
      ),
      linkages: compareLinkages(roundLinkages(db, from.id), roundLinkages(db, to.id), order.party),
    };
  });
}

// Trajectory

export const EXCERPT_LENGTH = 120;

const MOVED: (TrajectoryMarker | null)[] = [null, 'hardened', 'softened'];

/**
 * A position's marker against its predecessor: new, the officer's hardened or softened, else
 * unchanged or reworded by the fingerprints of the two wordings.
 */
export function markerOf(
  previousId: number,
  movement: number,
  textHash: number,
  previousHash: number | undefined,
): TrajectoryMarker {
  if (previousId === 0) return 'new';
  return MOVED[movement] ?? (previousHash === textHash ? 'unchanged' : 'reworded');
}

/**
 * The trajectory grid: a row per issue and party, a cell per round with that party's first
 * position on the issue and its change marker; an empty cell right after an open position
 * that nothing continued reads 'dropped'. One pass over the positions' columns into flat
 * per-cell arrays (a large negotiation has a hundred thousand cells).
 *
 * Every round, or a window of them (`first`, `count`): then `positions` holds the window's
 * rounds and the one before it, and says itself what lies outside (WindowColumns), and the
 * rows' cells are the window's only.
 */
export function buildTrajectory(
  rounds: RoundRef[],
  issues: { id: number; title: string }[],
  parties: Trajectory['parties'],
  positions: GridColumns | WindowColumns,
  window: { first: number; count: number } = { first: 0, count: rounds.length },
): Trajectory {
  const { id, roundId, partyId, issueId, open, movement, previousId, sortOrder, textHash } =
    positions;
  const n = id.length;
  const nRounds = rounds.length;
  const nParties = parties.length;
  const roundIndex = new Map(rounds.map((r, i) => [r.id, i]));
  const issueIndex = new Map(issues.map((x, i) => [x.id, i]));
  const partyIndex = new Map(parties.map((x, i) => [x.id, i]));
  const { previousHashOf, isContinued } =
    'previousHash' in positions ? windowLookups(positions) : wholeLookups(positions);
  const cellCount = issues.length * nParties * nRounds;
  const first = new Int32Array(cellCount).fill(-1);
  const count = new Uint32Array(cellCount);
  const openEnd = new Uint8Array(cellCount);
  for (let k = 0; k < n; k++) {
    const ii = issueIndex.get(issueId[k]!);
    const pi = partyIndex.get(partyId[k]!);
    const ri = roundIndex.get(roundId[k]!);
    if (ii === undefined || pi === undefined || ri === undefined) continue;
    const c = (ii * nParties + pi) * nRounds + ri;
    count[c]!++;
    const best = first[c]!;
    if (
      best < 0 ||
      sortOrder[k]! < sortOrder[best]! ||
      (sortOrder[k] === sortOrder[best] && id[k]! < id[best]!)
    ) {
      first[c] = k;
    }
    if (open[k] && !isContinued(k)) openEnd[c] = 1;
  }
  const from = Math.max(0, Math.min(window.first, nRounds));
  const to = Math.min(nRounds, from + window.count);
  const rows: TrajectoryRow[] = [];
  issues.forEach((issue, ii) => {
    parties.forEach((party, pi) => {
      const base = (ii * nParties + pi) * nRounds;
      const cells: (TrajectoryCell | 'dropped' | null)[] = new Array(to - from);
      for (let ri = from; ri < to; ri++) {
        const k = first[base + ri]!;
        cells[ri - from] =
          k >= 0
            ? [
                id[k]!,
                markerOf(previousId[k]!, movement[k]!, textHash[k]!, previousHashOf(k)),
                count[base + ri]!,
              ]
            : ri > 0 && openEnd[base + ri - 1]
              ? 'dropped'
              : null;
      }
      rows.push({ issueId: issue.id, partyId: party.id, cells });
    });
  });
  return { rounds, issues, parties, first: from, rows, excerpts: {} };
}

/**
 * Every position is in hand: per position, by id, its wording's fingerprint and whether a
 * later one continues it. Typed arrays over the id range: a hundred thousand entries in a
 * Map cost far more.
 */
function wholeLookups({ id, previousId, textHash }: GridColumns) {
  const n = id.length;
  let low = Infinity;
  let high = -Infinity;
  for (let k = 0; k < n; k++) {
    if (id[k]! < low) low = id[k]!;
    if (id[k]! > high) high = id[k]!;
  }
  const span = n ? high - low + 1 : 0;
  const hashOf = new Float64Array(span).fill(-1);
  const continued = new Uint8Array(span);
  for (let k = 0; k < n; k++) {
    hashOf[id[k]! - low] = textHash[k]!;
    const previous = previousId[k]!;
    if (previous >= low && previous <= high) continued[previous - low] = 1;
  }
  return {
    previousHashOf(k: number): number | undefined {
      const at = previousId[k]! - low;
      return previousId[k]! > 0 && at >= 0 && at < span && hashOf[at]! >= 0
        ? hashOf[at]
        : undefined;
    },
    isContinued: (k: number) => continued[id[k]! - low] === 1,
  };
}

/** A window's positions carry what the others would have told (see gridWindow). */
function windowLookups({ previousHash, continued }: WindowColumns) {
  return {
    previousHashOf: (k: number) => (previousHash[k]! >= 0 ? previousHash[k] : undefined),
    isContinued: (k: number) => continued[k] === 1,
  };
}

/**
 * The trajectory of a negotiation (one party's, or all): every round, or a window of them —
 * the latest `latest`, or `count` from column `first` — so a grid reads only the columns in
 * view. With the first rows' wordings in the latest columns sent (`preload`).
 */
export function trajectory(
  store: Store,
  negotiationId: number,
  partyId: number | null,
  preload: { rows: number; rounds: number } = { rows: 0, rounds: 0 },
  window: { latest: number } | { first: number; count: number } | null = null,
): Trajectory {
  return store.read((db) => {
    scopeOf(db, 'negotiation', negotiationId, 'negotiationId');
    if (partyId !== null) requireIn(db, negotiationId, 'party', partyId, 'partyId');
    const parties = listParties(db, negotiationId)
      .filter((p) => partyId === null || p.id === partyId)
      .map(({ id, name, shortCode, colour, role }) => ({ id, name, shortCode, colour, role }));
    const issues = listIssues(db, negotiationId).map(({ id, title }) => ({ id, title }));
    const rounds = roundRefs(db, negotiationId);
    let grid: Trajectory;
    if (window === null) {
      grid = buildTrajectory(rounds, issues, parties, gridPositions(db, negotiationId, partyId));
    } else {
      const count = 'latest' in window ? window.latest : window.count;
      const first = Math.max(
        0,
        Math.min('latest' in window ? rounds.length - count : window.first, rounds.length),
      );
      // The round before the window too: an open position there may be dropped in its first.
      const read = rounds.slice(Math.max(0, first - 1), first + count).map((r) => r.id);
      grid = buildTrajectory(
        rounds,
        issues,
        parties,
        gridWindow(db, negotiationId, partyId, read),
        {
          first,
          count,
        },
      );
    }
    // The first rows' wordings, in the latest columns sent.
    const sent = grid.rows[0]?.cells.length ?? 0;
    const from = Math.max(0, sent - preload.rounds);
    const ids = grid.rows
      .slice(0, preload.rows)
      .flatMap((row) => row.cells.slice(from))
      .filter((cell): cell is TrajectoryCell => Array.isArray(cell))
      .map((cell) => cell[0]);
    return { ...grid, excerpts: excerptsOf(db, ids, EXCERPT_LENGTH) };
  });
}

/** The opening words of positions, for the trajectory cells in view. */
export function excerpts(store: Store, ids: number[]): Record<number, string> {
  return excerptsOf(store, ids, EXCERPT_LENGTH);
}

/** Every version of a demand across rounds, each diffed against the one before, with sources. */
export function lineage(store: Store, positionId: number): Lineage {
  return store.read((db) => {
    const negotiationId = scopeOf(db, 'position', positionId, 'positionId');
    const chain = lineageChain(db, positionId);
    const rounds = new Map(roundRefs(db, negotiationId).map((r) => [r.id, r]));
    const citations = positionCitations(
      db,
      chain.map((p) => p.id),
    );
    const cited = new Set(citations.map((c) => c.sourceId));
    return {
      partyId: chain[0]!.party_id,
      issueId: chain[0]!.issue_id,
      versions: chain.map((p, i) => ({
        round: rounds.get(p.round_id)!,
        position: { ...toBrief(p), notes: p.notes, previousId: p.previous_id },
        diff: i === 0 ? null : positionDiff(chain[i - 1]!, p),
        citations: citations.filter((c) => c.targetId === p.id),
      })),
      sources: listSources(db, negotiationId).filter((s) => cited.has(s.id)),
    };
  });
}

// Party against party

/**
 * Possible conflicts: each open demand set against every active red line another party holds
 * on the same issue, with the officer's verdict where there is one.
 */
export function conflictPairs(
  positions: {
    id: number;
    partyId: number;
    issueId: number;
    kind: string;
    status: PositionStatus;
  }[],
  redLines: RedLineBrief[],
  assessments: Pick<AssessmentRow, 'position_id' | 'red_line_id' | 'verdict' | 'note'>[],
): ConflictPair[] {
  const judged = new Map(assessments.map((a) => [`${a.position_id}:${a.red_line_id}`, a]));
  const pairs: ConflictPair[] = [];
  for (const p of positions) {
    if (p.kind !== 'demand' || !isOpen(p.status)) continue;
    for (const rl of redLines) {
      if (rl.status !== 'active' || rl.issueId !== p.issueId || rl.partyId === p.partyId) continue;
      const a = judged.get(`${p.id}:${rl.id}`);
      pairs.push({
        positionId: p.id,
        redLineId: rl.id,
        verdict: a?.verdict ?? null,
        note: a?.note ?? '',
      });
    }
  }
  return pairs;
}

export { linkageConflicts } from '../../shared/linkages';

export function countConflicts(pairs: ConflictPair[]): ConflictCounts {
  return {
    open: pairs.filter((p) => p.verdict === null).length,
    confirmed: pairs.filter((p) => p.verdict === 'conflicts').length,
    cleared: pairs.filter((p) => p.verdict === 'compatible').length,
  };
}

function roundConflicts(db: Reader, roundId: number, negotiationId: number) {
  const positions = roundPositions(db, roundId).map((p) => ({
    ...toBrief(p),
    partyId: p.party_id,
    issueId: p.issue_id,
  }));
  const redLines = activeRedLines(db, negotiationId);
  const pairs = conflictPairs(positions, redLines, assessmentsForRound(db, roundId));
  return { positions, redLines, pairs, counts: countConflicts(pairs) };
}

export function parties(store: Store, roundId: number): PartyComparison {
  return store.read((db) => {
    const round = roundRef(db, roundId);
    if (!round) throw notFound('This round', 'roundId');
    const { negotiationId, ...ref } = round;
    const conflicts = roundConflicts(db, roundId, negotiationId);
    const linkages = roundLinkages(db, roundId).map(linkageBrief);
    return {
      round: ref,
      ...conflicts,
      linkages,
      linkageConflicts: conflictsOfLinkages(linkages, conflicts.redLines),
    };
  });
}

/** The open-conflict figures of a negotiation's latest round (shown on its overview). */
export function latestConflicts(
  store: Reader,
  negotiationId: number,
): (ConflictCounts & { roundId: number }) | null {
  const roundId = latestRoundId(store, negotiationId);
  if (roundId === undefined) return null;
  return { roundId, ...roundConflicts(store, roundId, negotiationId).counts };
}

/** Records (or, with a null verdict, withdraws) the officer's judgement on a pair. */
export function assess(store: Store, input: ParsedOf<'conflicts:assess'>): ConflictPair {
  const negotiationId = scopeOf(store, 'position', input.positionId, 'positionId');
  requireIn(store, negotiationId, 'red_line', input.redLineId, 'redLineId');
  const position = store.get<{ party_id: number; issue_id: number }>(
    'SELECT party_id, issue_id FROM position WHERE id = ?',
    input.positionId,
  )!;
  const line = redLineBrief(store, input.redLineId)!;
  if (line.issueId !== position.issue_id || line.partyId === position.party_id) {
    throw invalid('redLineId', 'Only another party’s red line on the same issue can conflict.');
  }
  const existing = assessment(store, input.positionId, input.redLineId);
  const label: Record<Verdict | 'clear', string> = {
    conflicts: 'Mark as conflict',
    compatible: 'Mark as compatible',
    clear: 'Clear conflict judgement',
  };
  store.write({ label: label[input.verdict ?? 'clear'], scopeId: negotiationId }, (w) => {
    if (input.verdict === null) {
      if (existing) w.remove('conflict_assessment', existing.id);
      return;
    }
    const values: Row = { verdict: input.verdict, note: input.note };
    if (existing) w.update('conflict_assessment', existing.id, values);
    else {
      w.insert('conflict_assessment', {
        ...values,
        position_id: input.positionId,
        red_line_id: input.redLineId,
      });
    }
  });
  return {
    positionId: input.positionId,
    redLineId: input.redLineId,
    verdict: input.verdict,
    note: input.verdict === null ? '' : input.note,
  };
}

// Red-line drift

/**
 * A red line's wording and status over time: one version per recorded change of text, status
 * or declared date (edits of notes or marking alone are not drift), each diffed with the last.
 */
export function redLineDrift(store: Store, redLineId: number): RedLineDrift {
  return store.read((db) => {
    const redLine = redLineBrief(db, redLineId);
    if (!redLine) throw notFound('This red line', 'redLineId');
    const versions: RedLineVersion[] = [];
    for (const row of redLineHistory(db, redLineId)) {
      const after = JSON.parse(row.after) as {
        text: string;
        status: RedLineVersion['status'];
        declared_date: string | null;
      };
      const last = versions.at(-1);
      if (
        last &&
        last.text === after.text &&
        last.status === after.status &&
        last.declaredDate === after.declared_date
      ) {
        continue;
      }
      versions.push({
        at: row.at,
        actor: row.actor,
        text: after.text,
        status: after.status,
        declaredDate: after.declared_date,
        diff:
          last && last.text !== after.text
            ? cachedWordDiff(`rl${redLineId}@${last.at}|${row.at}`, last.text, after.text)
            : null,
      });
    }
    return { redLine, versions };
  });
}
