import type { Reader } from '../types';

export function listSwitcherRows(db: Reader) {
  return {
    negotiations: db.all<{ id: number; title: string }>(
      'SELECT id, title FROM negotiation ORDER BY title COLLATE NOCASE',
    ),
    // Ordered by sequence so the last one seen per negotiation is its latest round.
    rounds: db.all<{ id: number; negotiation_id: number; sequence: number; title: string }>(
      'SELECT id, negotiation_id, sequence, title FROM round ORDER BY negotiation_id, sequence',
    ),
    issues: db.all<{ id: number; negotiation_id: number; title: string }>(
      'SELECT id, negotiation_id, title FROM issue ORDER BY negotiation_id, sort_order, id',
    ),
  };
}
