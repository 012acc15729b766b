import type { Reader } from '../store';

// Which negotiation a row belongs to: changes are recorded (and undone) per negotiation.
const SCOPE_SQL = {
  negotiation: 'SELECT id AS n FROM negotiation WHERE id = ?',
  party: 'SELECT negotiation_id AS n FROM party WHERE id = ?',
  person:
    'SELECT p.negotiation_id AS n FROM person pe JOIN party p ON p.id = pe.party_id WHERE pe.id = ?',
  issue: 'SELECT negotiation_id AS n FROM issue WHERE id = ?',
  round: 'SELECT negotiation_id AS n FROM round WHERE id = ?',
  position:
    'SELECT r.negotiation_id AS n FROM position po JOIN round r ON r.id = po.round_id WHERE po.id = ?',
  red_line:
    'SELECT p.negotiation_id AS n FROM red_line rl JOIN party p ON p.id = rl.party_id WHERE rl.id = ?',
  source: 'SELECT negotiation_id AS n FROM source WHERE id = ?',
  citation:
    'SELECT s.negotiation_id AS n FROM citation c JOIN source s ON s.id = c.source_id WHERE c.id = ?',
} as const;

export type ScopedEntity = keyof typeof SCOPE_SQL;

/** The negotiation `entity` #`id` belongs to, or undefined when there is no such row. */
export function negotiationOf(db: Reader, entity: ScopedEntity, id: number): number | undefined {
  return db.get<{ n: number }>(SCOPE_SQL[entity], id)?.n;
}
