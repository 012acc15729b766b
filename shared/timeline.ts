// Rounds and developments on one line of dates: the Timeline tab, the round page's "since the
// previous round", and the briefs all order them here, so they never disagree. Dates are fuzzy
// (shared/dates.ts): each item sorts by the earliest day its date can stand for, so "spring
// 2025" comes before "June 2025"; undated items go last.
import { fuzzyDateSortKey } from './dates';
import type { Development, Round } from './domain';

export type TimelineEntry =
  | { type: 'round'; key: string; round: Round }
  | { type: 'development'; key: string; development: Development };

/**
 * Rounds and developments in date order. On the same key a round comes first (a development
 * dated "early 2026" beside a round of "early 2026" is most often its aftermath), then rounds
 * by sequence and developments in the order they were recorded.
 */
export function timelineOf(rounds: readonly Round[], developments: readonly Development[]) {
  const entries: TimelineEntry[] = [
    ...rounds.map((round) => ({
      type: 'round' as const,
      key: fuzzyDateSortKey(round.startDate ?? round.endDate),
      round,
    })),
    ...developments.map((development) => ({
      type: 'development' as const,
      key: fuzzyDateSortKey(development.startDate ?? development.endDate),
      development,
    })),
  ];
  const tie = (e: TimelineEntry) =>
    e.type === 'round' ? [0, e.round.sequence] : [1, e.development.id];
  return entries.sort((a, b) => {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    const [ta, na] = tie(a);
    const [tb, nb] = tie(b);
    return ta! - tb! || na! - nb!;
  });
}

/** Developments in date order (undated last, then in the order they were recorded). */
export function byDate(developments: readonly Development[]): Development[] {
  return timelineOf([], developments).map((e) => (e as { development: Development }).development);
}

/**
 * The developments dated since the previous round and before this one begins: on or after the
 * day the previous round ended (or began, when its end is not recorded) and before this round's
 * first day. Without a previous round, everything before this one. Undated developments, and
 * any development when this round has no date, cannot be placed and are left out.
 */
export function developmentsBefore(
  developments: readonly Development[],
  round: Pick<Round, 'startDate' | 'endDate'>,
  previous: Pick<Round, 'startDate' | 'endDate'> | null,
): Development[] {
  const until = round.startDate ?? round.endDate;
  if (!until) return [];
  const to = fuzzyDateSortKey(until);
  const since = previous ? (previous.endDate ?? previous.startDate) : null;
  const from = since ? fuzzyDateSortKey(since) : '';
  return byDate(developments).filter((d) => {
    const when = d.startDate ?? d.endDate;
    if (!when) return false;
    const key = fuzzyDateSortKey(when);
    return key >= from && key < to;
  });
}
