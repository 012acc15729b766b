// The marking roll-up: one function decides how high every output must be marked — briefs,
// spreadsheets and negotiation files alike — from every piece of text it will contain. Each
// output lists what it contains as `MarkedItem`s; the floor is the highest of their markings
// and the negotiation's own, and the item that forces it is named, so an officer told "it cannot
// be marked lower" also learns why.
import type { Marking } from '../../shared/domain';
import { listMarkings } from '../db/queries/markings';
import type { Reader } from '../db/types';
import { invalid } from './errors';

/** Something an output contains, and the marking it carries. */
export interface MarkedItem {
  /** Null: the item has none of its own and carries the negotiation's. */
  markingId: number | null;
  /** What it is, in words, for the officer: 'source “Reuters & AP”'. */
  what: string;
}

export interface MarkingFloor {
  /** The lowest marking the output may carry. */
  marking: Marking;
  /** The item that forces it; null when nothing rises above the negotiation's own marking. */
  forcedBy: string | null;
}

export class MarkingScale {
  private readonly byId: Map<number, Marking>;
  private readonly lowest: Marking;

  constructor(
    markings: readonly Marking[],
    /** The negotiation's own marking, carried by items without one. */
    readonly defaultMarkingId: number,
  ) {
    this.byId = new Map(markings.map((m) => [m.id, m]));
    this.lowest = [...markings].sort((a, b) => a.rank - b.rank)[0]!;
  }

  static of(db: Reader, defaultMarkingId: number): MarkingScale {
    return new MarkingScale(listMarkings(db), defaultMarkingId);
  }

  /**
   * The marking an id stands for; null is the negotiation's own. An id this library does not
   * know (a snapshot from a database since changed) counts as the highest there is, never lower.
   */
  get(markingId: number | null): Marking {
    const id = markingId ?? this.defaultMarkingId;
    return this.byId.get(id) ?? this.top();
  }

  byLabel(label: string): Marking | undefined {
    return [...this.byId.values()].find((m) => m.label === label);
  }

  /** The most restrictive marking there is. */
  top(): Marking {
    return [...this.byId.values()].reduce((a, b) => (b.rank > a.rank ? b : a), this.lowest);
  }

  /** The floor of an output containing these items. */
  floor(items: Iterable<MarkedItem>): MarkingFloor {
    let floor: MarkingFloor = { marking: this.get(null), forcedBy: null };
    for (const item of items) {
      const marking = this.get(item.markingId);
      if (marking.rank > floor.marking.rank) floor = { marking, forcedBy: item.what };
    }
    return floor;
  }

  /**
   * The marking an officer chose, checked against the floor: a lower one is refused with the item
   * that forces it named. Null takes the floor itself.
   */
  choose(chosenId: number | null, floor: MarkingFloor, output: string): Marking {
    if (chosenId === null) return floor.marking;
    const chosen = this.byId.get(chosenId);
    if (!chosen) throw invalid('markingId', 'Choose a marking from the list.');
    if (chosen.rank < floor.marking.rank) {
      throw invalid(
        'markingId',
        `This ${output} contains ${floor.marking.label} material (${floor.forcedBy ?? 'the negotiation itself'}); it cannot be marked ${chosen.label}.`,
      );
    }
    return chosen;
  }
}

/** A position's, red line's or person's own marking, else the one of what it sits in. */
export const inherited = (own: number | null, ...parents: (number | null)[]): number | null =>
  own ?? parents.find((p) => p !== null) ?? null;

/** Every marking of the library, lowest first. */
export const list = (db: Reader) => listMarkings(db);
