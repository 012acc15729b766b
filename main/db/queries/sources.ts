import type {
  Citation,
  CitationTargetType,
  Confidence,
  Reliability,
  Source,
  SourceKind,
} from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';
import { toColumns, type ColumnMap } from './columns';

interface SourceRow {
  id: number;
  negotiation_id: number;
  kind: SourceKind;
  speaker: string;
  said_date: string | null;
  date_note: string;
  outlet: string;
  reference: string;
  quote: string;
  reliability: Reliability | null;
  confidence: Confidence | null;
  marking_id: number | null;
  notes: string;
  citation_count?: number;
}

const COLUMNS: ColumnMap<Source> = {
  negotiationId: 'negotiation_id',
  kind: 'kind',
  speaker: 'speaker',
  saidDate: 'said_date',
  dateNote: 'date_note',
  outlet: 'outlet',
  reference: 'reference',
  quote: 'quote',
  reliability: 'reliability',
  confidence: 'confidence',
  markingId: 'marking_id',
  notes: 'notes',
};

const toSource = (r: SourceRow): Source => ({
  id: r.id,
  negotiationId: r.negotiation_id,
  kind: r.kind,
  speaker: r.speaker,
  saidDate: r.said_date,
  dateNote: r.date_note,
  outlet: r.outlet,
  reference: r.reference,
  quote: r.quote,
  reliability: r.reliability,
  confidence: r.confidence,
  markingId: r.marking_id,
  notes: r.notes,
  citationCount: r.citation_count ?? 0,
});

const WITH_COUNT = `SELECT s.*, (SELECT COUNT(*) FROM citation c WHERE c.source_id = s.id)
                      AS citation_count FROM source s`;

export function listSources(db: Reader, negotiationId: number): Source[] {
  return db
    .all<SourceRow>(
      `${WITH_COUNT} WHERE s.negotiation_id = ?
       ORDER BY s.said_date IS NULL, s.said_date DESC, s.id DESC`,
      negotiationId,
    )
    .map(toSource);
}

export function getSource(db: Reader, id: number): Source | undefined {
  const row = db.get<SourceRow>(`${WITH_COUNT} WHERE s.id = ?`, id);
  return row && toSource(row);
}

export function insertSource(w: Writer, values: Omit<Source, 'id' | 'citationCount'>): Source {
  const row = w.insert('source', toColumns(values, COLUMNS)) as unknown as SourceRow;
  return toSource(row);
}

export function updateSource(w: Writer, id: number, patch: Partial<Source>): Source {
  w.update('source', id, toColumns(patch, COLUMNS));
  return getSource(w, id)!;
}

// Citations

interface CitationRow {
  id: number;
  source_id: number;
  round_id: number | null;
  position_id: number | null;
  red_line_id: number | null;
  note: string;
}

export const TARGET_COLUMNS: Record<
  CitationTargetType,
  'round_id' | 'position_id' | 'red_line_id'
> = {
  round: 'round_id',
  position: 'position_id',
  redLine: 'red_line_id',
};

const toCitation = (r: CitationRow): Citation => {
  const [targetType, targetId] =
    r.round_id !== null
      ? (['round', r.round_id] as const)
      : r.position_id !== null
        ? (['position', r.position_id] as const)
        : (['redLine', r.red_line_id ?? 0] as const);
  return { id: r.id, sourceId: r.source_id, targetType, targetId, note: r.note };
};

/** Citations of the negotiation's rounds and red lines. */
export function negotiationCitations(db: Reader, negotiationId: number): Citation[] {
  return db
    .all<CitationRow>(
      `SELECT c.* FROM citation c JOIN source s ON s.id = c.source_id
       WHERE s.negotiation_id = ? AND c.position_id IS NULL ORDER BY c.id`,
      negotiationId,
    )
    .map(toCitation);
}

/** Citations of a round and of its positions. */
export function roundCitations(db: Reader, roundId: number): Citation[] {
  return db
    .all<CitationRow>(
      `SELECT * FROM citation WHERE round_id = ?
       UNION ALL
       SELECT c.* FROM citation c JOIN position p ON p.id = c.position_id WHERE p.round_id = ?
       ORDER BY id`,
      roundId,
      roundId,
    )
    .map(toCitation);
}

/** Citations of the given positions. */
export function positionCitations(db: Reader, positionIds: number[]): Citation[] {
  if (positionIds.length === 0) return [];
  return db
    .all<CitationRow>(
      `SELECT * FROM citation WHERE position_id IN (${positionIds.map(() => '?').join(', ')})
       ORDER BY id`,
      ...positionIds,
    )
    .map(toCitation);
}

export function getCitation(db: Reader, id: number): Citation | undefined {
  const row = db.get<CitationRow>('SELECT * FROM citation WHERE id = ?', id);
  return row && toCitation(row);
}

/** The sources a position cites, with their notes, oldest first. */
export function citationsOfPosition(
  db: Reader,
  positionId: number,
): { source_id: number; note: string }[] {
  return db.all<{ source_id: number; note: string }>(
    'SELECT source_id, note FROM citation WHERE position_id = ? ORDER BY id',
    positionId,
  );
}

export function citationExists(
  db: Reader,
  sourceId: number,
  targetType: CitationTargetType,
  targetId: number,
): boolean {
  return (
    db.get(
      `SELECT 1 AS found FROM citation WHERE source_id = ? AND ${TARGET_COLUMNS[targetType]} = ?`,
      sourceId,
      targetId,
    ) !== undefined
  );
}

export function insertCitation(
  w: Writer,
  values: { sourceId: number; targetType: CitationTargetType; targetId: number; note: string },
): Citation {
  const row = w.insert('citation', {
    source_id: values.sourceId,
    [TARGET_COLUMNS[values.targetType]]: values.targetId,
    note: values.note,
  });
  return toCitation(row as unknown as CitationRow);
}
