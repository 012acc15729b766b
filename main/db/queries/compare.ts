import type { PositionBrief, RedLineBrief, RoundRef } from '../../../shared/compare';
import {
  OPEN_POSITION_STATUSES,
  type Movement,
  type PositionKind,
  type PositionStatus,
  type RedLineStatus,
} from '../../../shared/domain';
import type { Reader } from '../types';

export interface PositionRow {
  id: number;
  round_id: number;
  party_id: number;
  issue_id: number;
  text: string;
  kind: PositionKind;
  status: PositionStatus;
  movement: Movement;
  previous_id: number | null;
  marking_id: number | null;
  notes: string;
  updated_at: string;
}

export const toBrief = (r: PositionRow): PositionBrief => ({
  id: r.id,
  text: r.text,
  kind: r.kind,
  status: r.status,
  movement: r.movement,
  markingId: r.marking_id,
});

export function roundRef(
  db: Reader,
  id: number,
): (RoundRef & { negotiationId: number }) | undefined {
  return db.get<RoundRef & { negotiationId: number }>(
    `SELECT id, sequence, title, start_date AS startDate, negotiation_id AS negotiationId
     FROM round WHERE id = ?`,
    id,
  );
}

export function roundRefs(db: Reader, negotiationId: number): RoundRef[] {
  return db.all<RoundRef>(
    `SELECT id, sequence, title, start_date AS startDate FROM round
     WHERE negotiation_id = ? ORDER BY sequence`,
    negotiationId,
  );
}

/** A round's positions in display order: issue order, then party order, then their own. */
export function roundPositions(db: Reader, roundId: number): PositionRow[] {
  return db.all<PositionRow>(
    `SELECT p.id, p.round_id, p.party_id, p.issue_id, p.text, p.kind, p.status, p.movement,
            p.previous_id, p.marking_id, p.notes, p.updated_at
     FROM position p JOIN issue i ON i.id = p.issue_id JOIN party pa ON pa.id = p.party_id
     WHERE p.round_id = ?
     ORDER BY i.sort_order, i.id, pa.sort_order, pa.id, p.sort_order, p.id`,
    roundId,
  );
}

/**
 * Pairs each position of the later round with its ancestor in the earlier round, following
 * lineage links back through any rounds in between.
 */
export function lineageMatches(
  db: Reader,
  fromRoundId: number,
  toRoundId: number,
): { toId: number; fromId: number }[] {
  return db.all<{ toId: number; fromId: number }>(
    `WITH RECURSIVE walk(to_id, at_id) AS (
       SELECT id, previous_id FROM position WHERE round_id = ? AND previous_id IS NOT NULL
       UNION ALL
       SELECT w.to_id, p.previous_id FROM walk w JOIN position p ON p.id = w.at_id
       WHERE p.round_id <> ? AND p.previous_id IS NOT NULL
         AND (SELECT sequence FROM round WHERE id = p.round_id)
           > (SELECT sequence FROM round WHERE id = ?)
     )
     SELECT w.to_id AS toId, w.at_id AS fromId FROM walk w
     JOIN position p ON p.id = w.at_id WHERE p.round_id = ?`,
    toRoundId,
    fromRoundId,
    fromRoundId,
    fromRoundId,
  );
}

/**
 * The positions of a grid, as columns: one array of numbers per field, the k-th entry of each
 * for the k-th position, in no particular order.
 */
export interface GridColumns {
  id: number[];
  roundId: number[];
  partyId: number[];
  issueId: number[];
  /** 1 when the position is still in play (an open status), else 0. */
  open: number[];
  /** The officer's judgement: 0 none, 1 hardened, 2 softened. */
  movement: number[];
  /** The predecessor's id; 0 for none. */
  previousId: number[];
  sortOrder: number[];
  /** Fingerprint of the wording. */
  textHash: number[];
}

const OPEN_STATUSES = OPEN_POSITION_STATUSES.map((s) => `'${s}'`).join(', ');

/** Each grid column as one JSON array of numbers, from the covering index (see gridPositions). */
const GRID_COLUMNS = `json_group_array(p.id) AS id,
            json_group_array(p.round_id) AS roundId,
            json_group_array(p.party_id) AS partyId,
            json_group_array(p.issue_id) AS issueId,
            json_group_array(p.status IN (${OPEN_STATUSES})) AS open,
            json_group_array(CASE p.movement WHEN 'hardened' THEN 1 WHEN 'softened' THEN 2 ELSE 0 END)
              AS movement,
            json_group_array(IFNULL(p.previous_id, 0)) AS previousId,
            json_group_array(p.sort_order) AS sortOrder,
            json_group_array(p.text_hash) AS textHash`;

/** The JSON arrays of a grid reading, parsed. */
function parseColumns<K extends string>(row: Record<K, string>): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (const column of Object.keys(row) as K[]) out[column] = JSON.parse(row[column]) as number[];
  return out;
}

/**
 * Every position of the negotiation (of one party, or all), reduced to what a grid cell needs.
 * **Important**: tens of thousands of rows. They are read from one covering index
 * (position_grid) without touching the rows themselves, and SQLite builds each column as one
 * JSON array of numbers, which V8 parses into a packed array of numbers: no object or array
 * per position at all, so the cost stays in proportion to the positions. (A tuple per position
 * cost the garbage collector more the larger the negotiation: 6× the time for 5× the rows.)
 */
export function gridPositions(
  db: Reader,
  negotiationId: number,
  partyId: number | null,
): GridColumns {
  const row = db.get<Record<keyof GridColumns, string>>(
    `SELECT ${GRID_COLUMNS}
     FROM position p INDEXED BY position_grid
     WHERE p.round_id IN (SELECT id FROM round WHERE negotiation_id = ?)
       AND (? IS NULL OR p.party_id = ?)`,
    negotiationId,
    partyId,
    partyId,
  )!;
  return parseColumns(row);
}

/** What a window of the grid needs beyond its own positions (see gridWindow). */
export interface WindowColumns extends GridColumns {
  /** The predecessor's fingerprint; -1 for none (the predecessor may lie before the window). */
  previousHash: number[];
  /** 1 when a later position continues this one (it may lie after the window), else 0. */
  continued: number[];
}

/**
 * The positions of some rounds only (the columns in view), with what the whole-negotiation
 * reading learns from the others: each predecessor's fingerprint (for the change marker) and
 * whether anything continues a position (for the "dropped" cell after it). Each is one
 * lookup by key, so the cost follows the window, not the negotiation: a huge negotiation's
 * three hundred rounds cost what its latest dozen do.
 */
export function gridWindow(
  db: Reader,
  negotiationId: number,
  partyId: number | null,
  roundIds: number[],
): WindowColumns {
  const row = db.get<Record<keyof WindowColumns, string>>(
    `SELECT ${GRID_COLUMNS},
            json_group_array(EXISTS (SELECT 1 FROM position c WHERE c.previous_id = p.id))
              AS continued
     FROM position p INDEXED BY position_grid
     WHERE p.round_id IN (SELECT r.id FROM round r, json_each(?) w
                          WHERE r.id = w.value AND r.negotiation_id = ?)
       AND (? IS NULL OR p.party_id = ?)`,
    JSON.stringify(roundIds),
    negotiationId,
    partyId,
    partyId,
  )!;
  const out = parseColumns(row) as WindowColumns;
  // A predecessor is nearly always in the window or the round before it, both read: only one
  // further back (a lineage that skipped rounds) is looked up, as the row itself is large.
  const hashOf = new Map(out.id.map((id, k) => [id, out.textHash[k]!]));
  const away = out.previousId.filter((id) => id > 0 && !hashOf.has(id));
  if (away.length > 0) {
    for (const { id, hash } of db.all<{ id: number; hash: number }>(
      `SELECT id, text_hash AS hash FROM position WHERE id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(away),
    )) {
      hashOf.set(id, hash);
    }
  }
  out.previousHash = out.previousId.map((id) => (id > 0 ? (hashOf.get(id) ?? -1) : -1));
  return out;
}

/** The opening words of the given positions, for the grid cells in view. */
export function excerpts(db: Reader, ids: number[], length: number): Record<number, string> {
  const out: Record<number, string> = {};
  if (ids.length === 0) return out;
  const rows = db.all<{ id: number; excerpt: string }>(
    `SELECT id, substr(text, 1, ${length}) AS excerpt FROM position
     WHERE id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  for (const row of rows) out[row.id] = row.excerpt;
  return out;
}

/** A position's chain: its ancestors, itself and its first successors, oldest first. */
export function lineageChain(db: Reader, positionId: number): PositionRow[] {
  const back = db.all<PositionRow & { depth: number }>(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT ?, 0
       UNION ALL
       SELECT p.previous_id, up.depth + 1 FROM up JOIN position p ON p.id = up.id
       WHERE p.previous_id IS NOT NULL AND up.depth < 10000
     )
     SELECT p.*, up.depth FROM up JOIN position p ON p.id = up.id ORDER BY up.depth DESC`,
    positionId,
  );
  const forward = db.all<PositionRow & { depth: number }>(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT (SELECT MIN(id) FROM position WHERE previous_id = ?), 1
       UNION ALL
       SELECT (SELECT MIN(id) FROM position WHERE previous_id = down.id), down.depth + 1
       FROM down WHERE down.id IS NOT NULL AND down.depth < 10000
     )
     SELECT p.*, down.depth FROM down JOIN position p ON p.id = down.id ORDER BY down.depth`,
    positionId,
  );
  return [...back, ...forward];
}

interface RedLineRow {
  id: number;
  party_id: number;
  issue_id: number;
  text: string;
  status: RedLineStatus;
  declared_date: string | null;
}

export const toRedLineBrief = (r: RedLineRow): RedLineBrief => ({
  id: r.id,
  partyId: r.party_id,
  issueId: r.issue_id,
  text: r.text,
  status: r.status,
  declaredDate: r.declared_date,
});

export function activeRedLines(db: Reader, negotiationId: number): RedLineBrief[] {
  return db
    .all<RedLineRow>(
      `SELECT rl.* FROM red_line rl JOIN party p ON p.id = rl.party_id
       JOIN issue i ON i.id = rl.issue_id
       WHERE p.negotiation_id = ? AND rl.status = 'active'
       ORDER BY i.sort_order, p.sort_order, rl.id`,
      negotiationId,
    )
    .map(toRedLineBrief);
}

export function redLineBrief(db: Reader, id: number): RedLineBrief | undefined {
  const row = db.get<RedLineRow>('SELECT * FROM red_line WHERE id = ?', id);
  return row && toRedLineBrief(row);
}

export interface AssessmentRow {
  id: number;
  position_id: number;
  red_line_id: number;
  verdict: 'conflicts' | 'compatible';
  note: string;
}

export function assessmentsForRound(db: Reader, roundId: number): AssessmentRow[] {
  return db.all<AssessmentRow>(
    `SELECT a.* FROM conflict_assessment a JOIN position p ON p.id = a.position_id
     WHERE p.round_id = ?`,
    roundId,
  );
}

export function assessmentsOfPosition(db: Reader, positionId: number): AssessmentRow[] {
  return db.all<AssessmentRow>(
    'SELECT * FROM conflict_assessment WHERE position_id = ? ORDER BY id',
    positionId,
  );
}

export function assessment(db: Reader, positionId: number, redLineId: number) {
  return db.get<AssessmentRow>(
    'SELECT * FROM conflict_assessment WHERE position_id = ? AND red_line_id = ?',
    positionId,
    redLineId,
  );
}

/** The recorded versions of a red line: every history row that created or changed it. */
export function redLineHistory(db: Reader, id: number) {
  return db.all<{ at: string; actor: string; after: string }>(
    `SELECT h.at, c.actor, h.after FROM history h JOIN change_set c ON c.id = h.change_id
     WHERE h.entity = 'red_line' AND h.entity_id = ? AND h.after IS NOT NULL ORDER BY h.id`,
    id,
  );
}

/** The latest round of a negotiation, if it has any. */
export function latestRoundId(db: Reader, negotiationId: number): number | undefined {
  return db.get<{ id: number }>(
    'SELECT id FROM round WHERE negotiation_id = ? ORDER BY sequence DESC LIMIT 1',
    negotiationId,
  )?.id;
}

/**
 * The most restricted position of a negotiation (its own marking, else its round's), for an
 * output that tells of every position without printing them (the overview's trajectory).
 */
export function highestMarkedPosition(
  db: Reader,
  negotiationId: number,
): { markingId: number; partyId: number; issueId: number; sequence: number } | undefined {
  return db.get(
    `SELECT m.id AS markingId, p.party_id AS partyId, p.issue_id AS issueId, r.sequence
     FROM position p JOIN round r ON r.id = p.round_id
     JOIN marking m ON m.id = COALESCE(p.marking_id, r.marking_id)
     WHERE r.negotiation_id = ?
     ORDER BY m.rank DESC, r.sequence LIMIT 1`,
    negotiationId,
  );
}
