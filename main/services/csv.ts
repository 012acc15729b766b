// Spreadsheet exports: a negotiation's positions, its trajectory grid, and its timeline. Written for Excel:
// UTF-8 with a byte-order mark (so Persian and accents survive), CRLF line ends, quoting where a
// cell needs it (PapaParse), and no formula injection: a cell starting with = + - @ (or a tab or
// carriage return) gets a leading ' so it shows as text and is never evaluated. (PapaParse's own
// escapeFormulae misses cells that span several lines, so that is done here.)
import Papa from 'papaparse';
import { MARKERS, type TrajectoryMarker } from '../../shared/compare';
import { describeDateSpan } from '../../shared/dates';
import type { Movement, PositionKind, PositionStatus } from '../../shared/domain';
import {
  DEVELOPMENT_KIND_LABELS,
  LINKAGE_KIND_LABELS,
  LINKAGE_STATUS_LABELS,
  PACKAGE_STANCE_LABELS,
  POSITION_KIND_LABELS,
  POSITION_STATUS_LABELS,
  SIGNIFICANCE_LABELS,
} from '../../shared/labels';
import { timelineOf } from '../../shared/timeline';
import { listDevelopments } from '../db/queries/developments';
import { listIssues } from '../db/queries/issues';
import { listParties } from '../db/queries/parties';
import { negotiationLinkages, roundPackages } from '../db/queries/linkages';
import { listSources, negotiationCitations, roundCitations } from '../db/queries/sources';
import { documentsBySource } from '../db/queries/documents';
import { highestMarkedPosition } from '../db/queries/compare';
import { positionsForExport, positionTexts } from '../db/queries/spreadsheets';
import { listRounds } from '../db/queries/rounds';
import type { Store } from '../db/store';
import { quoted, scopeOf } from './common';
import { trajectory } from './compare';
import { inherited, type MarkedItem } from './marking';

/** A spreadsheet's rows, and everything they contain with its marking (see marking.ts). */
export interface Sheet {
  header: string[];
  rows: (string | number)[][];
  items: MarkedItem[];
}

/**
 * The CSV text of a sheet: the handling marking alone on the first and the last line (as a
 * document's banner), the header row, then the rows.
 */
export function toCsv(sheet: Pick<Sheet, 'header' | 'rows'>, markingLabel: string): string {
  const cell = (value: string | number) =>
    typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  const data = sheet.rows.map((row) => row.map(cell));
  const table = Papa.unparse(
    { fields: sheet.header.map((h) => String(cell(h))), data },
    { newline: '\r\n' },
  );
  const banner = Papa.unparse([[markingLabel]]);
  return `\uFEFF${banner}\r\n${table}\r\n${banner}\r\n`;
}

function marker(previousId: number | null, movement: Movement, sameText: number | null) {
  if (previousId === null) return 'new';
  if (movement !== 'none') return movement;
  return sameText ? 'unchanged' : 'reworded';
}

/** Every position, one row each, in round, issue and party order. */
export function positionsSheet(store: Store, negotiationId: number): Sheet {
  return store.read((db) => {
    scopeOf(db, 'negotiation', negotiationId, 'negotiationId');
    const positions = positionsForExport(db, negotiationId);
    const items = positions.flatMap((p): MarkedItem[] => {
      const where = `round ${p.round_sequence}`;
      return [
        { markingId: p.round_marking_id, what: `${where}, ${quoted(p.round_title)}` },
        {
          markingId: inherited(p.marking_id, p.round_marking_id),
          what: `the position of ${p.party_name} on ${quoted(p.issue_title)} in ${where}`,
        },
        ...(p.source_marking_id === null
          ? []
          : [{ markingId: p.source_marking_id, what: `a source cited in ${where}` }]),
      ];
    });
    const rows = positions.map((p) => [
      p.round_sequence,
      p.round_title,
      describeDateSpan(p.start_date, p.end_date),
      p.party_name,
      p.party_code,
      p.issue_title,
      POSITION_KIND_LABELS[p.kind as PositionKind],
      POSITION_STATUS_LABELS[p.status as PositionStatus],
      MARKERS[marker(p.previous_id, p.movement, p.same_text)].label,
      p.previous_sequence ?? '',
      p.text,
      p.notes,
      p.marking ?? '',
      p.sources ?? '',
    ]);
    return {
      header: [
        'Round',
        'Round title',
        'Dates',
        'Party',
        'Party code',
        'Issue',
        'Kind',
        'Status',
        'Change',
        'Follows round',
        'Position',
        'Notes',
        'Marking',
        'Sources',
      ],
      rows,
      items,
    };
  });
}

/**
 * The trajectory grid: a row per issue and party, a column per round; each cell the change
 * marker, in words, and the party's wording there ("hardened: …"; the app's glyphs are left
 * out because one of them, =, is what starts a formula).
 */
export function trajectorySheet(store: Store, negotiationId: number): Sheet {
  const grid = trajectory(store, negotiationId, null);
  const rounds = new Map(listRounds(store, negotiationId).map((r) => [r.id, r]));
  const highest = highestMarkedPosition(store, negotiationId);
  const items: MarkedItem[] = [
    ...grid.rounds.map((r) => ({
      markingId: rounds.get(r.id)?.markingId ?? null,
      what: `round ${r.sequence}, ${quoted(r.title)}`,
    })),
    // Every cell tells how a position moved, and the first of each prints its wording.
    ...(highest
      ? [
          {
            markingId: highest.markingId,
            what: `a position in round ${highest.sequence}, shown in the grid`,
          },
        ]
      : []),
  ];
  const ids = grid.rows.flatMap((row) =>
    row.cells
      .filter((c): c is [number, TrajectoryMarker, number] => Array.isArray(c))
      .map((c) => c[0]),
  );
  const texts = positionTexts(store, ids);
  const issues = new Map(grid.issues.map((i) => [i.id, i.title]));
  const parties = new Map(grid.parties.map((p) => [p.id, p.name]));
  const header = ['Issue', 'Party', ...grid.rounds.map((r) => `Round ${r.sequence}: ${r.title}`)];
  const rows = grid.rows.map((row) => [
    issues.get(row.issueId) ?? '',
    parties.get(row.partyId) ?? '',
    ...row.cells.map((cell) => {
      if (cell === null) return '';
      if (cell === 'dropped') return MARKERS.dropped.label;
      const [id, mark, count] = cell;
      const more = count > 1 ? ` (+${count - 1} more)` : '';
      return `${MARKERS[mark].label}: ${texts.get(id) ?? ''}${more}`;
    }),
  ]);
  return { header, rows, items };
}

/**
 * The timeline: rounds and developments in date order, one row each, with the parties and
 * issues a development concerns and the sources it cites (as the positions sheet names them).
 */
export function timelineSheet(store: Store, negotiationId: number): Sheet {
  return store.read((db) => {
    scopeOf(db, 'negotiation', negotiationId, 'negotiationId');
    const parties = new Map(listParties(db, negotiationId).map((p) => [p.id, p.shortCode]));
    const issues = new Map(listIssues(db, negotiationId).map((i) => [i.id, i.title]));
    const sources = new Map(listSources(db, negotiationId).map((s) => [s.id, s]));
    const documents = documentsBySource(db, negotiationId);
    const cites = new Map<number, number[]>();
    for (const c of negotiationCitations(db, negotiationId)) {
      if (c.targetType === 'development')
        cites.set(c.targetId, [...(cites.get(c.targetId) ?? []), c.sourceId]);
    }
    const items: MarkedItem[] = [];
    const rows = timelineOf(listRounds(db, negotiationId), listDevelopments(db, negotiationId)).map(
      (entry) => {
        if (entry.type === 'round') {
          const r = entry.round;
          items.push({ markingId: r.markingId, what: `round ${r.sequence}, ${quoted(r.title)}` });
          return [
            describeDateSpan(r.startDate, r.endDate),
            r.dateNote,
            'Round',
            `Round ${r.sequence}: ${r.title}`,
            r.summary,
            '',
            '',
            '',
            '',
          ];
        }
        const d = entry.development;
        items.push({ markingId: d.markingId, what: `the development ${quoted(d.title)}` });
        const cited = (cites.get(d.id) ?? []).map((id) => sources.get(id)!).filter(Boolean);
        for (const s of cited) {
          items.push({ markingId: s.markingId, what: `a source cited by ${quoted(d.title)}` });
          // A source stands for its attached documents too: their markings roll up into it.
          for (const doc of documents.get(s.id) ?? []) {
            items.push({
              markingId: inherited(doc.markingId, s.markingId),
              what: `the document ${quoted(doc.fileName)} of a source cited by ${quoted(d.title)}`,
            });
          }
        }
        return [
          describeDateSpan(d.startDate, d.endDate),
          d.dateNote,
          DEVELOPMENT_KIND_LABELS[d.kind],
          d.title,
          d.summary,
          SIGNIFICANCE_LABELS[d.significance],
          d.partyIds.map((id) => parties.get(id) ?? '').join(', '),
          d.issueIds.map((id) => issues.get(id) ?? '').join('; '),
          cited.map((s) => s.outlet || s.speaker || s.reference || s.quote).join('; '),
        ];
      },
    );
    return {
      header: [
        'When',
        'Date note',
        'Kind',
        'Title',
        'Summary',
        'Significance',
        'Parties',
        'Issues',
        'Sources',
      ],
      rows,
      items,
    };
  });
}

/**
 * Linkages and packages, round by round: a row each, with the party, the kind (or whether the
 * package is offered or demanded), the status, the statement (or title), the issues tied, how
 * many positions it takes in, and the sources a linkage cites.
 */
export function linkagesSheet(store: Store, negotiationId: number): Sheet {
  return store.read((db) => {
    scopeOf(db, 'negotiation', negotiationId, 'negotiationId');
    const parties = new Map(listParties(db, negotiationId).map((p) => [p.id, p.shortCode]));
    const issues = new Map(listIssues(db, negotiationId).map((i) => [i.id, i.title]));
    const sources = new Map(listSources(db, negotiationId).map((s) => [s.id, s]));
    const rounds = listRounds(db, negotiationId);
    const linkages = negotiationLinkages(db, negotiationId);
    const items: MarkedItem[] = [];
    const rows: (string | number)[][] = [];
    for (const round of rounds) {
      const cites = new Map<number, number[]>();
      for (const c of roundCitations(db, round.id)) {
        if (c.targetType === 'linkage')
          cites.set(c.targetId, [...(cites.get(c.targetId) ?? []), c.sourceId]);
      }
      for (const l of linkages.filter((x) => x.roundId === round.id)) {
        items.push({
          markingId: inherited(l.markingId, round.markingId),
          what: `the linkage ${quoted(l.statement)}`,
        });
        const cited = (cites.get(l.id) ?? []).map((id) => sources.get(id)!).filter(Boolean);
        for (const s of cited) {
          items.push({ markingId: s.markingId, what: `a source cited by ${quoted(l.statement)}` });
        }
        rows.push([
          round.sequence,
          parties.get(l.partyId) ?? '',
          'Linkage',
          LINKAGE_KIND_LABELS[l.kind],
          LINKAGE_STATUS_LABELS[l.status],
          l.statement,
          l.issueIds.map((id) => issues.get(id) ?? '').join('; '),
          l.positionIds.length,
          cited.map((s) => s.outlet || s.speaker || s.reference || s.quote).join('; '),
        ]);
      }
      for (const k of roundPackages(db, round.id)) {
        items.push({
          markingId: inherited(k.markingId, round.markingId),
          what: `the package ${quoted(k.title)}`,
        });
        rows.push([
          round.sequence,
          parties.get(k.partyId) ?? '',
          'Package',
          PACKAGE_STANCE_LABELS[k.stance],
          '',
          k.title,
          '',
          k.positionIds.length,
          '',
        ]);
      }
    }
    return {
      header: [
        'Round',
        'Party',
        'Type',
        'Kind',
        'Status',
        'Statement',
        'Issues',
        'Positions',
        'Sources',
      ],
      rows,
      items,
    };
  });
}
