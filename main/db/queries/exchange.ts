// Rows in and out of the negotiation file (shared/exchange.ts): reading everything a negotiation
// holds, with its history, and writing an imported one back. Ids here are whatever the caller
// gives: the export writes this database's own, the import writes ids it has already mapped.
import type { NegotiationFile } from '../../../shared/exchange';
import type { Reader, Row } from '../store';
import type { TableName } from '../tables';
import type { Writer } from '../writer';

type Body = Omit<
  NegotiationFile,
  | 'format'
  | 'formatVersion'
  | 'exportedAt'
  | 'exportedBy'
  | 'application'
  | 'marking'
  | 'historyIncluded'
>;

interface Stamped {
  created_at: string;
  updated_at: string;
}

const stamps = (r: Stamped) => ({ createdAt: r.created_at, updatedAt: r.updated_at });

/**
 * Everything in one negotiation, as the file holds it (markings by label); its history only
 * when asked for.
 */
export function readNegotiation(
  db: Reader,
  negotiationId: number,
  { includeHistory }: { includeHistory: boolean },
): Body | undefined {
  const labels = new Map(
    db
      .all<{ id: number; label: string }>('SELECT id, label FROM marking')
      .map((m) => [m.id, m.label]),
  );
  const label = (id: number | null) => (id === null ? null : (labels.get(id) ?? null));
  const n = db.get<Stamped & { id: number; title: string; summary: string; marking_id: number }>(
    'SELECT * FROM negotiation WHERE id = ?',
    negotiationId,
  );
  if (!n) return undefined;
  const all = <T>(sql: string) => db.all<T>(sql, negotiationId);

  type PartyRow = Stamped & {
    id: number;
    name: string;
    short_code: string;
    colour: string;
    role: NegotiationFile['parties'][number]['role'];
    sort_order: number;
  };
  type PersonRow = Stamped & {
    id: number;
    party_id: number;
    name: string;
    title: string;
    marking_id: number | null;
    sort_order: number;
  };
  const people = all<PersonRow>(
    `SELECT pe.* FROM person pe JOIN party p ON p.id = pe.party_id WHERE p.negotiation_id = ?
     ORDER BY pe.party_id, pe.sort_order, pe.id`,
  );
  const parties = all<PartyRow>(
    'SELECT * FROM party WHERE negotiation_id = ? ORDER BY sort_order, id',
  ).map((p) => ({
    id: p.id,
    name: p.name,
    shortCode: p.short_code,
    colour: p.colour,
    role: p.role,
    sortOrder: p.sort_order,
    ...stamps(p),
    people: people
      .filter((pe) => pe.party_id === p.id)
      .map((pe) => ({
        id: pe.id,
        name: pe.name,
        title: pe.title,
        marking: label(pe.marking_id),
        sortOrder: pe.sort_order,
        ...stamps(pe),
      })),
  }));

  const issues = all<
    Stamped & { id: number; title: string; description: string; sort_order: number }
  >('SELECT * FROM issue WHERE negotiation_id = ? ORDER BY sort_order, id').map((i) => ({
    id: i.id,
    title: i.title,
    description: i.description,
    sortOrder: i.sort_order,
    ...stamps(i),
  }));

  type PositionRow = Stamped & {
    id: number;
    round_id: number;
    party_id: number;
    issue_id: number;
    text: string;
    kind: NegotiationFile['rounds'][number]['positions'][number]['kind'];
    status: NegotiationFile['rounds'][number]['positions'][number]['status'];
    movement: NegotiationFile['rounds'][number]['positions'][number]['movement'];
    previous_id: number | null;
    marking_id: number | null;
    notes: string;
    sort_order: number;
  };
  const positions = all<PositionRow>(
    `SELECT p.* FROM position p JOIN round r ON r.id = p.round_id WHERE r.negotiation_id = ?
     ORDER BY p.round_id, p.sort_order, p.id`,
  );
  const positionsByRound = new Map<number, PositionRow[]>();
  for (const p of positions) {
    const list = positionsByRound.get(p.round_id) ?? [];
    list.push(p);
    positionsByRound.set(p.round_id, list);
  }
  const participants = all<{ id: number; round_id: number; person_id: number; created_at: string }>(
    `SELECT rp.* FROM round_participant rp JOIN round r ON r.id = rp.round_id
     WHERE r.negotiation_id = ? ORDER BY rp.id`,
  );
  type RoundRow = Stamped & {
    id: number;
    sequence: number;
    title: string;
    start_date: string | null;
    end_date: string | null;
    date_note: string;
    location: string;
    format: NegotiationFile['rounds'][number]['format'];
    channel: string;
    summary: string;
    outcome: string;
    next_steps: string;
    marking_id: number | null;
  };
  const rounds = all<RoundRow>(
    'SELECT * FROM round WHERE negotiation_id = ? ORDER BY sequence',
  ).map((r) => ({
    id: r.id,
    sequence: r.sequence,
    title: r.title,
    startDate: r.start_date,
    endDate: r.end_date,
    dateNote: r.date_note,
    location: r.location,
    format: r.format,
    channel: r.channel,
    summary: r.summary,
    outcome: r.outcome,
    nextSteps: r.next_steps,
    marking: label(r.marking_id),
    ...stamps(r),
    participants: participants
      .filter((p) => p.round_id === r.id)
      .map((p) => ({ id: p.id, personId: p.person_id, createdAt: p.created_at })),
    positions: (positionsByRound.get(r.id) ?? []).map((p) => ({
      id: p.id,
      partyId: p.party_id,
      issueId: p.issue_id,
      text: p.text,
      kind: p.kind,
      status: p.status,
      movement: p.movement,
      previousId: p.previous_id,
      marking: label(p.marking_id),
      notes: p.notes,
      sortOrder: p.sort_order,
      ...stamps(p),
    })),
  }));

  type RedLineRow = Stamped & {
    id: number;
    party_id: number;
    issue_id: number;
    text: string;
    declared_date: string | null;
    date_note: string;
    declared_by_person_id: number | null;
    declared_by: string;
    status: NegotiationFile['redLines'][number]['status'];
    marking_id: number | null;
    notes: string;
  };
  const redLines = all<RedLineRow>(
    `SELECT l.* FROM red_line l JOIN party p ON p.id = l.party_id WHERE p.negotiation_id = ?
     ORDER BY l.id`,
  ).map((l) => ({
    id: l.id,
    partyId: l.party_id,
    issueId: l.issue_id,
    text: l.text,
    declaredDate: l.declared_date,
    dateNote: l.date_note,
    declaredByPersonId: l.declared_by_person_id,
    declaredBy: l.declared_by,
    status: l.status,
    marking: label(l.marking_id),
    notes: l.notes,
    ...stamps(l),
  }));

  type SourceRow = Stamped & {
    id: number;
    kind: NegotiationFile['sources'][number]['kind'];
    speaker: string;
    said_date: string | null;
    date_note: string;
    outlet: string;
    reference: string;
    quote: string;
    reliability: NegotiationFile['sources'][number]['reliability'];
    confidence: NegotiationFile['sources'][number]['confidence'];
    marking_id: number | null;
    notes: string;
  };
  const sources = all<SourceRow>('SELECT * FROM source WHERE negotiation_id = ? ORDER BY id').map(
    (s) => ({
      id: s.id,
      kind: s.kind,
      speaker: s.speaker,
      saidDate: s.said_date,
      dateNote: s.date_note,
      outlet: s.outlet,
      reference: s.reference,
      quote: s.quote,
      reliability: s.reliability,
      confidence: s.confidence,
      marking: label(s.marking_id),
      notes: s.notes,
      ...stamps(s),
    }),
  );

  const citations = all<{
    id: number;
    source_id: number;
    round_id: number | null;
    position_id: number | null;
    red_line_id: number | null;
    note: string;
    created_at: string;
  }>(
    `SELECT c.* FROM citation c JOIN source s ON s.id = c.source_id WHERE s.negotiation_id = ?
     ORDER BY c.id`,
  ).map((c) => ({
    id: c.id,
    sourceId: c.source_id,
    targetType:
      c.round_id !== null
        ? ('round' as const)
        : c.position_id !== null
          ? ('position' as const)
          : ('redLine' as const),
    targetId: (c.round_id ?? c.position_id ?? c.red_line_id)!,
    note: c.note,
    createdAt: c.created_at,
  }));

  const conflictAssessments = all<
    Stamped & {
      id: number;
      position_id: number;
      red_line_id: number;
      verdict: 'conflicts' | 'compatible';
      note: string;
    }
  >(
    `SELECT a.* FROM conflict_assessment a JOIN red_line l ON l.id = a.red_line_id
     JOIN party p ON p.id = l.party_id WHERE p.negotiation_id = ? ORDER BY a.id`,
  ).map((a) => ({
    id: a.id,
    positionId: a.position_id,
    redLineId: a.red_line_id,
    verdict: a.verdict,
    note: a.note,
    ...stamps(a),
  }));

  return {
    negotiation: {
      id: n.id,
      title: n.title,
      summary: n.summary,
      marking: label(n.marking_id) ?? 'UNCLASSIFIED',
      ...stamps(n),
    },
    parties,
    issues,
    rounds,
    redLines,
    sources,
    citations,
    conflictAssessments,
    history: includeHistory ? readHistory(db, negotiationId) : [],
  };
}

/**
 * The negotiation's history: every change made inside it, and the library-level changes that
 * created, deleted or restored it — but not the act of importing it (see migration 4).
 */
function readHistory(db: Reader, negotiationId: number): NegotiationFile['history'] {
  const changes = db.all<{
    id: number;
    scope_id: number | null;
    kind: 'edit' | 'undo' | 'redo';
    label: string;
    actor: string;
    at: string;
    target_id: number | null;
  }>(
    `SELECT id, scope_id, kind, label, actor, at, target_id FROM change_set c
     WHERE c.origin <> 'import'
       AND (c.scope_id = ?
            OR (c.scope_id IS NULL AND EXISTS (
                  SELECT 1 FROM history h
                  WHERE h.change_id = c.id AND h.entity = 'negotiation' AND h.entity_id = ?)))
     ORDER BY c.id`,
    negotiationId,
    negotiationId,
  );
  const included = new Set(changes.map((c) => c.id));
  const rows = db.all<{
    change_id: number;
    entity: TableName;
    entity_id: number;
    op: 'create' | 'update' | 'delete';
    before: string | null;
    after: string | null;
    at: string;
  }>(
    `SELECT h.change_id, h.entity, h.entity_id, h.op, h.before, h.after, h.at
     FROM history h JOIN change_set c ON c.id = h.change_id
     WHERE c.origin <> 'import'
       AND (c.scope_id = ?
            OR (c.scope_id IS NULL AND EXISTS (
                  SELECT 1 FROM history x
                  WHERE x.change_id = c.id AND x.entity = 'negotiation' AND x.entity_id = ?)))
     ORDER BY h.id`,
    negotiationId,
    negotiationId,
  );
  const byChange = new Map<number, NegotiationFile['history'][number]['rows']>();
  for (const r of rows) {
    const list = byChange.get(r.change_id) ?? [];
    list.push({
      entity: r.entity,
      entityId: r.entity_id,
      op: r.op,
      before:
        r.before === null
          ? null
          : (JSON.parse(r.before) as Row as Record<string, string | number | null>),
      after:
        r.after === null
          ? null
          : (JSON.parse(r.after) as Row as Record<string, string | number | null>),
      at: r.at,
    });
    byChange.set(r.change_id, list);
  }
  return changes.map((c) => ({
    id: c.id,
    kind: c.kind,
    label: c.label,
    actor: c.actor,
    at: c.at,
    targetId: c.target_id !== null && included.has(c.target_id) ? c.target_id : null,
    library: c.scope_id === null,
    rows: byChange.get(c.id) ?? [],
  }));
}

/** Marking ids by label. */
export function markingIdsByLabel(db: Reader): Map<string, number> {
  return new Map(
    db
      .all<{ id: number; label: string }>('SELECT id, label FROM marking')
      .map((m) => [m.label, m.id]),
  );
}

/**
 * Writes an imported negotiation whose ids have all been mapped into this database, every row
 * through the writer (so the import is one undoable change), in an order that satisfies every
 * reference: positions after all rounds, so a position's predecessor is always in already.
 */
export function writeImported(
  w: Writer,
  file: Body,
  markingIds: Map<string, number>,
  /** Told how much of the positions (most of the work) are written, 0 to 1. */
  progress: (done: number) => void = () => {},
): void {
  const m = (label: string | null) => (label === null ? null : markingIds.get(label)!);
  const n = file.negotiation;
  w.insert('negotiation', {
    id: n.id,
    title: n.title,
    summary: n.summary,
    marking_id: m(n.marking),
    created_at: n.createdAt,
    updated_at: n.updatedAt,
  });
  for (const p of file.parties) {
    w.insert('party', {
      id: p.id,
      negotiation_id: n.id,
      name: p.name,
      short_code: p.shortCode,
      colour: p.colour,
      role: p.role,
      sort_order: p.sortOrder,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    });
    for (const pe of p.people) {
      w.insert('person', {
        id: pe.id,
        party_id: p.id,
        name: pe.name,
        title: pe.title,
        marking_id: m(pe.marking),
        sort_order: pe.sortOrder,
        created_at: pe.createdAt,
        updated_at: pe.updatedAt,
      });
    }
  }
  for (const i of file.issues) {
    w.insert('issue', {
      id: i.id,
      negotiation_id: n.id,
      title: i.title,
      description: i.description,
      sort_order: i.sortOrder,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    });
  }
  const rounds = [...file.rounds].sort((a, b) => a.sequence - b.sequence);
  for (const r of rounds) {
    w.insert('round', {
      id: r.id,
      negotiation_id: n.id,
      sequence: r.sequence,
      title: r.title,
      start_date: r.startDate,
      end_date: r.endDate,
      date_note: r.dateNote,
      location: r.location,
      format: r.format,
      channel: r.channel,
      summary: r.summary,
      outcome: r.outcome,
      next_steps: r.nextSteps,
      marking_id: m(r.marking),
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    });
    for (const p of r.participants) {
      w.insert('round_participant', {
        id: p.id,
        round_id: r.id,
        person_id: p.personId,
        created_at: p.createdAt,
      });
    }
  }
  // Positions after every round: a predecessor may sit in any earlier round.
  const total = rounds.reduce((sum, r) => sum + r.positions.length, 0);
  let written = 0;
  for (const r of rounds) {
    if (total > 0) progress(written / total);
    written += r.positions.length;
    for (const p of r.positions) {
      w.insert('position', {
        id: p.id,
        round_id: r.id,
        party_id: p.partyId,
        issue_id: p.issueId,
        text: p.text,
        kind: p.kind,
        status: p.status,
        movement: p.movement,
        previous_id: p.previousId,
        marking_id: m(p.marking),
        notes: p.notes,
        sort_order: p.sortOrder,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      });
    }
  }
  for (const l of file.redLines) {
    w.insert('red_line', {
      id: l.id,
      party_id: l.partyId,
      issue_id: l.issueId,
      text: l.text,
      declared_date: l.declaredDate,
      date_note: l.dateNote,
      declared_by_person_id: l.declaredByPersonId,
      declared_by: l.declaredBy,
      status: l.status,
      marking_id: m(l.marking),
      notes: l.notes,
      created_at: l.createdAt,
      updated_at: l.updatedAt,
    });
  }
  for (const s of file.sources) {
    w.insert('source', {
      id: s.id,
      negotiation_id: n.id,
      kind: s.kind,
      speaker: s.speaker,
      said_date: s.saidDate,
      date_note: s.dateNote,
      outlet: s.outlet,
      reference: s.reference,
      quote: s.quote,
      reliability: s.reliability,
      confidence: s.confidence,
      marking_id: m(s.marking),
      notes: s.notes,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    });
  }
  for (const c of file.citations) {
    w.insert('citation', {
      id: c.id,
      source_id: c.sourceId,
      round_id: c.targetType === 'round' ? c.targetId : null,
      position_id: c.targetType === 'position' ? c.targetId : null,
      red_line_id: c.targetType === 'redLine' ? c.targetId : null,
      note: c.note,
      created_at: c.createdAt,
    });
  }
  for (const a of file.conflictAssessments) {
    w.insert('conflict_assessment', {
      id: a.id,
      position_id: a.positionId,
      red_line_id: a.redLineId,
      verdict: a.verdict,
      note: a.note,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    });
  }
}

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
  /** The most restricted marking among the sources it cites (null: none above the default). */
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
