import type { Citation, CitationTargetType, Source } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toBareItem, toColumns, type RowOf } from '../entities';

type SourceRow = RowOf<'source'> & { citation_count?: number };

const toSource = ({ citation_count, ...row }: SourceRow): Source => ({
  ...toBareItem('source', row),
  citationCount: citation_count ?? 0,
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
  return toSource(w.insert('source', toColumns('source', values)));
}

export function updateSource(w: Writer, id: number, patch: Partial<Source>): Source {
  w.update('source', id, toColumns('source', patch));
  return getSource(w, id)!;
}

// Citations

type CitationRow = RowOf<'citation'>;

export const TARGET_COLUMNS: Record<
  CitationTargetType,
  'round_id' | 'position_id' | 'red_line_id' | 'development_id' | 'linkage_id'
> = {
  round: 'round_id',
  position: 'position_id',
  redLine: 'red_line_id',
  development: 'development_id',
  linkage: 'linkage_id',
};

const toCitation = (r: CitationRow): Citation => {
  const [targetType, targetId] =
    r.round_id !== null
      ? (['round', r.round_id] as const)
      : r.position_id !== null
        ? (['position', r.position_id] as const)
        : r.development_id !== null
          ? (['development', r.development_id] as const)
          : r.linkage_id !== null
            ? (['linkage', r.linkage_id] as const)
            : (['redLine', r.red_line_id ?? 0] as const);
  return {
    id: r.id,
    sourceId: r.source_id,
    targetType,
    targetId,
    note: r.note,
    documentId: r.document_id,
    partNumber: r.part_number,
    passage: r.passage,
  };
};

/** Citations of the negotiation's rounds, red lines and developments. */
export function negotiationCitations(db: Reader, negotiationId: number): Citation[] {
  return db
    .all<CitationRow>(
      `SELECT c.* FROM citation c JOIN source s ON s.id = c.source_id
       WHERE s.negotiation_id = ? AND c.position_id IS NULL AND c.linkage_id IS NULL
       ORDER BY c.id`,
      negotiationId,
    )
    .map(toCitation);
}

/** Citations of a round, of its positions and of its linkages. */
export function roundCitations(db: Reader, roundId: number): Citation[] {
  return db
    .all<CitationRow>(
      `SELECT * FROM citation WHERE round_id = ?
       UNION ALL
       SELECT c.* FROM citation c JOIN position p ON p.id = c.position_id WHERE p.round_id = ?
       UNION ALL
       SELECT c.* FROM citation c JOIN linkage l ON l.id = c.linkage_id WHERE l.round_id = ?
       ORDER BY id`,
      roundId,
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

/** The sources a linkage cites, with their notes, oldest first. */
export function citationsOfLinkage(
  db: Reader,
  linkageId: number,
): { source_id: number; note: string }[] {
  return db.all<{ source_id: number; note: string }>(
    'SELECT source_id, note FROM citation WHERE linkage_id = ? ORDER BY id',
    linkageId,
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
  values: {
    sourceId: number;
    targetType: CitationTargetType;
    targetId: number;
    note: string;
    documentId?: number | null;
    partNumber?: number | null;
    passage?: string;
  },
): Citation {
  const row = w.insert('citation', {
    source_id: values.sourceId,
    [TARGET_COLUMNS[values.targetType]]: values.targetId,
    note: values.note,
    document_id: values.documentId ?? null,
    part_number: values.partNumber ?? null,
    passage: values.passage ?? '',
  });
  return toCitation(row);
}
