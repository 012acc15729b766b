// What the positions and trajectory spreadsheets read (main/services/csv.ts).
import type { Reader } from '../types';

export interface PositionExportRow {
  round_sequence: number;
  round_title: string;
  start_date: string | null;
  end_date: string | null;
  party_name: string;
  party_code: string;
  issue_title: string;
  kind: string;
  status: string;
  movement: 'none' | 'hardened' | 'softened';
  previous_id: number | null;
  previous_sequence: number | null;
  same_text: number | null;
  text: string;
  notes: string;
  marking: string | null;
  marking_id: number | null;
  round_marking_id: number | null;
  /**
   * The most restricted marking among the sources it cites and their attached documents (null:
   * none above the default).
   */
  source_marking_id: number | null;
  sources: string | null;
}

/** Every position of a negotiation in reading order, with what a spreadsheet row shows. */
export function positionsForExport(db: Reader, negotiationId: number): PositionExportRow[] {
  return db.all<PositionExportRow>(
    `SELECT r.sequence AS round_sequence, r.title AS round_title, r.start_date, r.end_date,
            pa.name AS party_name, pa.short_code AS party_code, i.title AS issue_title,
            p.kind, p.status, p.movement, p.previous_id,
            pr.sequence AS previous_sequence,
            CASE WHEN prev.id IS NULL THEN NULL ELSE prev.text = p.text END AS same_text,
            p.text, p.notes,
            COALESCE(m.label, rm.label, nm.label) AS marking,
            p.marking_id, r.marking_id AS round_marking_id,
            (SELECT sm.id FROM citation c JOIN source s ON s.id = c.source_id
             JOIN marking sm ON sm.id = s.marking_id
               OR sm.id IN (SELECT d.marking_id FROM document d WHERE d.source_id = s.id)
             WHERE c.position_id = p.id ORDER BY sm.rank DESC LIMIT 1) AS source_marking_id,
            (SELECT group_concat(trim(s.speaker || ', ' || s.outlet || ', ' || IFNULL(s.said_date, ''), ', '), '; ')
             FROM citation c JOIN source s ON s.id = c.source_id WHERE c.position_id = p.id) AS sources
     FROM position p
     JOIN round r ON r.id = p.round_id
     JOIN negotiation n ON n.id = r.negotiation_id
     JOIN party pa ON pa.id = p.party_id
     JOIN issue i ON i.id = p.issue_id
     LEFT JOIN position prev ON prev.id = p.previous_id
     LEFT JOIN round pr ON pr.id = prev.round_id
     LEFT JOIN marking m ON m.id = p.marking_id
     LEFT JOIN marking rm ON rm.id = r.marking_id
     LEFT JOIN marking nm ON nm.id = n.marking_id
     WHERE r.negotiation_id = ?
     ORDER BY r.sequence, i.sort_order, i.id, pa.sort_order, pa.id, p.sort_order, p.id`,
    negotiationId,
  );
}

/** The full wording of the given positions. */
export function positionTexts(db: Reader, ids: number[]): Map<number, string> {
  const rows = db.all<{ id: number; text: string }>(
    'SELECT id, text FROM position WHERE id IN (SELECT value FROM json_each(?))',
    JSON.stringify(ids),
  );
  return new Map(rows.map((r) => [r.id, r.text]));
}
