import type { Negotiation, NegotiationSummary } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toColumns, toItem, type RowOf } from '../entities';

const toNegotiation = (r: RowOf<'negotiation'>): Negotiation => toItem('negotiation', r);

export function listNegotiations(db: Reader): NegotiationSummary[] {
  const rows = db.all<
    RowOf<'negotiation'> & {
      party_count: number;
      issue_count: number;
      round_count: number;
      latest_round_date: string | null;
    }
  >(
    `SELECT n.*,
       (SELECT COUNT(*) FROM party p WHERE p.negotiation_id = n.id) AS party_count,
       (SELECT COUNT(*) FROM issue i WHERE i.negotiation_id = n.id) AS issue_count,
       (SELECT COUNT(*) FROM round r WHERE r.negotiation_id = n.id) AS round_count,
       (SELECT r.start_date FROM round r WHERE r.negotiation_id = n.id
          ORDER BY r.sequence DESC LIMIT 1) AS latest_round_date
     FROM negotiation n
     ORDER BY MAX(n.updated_at, IFNULL((SELECT MAX(c.at) FROM change_set c
                                        WHERE c.scope_id = n.id), '')) DESC,
              n.id DESC`,
  );
  return rows.map((r) => ({
    ...toNegotiation(r),
    partyCount: r.party_count,
    issueCount: r.issue_count,
    roundCount: r.round_count,
    latestRoundDate: r.latest_round_date,
  }));
}

export function getNegotiation(db: Reader, id: number): Negotiation | undefined {
  const row = db.get<RowOf<'negotiation'>>('SELECT * FROM negotiation WHERE id = ?', id);
  return row && toNegotiation(row);
}

export function insertNegotiation(
  w: Writer,
  values: { title: string; summary: string; markingId: number },
): Negotiation {
  return toNegotiation(w.insert('negotiation', toColumns('negotiation', values)));
}

export function updateNegotiation(w: Writer, id: number, patch: Partial<Negotiation>): Negotiation {
  return toNegotiation(w.update('negotiation', id, toColumns('negotiation', patch)));
}
