// Which changes a view cares about: main names the negotiation and the tables of every change
// (data:changed), and a view reloads only when that touches what it shows. Plain TypeScript, so
// it is unit-tested without a browser (test/unit/watch.test.ts).
import type { EventPayloads } from '../../../shared/contract';

/** What a view shows, so it reloads only for changes that touch it. */
export interface Watch {
  /** The negotiation it shows (changes inside others are ignored); omit for library views. */
  negotiationId?: () => number;
  /** The stored tables it reads (a change to none of them is ignored); omit for all. */
  tables?: readonly string[];
}

/** What a round's detail (rounds:get) and the comparisons built from rounds read. */
export const ROUND_TABLES = [
  'negotiation',
  'round',
  'position',
  'round_participant',
  'citation',
  'source',
  'party',
  'person',
  'issue',
  'red_line',
  'conflict_assessment',
  'linkage',
  'linkage_issue',
  'linkage_position',
  'package',
  'package_position',
] as const;

/** Whether a change (as main reports it) touches what a view watches. */
export function touches(change: EventPayloads['data:changed'], watch: Watch): boolean {
  if (change.tables === null) return true;
  if (
    watch.negotiationId !== undefined &&
    change.negotiationId !== null &&
    change.negotiationId !== watch.negotiationId()
  ) {
    return false;
  }
  return !watch.tables || change.tables.some((t) => watch.tables!.includes(t));
}
