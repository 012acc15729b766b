// What goes into each kind of brief, as a typed model (model.ts) built from the store. Builders
// gather and arrange; every piece of the officer's text goes in as a `Said` carrying its
// marking, so the marking floor, the snapshot and the citation numbers are worked out from the
// model, never collected here by hand.
import { excerpt } from '../../../shared/text';
import type { BriefingKind } from '../../../shared/briefing';
import { MARKERS, type ChangeKind, type ComparisonRow } from '../../../shared/compare';
import { describeDateSpan, describeFuzzyDate } from '../../../shared/dates';
import type {
  Citation,
  Development,
  Linkage,
  Package,
  Party,
  Person,
  RedLine,
  Round,
  Source,
} from '../../../shared/domain';
import { developmentsBefore, timelineOf } from '../../../shared/timeline';
import {
  DEVELOPMENT_KIND_LABELS,
  LINKAGE_KIND_LABELS,
  MOVEMENT_LABELS,
  PACKAGE_STANCE_LABELS,
  PARTY_ROLE_LABELS,
  POSITION_KIND_LABELS,
  POSITION_STATUS_LABELS,
  RED_LINE_STATUS_LABELS,
  RELIABILITY_LABELS,
  ROUND_FORMAT_LABELS,
  SIGNIFICANCE_LABELS,
  SOURCE_KIND_LABELS,
} from '../../../shared/labels';
import {
  highestMarkedPosition,
  latestRoundId,
  roundPositions,
  type PositionRow,
} from '../../db/queries/compare';
import { listDevelopments } from '../../db/queries/developments';
import { documentsBySource } from '../../db/queries/documents';
import type { DocumentInfo } from '../../../shared/documents';
import { listIssues } from '../../db/queries/issues';
import { roundLinkages, roundPackages } from '../../db/queries/linkages';
import { getNegotiation } from '../../db/queries/negotiations';
import { listParties } from '../../db/queries/parties';
import { listRedLines } from '../../db/queries/redLines';
import { getRound, listRounds, roundBefore } from '../../db/queries/rounds';
import {
  listSources,
  negotiationCitations,
  positionCitations,
  roundCitations,
} from '../../db/queries/sources';
import type { Store } from '../../db/store';
import type { Reader } from '../../db/types';
import { quoted } from '../common';
import * as compare from '../compare';
import { notFound } from '../errors';
import { inherited, type MarkedItem } from '../marking';
import {
  citationNumbers,
  said,
  type AnnexEntry,
  type Block,
  type BriefModel,
  type BriefSection,
  type Inline,
  type Said,
  type Strip,
  type TableRow,
} from './model';

export interface BriefOptions {
  roundId?: number | undefined;
  fromRoundId?: number | undefined;
  toRoundId?: number | undefined;
  bottomLine: string;
  changesOnly: boolean;
  /** Overview brief: list developments of low significance in the dated timeline too. */
  lowDevelopments?: boolean;
}

const CHANGE_LABELS: Record<ChangeKind, string> = {
  new: 'New',
  dropped: 'Dropped',
  reworded: 'Reworded',
  unchanged: 'Unchanged',
};

/** How a source is named in a brief: speaker and outlet, else its reference. */
export const sourceName = (s: Pick<Source, 'speaker' | 'outlet' | 'reference'>) =>
  [s.speaker, s.outlet].filter(Boolean).join(', ') || s.reference || 'Untitled source';

/** The negotiation's items, each told as a brief names it and carrying its marking. */
class Items {
  readonly parties: Map<number, Party>;
  readonly people: Map<number, { person: Person; party: Party }>;
  readonly issues: Map<number, string>;
  readonly rounds: Map<number, Round>;
  readonly sources: Map<number, Source>;
  readonly documents: Map<number, DocumentInfo[]>;

  constructor(db: Reader, negotiationId: number) {
    this.parties = new Map(listParties(db, negotiationId).map((p) => [p.id, p]));
    this.people = new Map(
      [...this.parties.values()].flatMap((party) =>
        party.people.map((person) => [person.id, { person, party }] as const),
      ),
    );
    this.issues = new Map(listIssues(db, negotiationId).map((i) => [i.id, i.title]));
    this.rounds = new Map(listRounds(db, negotiationId).map((r) => [r.id, r]));
    this.sources = new Map(listSources(db, negotiationId).map((s) => [s.id, s]));
    this.documents = documentsBySource(db, negotiationId);
  }

  partyName(id: number): string {
    return this.parties.get(id)?.name ?? 'Unknown party';
  }

  issue(id: number): Said {
    return said(this.issues.get(id) ?? '', null, `issue ${quoted(this.issues.get(id) ?? '')}`);
  }

  party(id: number): Inline {
    const party = this.parties.get(id);
    return {
      t: 'party',
      name: said(party?.name ?? '', null, `party ${quoted(party?.name ?? '')}`),
      colour: party?.colour ?? '#999999',
    };
  }

  partyCode(id: number): Said {
    return said(this.parties.get(id)?.shortCode ?? '', null, `party ${quoted(this.partyName(id))}`);
  }

  person(id: number): Said {
    const entry = this.people.get(id);
    if (!entry) return said('', null, 'a person');
    return said(
      entry.person.name,
      entry.person.markingId,
      `${quoted(entry.person.name)} of ${entry.party.name}`,
    );
  }

  personTitle(id: number): Said | null {
    const entry = this.people.get(id);
    if (!entry?.person.title) return null;
    return said(
      entry.person.title,
      entry.person.markingId,
      `the title of ${quoted(entry.person.name)}`,
    );
  }

  /** A field of a development: it carries the development's marking. */
  development(d: Development, text: string, field: string): Said {
    return said(text, d.markingId, `the ${field} of development ${quoted(d.title, 30)}`);
  }

  /** A linkage's statement: it carries its own marking, else its round's. */
  linkage(
    l: Pick<Linkage, 'statement' | 'markingId' | 'kind' | 'partyId'>,
    round: Round | undefined,
  ): Said {
    return said(
      l.statement,
      inherited(l.markingId, round?.markingId ?? null),
      `the ${LINKAGE_KIND_LABELS[l.kind].toLowerCase()} linkage of ${this.partyName(l.partyId)}` +
        (round ? ` in round ${round.sequence}` : ''),
    );
  }

  /** A package's title: its own marking, else its round's. */
  package(k: Package, round: Round | undefined): Said {
    return said(
      k.title,
      inherited(k.markingId, round?.markingId ?? null),
      `the package ${quoted(k.title, 30)} of ${this.partyName(k.partyId)}`,
    );
  }

  /** A field of a round: it carries the round's marking. */
  round(round: Round, text: string, field: string): Said {
    return said(text, round.markingId, `the ${field} of round ${round.sequence}`);
  }

  position(
    p: { id: number; text: string; markingId: number | null },
    partyId: number,
    issueId: number,
    round: Round | undefined,
  ): Said {
    return said(
      p.text,
      inherited(p.markingId, round?.markingId ?? null),
      `the position of ${this.partyName(partyId)} on ${quoted(this.issues.get(issueId) ?? '')}` +
        (round ? ` in round ${round.sequence}` : ''),
    );
  }

  redLine(l: Pick<RedLine, 'text' | 'markingId' | 'partyId' | 'issueId'>, text = l.text): Said {
    return said(
      text,
      l.markingId,
      `the red line of ${this.partyName(l.partyId)} on ${quoted(this.issues.get(l.issueId) ?? '')}`,
    );
  }

  source(s: Source, text: string): Said {
    return said(text, s.markingId, `source ${quoted(sourceName(s))}`);
  }

  /** "Speaker, Outlet, 3 May 2026": how a source is cited in a line. */
  sourceLine(s: Source): Inline[] {
    const name = this.source(s, sourceName(s));
    const line: Inline[] = s.saidDate
      ? [{ t: 'said', said: name }, `, ${describeFuzzyDate(s.saidDate)}`]
      : [{ t: 'said', said: name }];
    // Its attached documents, by name, each carrying its own marking (or the source's): a brief
    // that lists the source is marked at least as high as what it stands on.
    const documents = this.documents.get(s.id) ?? [];
    documents.forEach((d, i) => {
      line.push(i === 0 ? '; attached: ' : ', ', {
        t: 'said',
        said: said(
          d.fileName,
          inherited(d.markingId, s.markingId),
          `the document ${quoted(d.fileName)} of source ${quoted(sourceName(s))}`,
        ),
      });
    });
    return line;
  }

  /** Who declared a red line: a listed person, or the words the officer wrote. */
  declaredBy(l: RedLine): Inline[] {
    if (l.declaredByPersonId !== null)
      return [{ t: 'said', said: this.person(l.declaredByPersonId) }];
    return l.declaredBy ? [{ t: 'said', said: this.redLine(l, l.declaredBy) }] : [];
  }
}

function citationsBy(citations: Citation[]) {
  const by = new Map<string, number[]>();
  for (const c of citations) {
    const key = `${c.targetType}:${c.targetId}`;
    by.set(key, [...(by.get(key) ?? []), c.sourceId]);
  }
  return (type: Citation['targetType'], id: number) => by.get(`${type}:${id}`) ?? [];
}

const cite = (sourceIds: number[]): Inline[] =>
  sourceIds.length ? [{ t: 'cite', sourceIds }] : [];

const text = (s: Said): Inline => ({ t: 'said', said: s });
const meta = (...parts: Inline[]): Inline => ({ t: 'meta', parts });
const muted = (parts: Inline[] | string): Block => ({
  b: 'p',
  parts: typeof parts === 'string' ? [parts] : parts,
  muted: true,
});

function changeCell(row: ComparisonRow): Inline[] {
  const bits: Inline[] = [{ t: 'badge', text: CHANGE_LABELS[row.change], strong: true }];
  const to = row.to;
  if (to && to.movement !== 'none') bits.push({ t: 'badge', text: MOVEMENT_LABELS[to.movement] });
  if (row.diff?.replaced) bits.push({ t: 'badge', text: 'Replaced' });
  if (row.statusChange) {
    bits.push(
      meta(
        `${POSITION_STATUS_LABELS[row.statusChange.from]} → ${POSITION_STATUS_LABELS[row.statusChange.to]}`,
      ),
    );
  } else if (to) {
    bits.push(meta(POSITION_STATUS_LABELS[to.status]));
  }
  return bits;
}

/** The numbered source annex the body's citation marks point to (none when nothing is cited). */
function annexSection(model: BriefModel, items: Items): BriefSection | null {
  const numbers = citationNumbers(model);
  if (numbers.size === 0) return null;
  const entries: AnnexEntry[] = [];
  for (const [sourceId, n] of numbers) {
    const s = items.sources.get(sourceId);
    if (!s) continue;
    entries.push({
      n,
      sourceId,
      kind: SOURCE_KIND_LABELS[s.kind],
      line: items.sourceLine(s),
      reference: s.reference ? items.source(s, s.reference) : null,
      rating: [
        s.reliability ? `reliability ${s.reliability} (${RELIABILITY_LABELS[s.reliability]})` : '',
        s.confidence ? `${s.confidence} confidence` : '',
      ]
        .filter(Boolean)
        .join(', '),
      quote: s.quote ? items.source(s, s.quote) : null,
    });
  }
  return { id: 'annex', title: 'Source annex', blocks: [{ b: 'annex', entries }] };
}

/** The model with its source annex added at the end. */
export function withAnnex(db: Reader, model: BriefModel): BriefModel {
  const annex = annexSection(model, new Items(db, model.negotiationId));
  return annex ? { ...model, sections: [...model.sections, annex] } : model;
}

// Linkages and packages (round brief and overview)

/**
 * The round's linkages in force, each with the issues it ties, its sources, and the parties
 * whose refusal or red line it runs into; then the round's packages. Proposed and withdrawn
 * linkages are left out: a brief says what holds.
 */
function linkageBlocks(
  db: Store,
  items: Items,
  round: Round,
  cited: (type: Citation['targetType'], id: number) => number[],
): Block[] {
  const linkages = roundLinkages(db, round.id).filter((l) => l.status === 'in_force');
  const packages = roundPackages(db, round.id);
  const board = compare.parties(db, round.id);
  const blocks: Block[] = [];
  blocks.push(
    linkages.length
      ? {
          b: 'table',
          columns: [
            { label: 'Party', width: 14 },
            { label: 'Kind', width: 18 },
            { label: 'Linkage' },
            { label: 'Runs into', width: 22 },
          ],
          rows: linkages.map((l) => {
            const against = board.linkageConflicts
              .filter((c) => c.linkageId === l.id)
              .map((c) => {
                const other =
                  c.against.type === 'refusal'
                    ? board.linkages.find(
                        (x) => x.id === (c.against as { linkageId: number }).linkageId,
                      )
                    : board.redLines.find(
                        (x) => x.id === (c.against as { redLineId: number }).redLineId,
                      );
                const word = c.against.type === 'refusal' ? 'refusal' : 'red line';
                return `${items.parties.get(other?.partyId ?? 0)?.shortCode ?? ''} ${word} on ${items.issues.get(c.issueId) ?? ''}`;
              });
            return {
              cells: [
                [items.party(l.partyId)],
                [LINKAGE_KIND_LABELS[l.kind]],
                [
                  text(items.linkage(l, round)),
                  ...cite(cited('linkage', l.id)),
                  meta(
                    'Ties ',
                    ...l.issueIds.flatMap((id, i): Inline[] => [
                      i > 0 ? ', ' : '',
                      text(items.issue(id)),
                    ]),
                  ),
                ],
                against.length ? [...new Set(against)].map((words) => meta(words)) : [''],
              ],
              snap: {
                key: `linkage:${l.id}`,
                section: 'Linkages',
                label: `${items.partyName(l.partyId)}: ${LINKAGE_KIND_LABELS[l.kind]}`,
                text: l.statement,
              },
            };
          }),
        }
      : muted('No linkages in force in this round.'),
  );
  if (packages.length) {
    blocks.push({ b: 'h3', parts: ['Packages'] });
    blocks.push({
      b: 'table',
      columns: [
        { label: 'Party', width: 14 },
        { label: 'Stance', width: 18 },
        { label: 'Package' },
      ],
      rows: packages.map((k) => ({
        cells: [
          [items.party(k.partyId)],
          [PACKAGE_STANCE_LABELS[k.stance]],
          [
            { t: 'strong', parts: [text(items.package(k, round))] },
            meta(`${k.positionIds.length} positions taken together`),
          ],
        ],
        snap: {
          key: `package:${k.id}`,
          section: 'Linkages',
          label: `${items.partyName(k.partyId)}: ${PACKAGE_STANCE_LABELS[k.stance]}`,
          text: k.title,
        },
      })),
    });
  }
  return blocks;
}

// Round brief

/** Developments as table rows: when, what (with its summary and sources), who and what it touched. */
function developmentRows(
  items: Items,
  developments: readonly Development[],
  cited: (type: Citation['targetType'], id: number) => number[],
  section: string,
): TableRow[] {
  return developments.map((d) => ({
    cells: [
      [
        d.startDate || d.endDate
          ? text(items.development(d, describeDateSpan(d.startDate, d.endDate), 'date'))
          : 'Not dated',
        ...(d.dateNote ? [meta(text(items.development(d, d.dateNote, 'date note')))] : []),
      ],
      [
        { t: 'strong', parts: [text(items.development(d, d.title, 'title'))] },
        ...cite(cited('development', d.id)),
        ...(d.summary ? [meta(text(items.development(d, d.summary, 'summary')))] : []),
        ...(d.partyIds.length || d.issueIds.length
          ? [
              {
                t: 'muted',
                parts: [
                  ...d.partyIds.flatMap((id, i): Inline[] => [
                    i > 0 ? ', ' : '',
                    text(items.partyCode(id)),
                  ]),
                  d.partyIds.length && d.issueIds.length ? ' · ' : '',
                  ...d.issueIds.flatMap((id, i): Inline[] => [
                    i > 0 ? ', ' : '',
                    text(items.issue(id)),
                  ]),
                ],
              } as Inline,
            ]
          : []),
      ],
      [DEVELOPMENT_KIND_LABELS[d.kind]],
      [
        {
          t: 'badge',
          text: SIGNIFICANCE_LABELS[d.significance],
          strong: d.significance === 'high',
        },
      ],
    ],
    snap: {
      key: `development:${d.id}`,
      section,
      label: d.title,
      text: `${describeDateSpan(d.startDate, d.endDate)}; ${d.summary}`,
    },
  }));
}

const DEVELOPMENT_COLUMNS = [
  { label: 'When', width: 14 },
  { label: 'Development' },
  { label: 'Kind', width: 14 },
  // Its heading on one line on the printed page.
  { label: 'Significance', width: 16 },
];

function roundBrief(db: Store, roundId: number, options: BriefOptions): BriefModel {
  const round = getRound(db, roundId);
  if (!round) throw notFound('This round', 'roundId');
  const negotiation = getNegotiation(db, round.negotiationId)!;
  const items = new Items(db, negotiation.id);
  const cited = citationsBy([
    ...roundCitations(db, roundId),
    ...negotiationCitations(db, negotiation.id),
  ]);
  const sections: BriefSection[] = [];

  if (options.bottomLine.trim()) {
    const bluf = said(options.bottomLine, null, 'the bottom line');
    sections.push({
      id: 'bluf',
      title: 'Bottom line up front',
      blocks: [
        {
          b: 'box',
          blocks: [
            {
              b: 'paragraphs',
              said: bluf,
              snap: {
                key: 'bluf',
                section: 'Bottom line',
                label: 'Bottom line',
                text: options.bottomLine,
              },
            },
          ],
        },
      ],
    });
  }

  const facts: { label: string; value: Inline[] }[] = [
    {
      label: 'When',
      value: [
        round.startDate || round.endDate
          ? text(items.round(round, describeDateSpan(round.startDate, round.endDate), 'dates'))
          : 'Not recorded',
      ],
    },
  ];
  if (round.dateNote)
    facts.push({
      label: 'Date note',
      value: [text(items.round(round, round.dateNote, 'date note'))],
    });
  if (round.location)
    facts.push({ label: 'Where', value: [text(items.round(round, round.location, 'place'))] });
  if (round.format) facts.push({ label: 'Format', value: [ROUND_FORMAT_LABELS[round.format]] });
  if (round.channel)
    facts.push({
      label: 'Channel or mediator',
      value: [text(items.round(round, round.channel, 'channel'))],
    });
  const roundBlocks: Block[] = [{ b: 'facts', rows: facts }];
  for (const [field, title] of [
    ['summary', 'Summary'],
    ['outcome', 'Outcome'],
  ] as const) {
    if (!round[field]) continue;
    roundBlocks.push(
      { b: 'h3', parts: [title] },
      {
        b: 'paragraphs',
        said: items.round(round, round[field], field),
        snap: { key: `round:${field}`, section: 'The round', label: title, text: round[field] },
      },
    );
  }
  const roundCites = cited('round', round.id);
  if (roundCites.length)
    roundBlocks.push({ b: 'p', parts: ['Sources:', ...cite(roundCites)], muted: true });
  sections.push({ id: 'round', title: 'The round', blocks: roundBlocks });

  // What happened between the previous round and this one, as the round page shows it.
  const before = roundBefore(db, negotiation.id, round.sequence);
  const prior = before ? (items.rounds.get(before.id) ?? null) : null;
  const since = developmentsBefore(listDevelopments(db, negotiation.id), round, prior);
  sections.push({
    id: 'developments',
    title: 'Developments since the previous round',
    blocks: since.length
      ? [
          {
            b: 'table',
            columns: DEVELOPMENT_COLUMNS,
            rows: developmentRows(items, since, cited, 'Developments'),
          },
        ]
      : [
          muted(
            round.startDate || round.endDate
              ? prior
                ? `No developments recorded between round ${prior.sequence} and this round.`
                : 'No developments recorded before this round.'
              : 'This round has no date, so no development can be placed before it.',
          ),
        ],
  });

  const participantRows: TableRow[] = [];
  for (const party of items.parties.values()) {
    const people = party.people.filter((p) => round.participantIds.includes(p.id));
    if (!people.length) continue;
    participantRows.push({
      cells: [
        [items.party(party.id)],
        people.flatMap((p, i) => {
          const title = items.personTitle(p.id);
          return [
            ...(i > 0 ? ['; '] : []),
            text(items.person(p.id)),
            ...(title ? [{ t: 'muted', parts: [' (', text(title), ')'] } as Inline] : []),
          ];
        }),
      ],
    });
  }
  sections.push({
    id: 'participants',
    title: 'Participants',
    blocks: participantRows.length
      ? [
          {
            b: 'table',
            columns: [{ label: 'Party', width: 24 }, { label: 'People' }],
            rows: participantRows,
          },
        ]
      : [muted('No participants recorded.')],
  });

  // Positions: the current wording first, plainly; what changed since the round before as a
  // secondary note, so a senior reads the position, not mark-up.
  const previous = roundBefore(db, negotiation.id, round.sequence);
  const previousRound = previous ? items.rounds.get(previous.id) : undefined;
  const rows: ComparisonRow[] = previous
    ? compare.rounds(db, previous.id, roundId).rows
    : roundPositions(db, roundId).map((p) => ({
        issueId: p.issue_id,
        partyId: p.party_id,
        from: null,
        to: {
          id: p.id,
          text: p.text,
          kind: p.kind,
          status: p.status,
          movement: p.movement,
          markingId: p.marking_id,
        },
        change: 'new',
        diff: null,
        statusChange: null,
      }));
  const positionBlocks: Block[] = [];
  for (const issueId of items.issues.keys()) {
    const here = rows.filter((r) => r.issueId === issueId);
    if (!here.length) continue;
    const issue = items.issue(issueId);
    positionBlocks.push({
      b: 'table',
      caption: [text(issue)],
      columns: [
        { label: 'Party', width: 20 },
        { label: 'Position' },
        { label: 'Change', width: 17 },
      ],
      rows: here.map((r): TableRow => {
        const p = r.to ?? r.from!;
        const party: Inline[] = [items.party(r.partyId), meta(POSITION_KIND_LABELS[p.kind])];
        if (!r.to) {
          const before = items.position(r.from!, r.partyId, r.issueId, previousRound);
          return {
            cells: [
              party,
              [
                { t: 'struck', said: before },
                meta(`Not carried into this round from round ${previous!.sequence}.`),
              ],
              changeCell(r),
            ],
          };
        }
        const now = items.position(r.to, r.partyId, r.issueId, round);
        const cell: Inline[] = [text(now), ...cite(cited('position', r.to.id))];
        if (r.from && r.change === 'reworded') {
          const before = items.position(r.from, r.partyId, r.issueId, previousRound);
          cell.push(
            meta(`Changed since round ${previous!.sequence}: `, {
              t: 'diff',
              before,
              after: now,
              diff: r.diff,
              side: 'both',
            }),
          );
        }
        return {
          cells: [party, cell, changeCell(r)],
          snap: {
            key: `position:${r.to.id}`,
            section: 'Positions',
            label: `${items.partyName(r.partyId)} on ${issue.text}`,
            text: r.to.text,
          },
        };
      }),
    });
  }
  sections.push({
    id: 'positions',
    title: 'Positions by issue',
    blocks: positionBlocks.length
      ? [
          ...(previous
            ? [
                muted(
                  `Each position as it stands in this round; where its wording changed since round ${previous.sequence}, the note beneath shows how (added words underlined, removed words struck through).`,
                ),
              ]
            : []),
          ...positionBlocks,
        ]
      : [muted('No positions recorded.')],
  });

  // Red lines and conflicts.
  const board = compare.parties(db, roundId);
  const allLines = listRedLines(db, negotiation.id);
  const lineById = new Map(allLines.map((l) => [l.id, l]));
  const activeLines = allLines.filter((l) => l.status === 'active');
  const lineRows: TableRow[] = activeLines.map((l) => ({
    cells: [
      [items.party(l.partyId)],
      [text(items.issue(l.issueId))],
      [
        text(items.redLine(l)),
        ...cite(cited('redLine', l.id)),
        meta(
          ...[
            ...(l.declaredDate ? [describeFuzzyDate(l.declaredDate)] : []),
            ...(l.declaredDate && (l.declaredByPersonId !== null || l.declaredBy) ? [', '] : []),
            ...items.declaredBy(l),
          ],
        ),
      ],
    ],
    snap: {
      key: `redline:${l.id}`,
      section: 'Red lines',
      label: `${items.partyName(l.partyId)} on ${items.issues.get(l.issueId) ?? ''}`,
      text: `${l.text} (${RED_LINE_STATUS_LABELS[l.status]})`,
    },
  }));
  const positionById = new Map(board.positions.map((p) => [p.id, p]));
  const pairRows: TableRow[] = board.pairs
    .filter((pair) => pair.verdict !== 'compatible')
    .map((pair) => {
      const p = positionById.get(pair.positionId)!;
      const l = lineById.get(pair.redLineId)!;
      return {
        cells: [
          [text(items.issue(p.issueId))],
          [
            { t: 'strong', parts: [text(items.partyCode(p.partyId))] },
            ': ',
            text(items.position(p, p.partyId, p.issueId, round)),
          ],
          [
            { t: 'strong', parts: [text(items.partyCode(l.partyId))] },
            ': ',
            text(items.redLine(l)),
          ],
          [
            pair.verdict === 'conflicts'
              ? { t: 'badge', text: 'Conflict', strong: true }
              : { t: 'badge', text: 'Open' },
            ...(pair.note
              ? [meta(text(said(pair.note, null, 'a conflict judgement’s note')))]
              : []),
          ],
        ],
        snap: {
          key: `conflict:${pair.positionId}:${pair.redLineId}`,
          section: 'Conflicts',
          label: `${items.partyName(p.partyId)} demand against ${items.partyName(l.partyId)} red line`,
          text: pair.verdict ?? 'open',
        },
      };
    });
  sections.push({
    id: 'red-lines',
    title: 'Red lines and open conflicts',
    blocks: [
      { b: 'h3', parts: ['Active red lines'] },
      lineRows.length
        ? {
            b: 'table',
            columns: [
              { label: 'Party', width: 20 },
              { label: 'Issue', width: 18 },
              { label: 'Red line' },
            ],
            rows: lineRows,
          }
        : muted('None recorded.'),
      { b: 'h3', parts: ['Demands against red lines'] },
      {
        b: 'counts',
        counts: [
          [board.counts.open, 'open'],
          [board.counts.confirmed, 'confirmed'],
          [board.counts.cleared, 'cleared as compatible'],
        ],
      },
      pairRows.length
        ? {
            b: 'table',
            columns: [
              { label: 'Issue', width: 14 },
              { label: 'Demand' },
              { label: 'Red line' },
              { label: 'Judgement', width: 14 },
            ],
            rows: pairRows,
          }
        : muted('No open or confirmed conflicts.'),
    ],
  });

  sections.push({
    id: 'linkages',
    title: 'Linkages in force',
    blocks: linkageBlocks(db, items, round, cited),
  });

  // Key quotes: what the round's sources say in their own words.
  const quoted_ = [
    ...new Set([
      ...roundCites,
      ...rows.flatMap((r) => (r.to ? cited('position', r.to.id) : [])),
      ...activeLines.flatMap((l) => cited('redLine', l.id)),
    ]),
  ]
    .map((id) => items.sources.get(id))
    .filter((s): s is Source => !!s && s.quote.trim() !== '');
  sections.push({
    id: 'quotes',
    title: 'Key quotes',
    blocks: quoted_.length
      ? quoted_.map((s): Block => ({
          b: 'quote',
          said: items.source(s, s.quote),
          meta: [...items.sourceLine(s), ...cite([s.id])],
          snap: {
            key: `quote:${s.id}`,
            section: 'Key quotes',
            label: sourceName(s),
            text: s.quote,
          },
        }))
      : [muted('No quotes recorded for this round.')],
  });

  sections.push({
    id: 'next-steps',
    title: 'Next steps',
    blocks: round.nextSteps
      ? [
          {
            b: 'paragraphs',
            said: items.round(round, round.nextSteps, 'next steps'),
            snap: {
              key: 'round:nextSteps',
              section: 'Next steps',
              label: 'Next steps',
              text: round.nextSteps,
            },
          },
        ]
      : [muted('None recorded.')],
  });

  return {
    kind: 'round',
    negotiationId: negotiation.id,
    roundId,
    negotiationTitle: said(negotiation.title, null, 'the negotiation’s title'),
    subject: items.round(round, `Round ${round.sequence}: ${round.title}`, 'title'),
    subjectDate: describeDateSpan(round.startDate, round.endDate),
    defaultMarkingId: negotiation.markingId,
    sections,
  };
}

// Comparison brief

function comparisonBrief(db: Store, negotiationId: number, options: BriefOptions): BriefModel {
  const negotiation = getNegotiation(db, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  const c = compare.rounds(db, options.fromRoundId!, options.toRoundId!);
  const items = new Items(db, negotiationId);
  const fromRound = items.rounds.get(c.from.id)!;
  const toRound = items.rounds.get(c.to.id)!;
  const rows = c.rows.filter(
    (r) => !options.changesOnly || r.change !== 'unchanged' || r.statusChange,
  );
  const when = (r: Round): Inline =>
    r.startDate
      ? text(items.round(r, describeFuzzyDate(r.startDate), 'date'))
      : 'date not recorded';
  const summary: Block[] = [
    {
      b: 'counts',
      counts: (['new', 'dropped', 'reworded', 'unchanged'] as const).map((k) => [
        c.counts[k],
        CHANGE_LABELS[k].toLowerCase(),
      ]),
    },
    muted([
      `Round ${c.from.sequence} (`,
      when(fromRound),
      `) against round ${c.to.sequence} (`,
      when(toRound),
      `). Added words are underlined, removed words struck through.${options.changesOnly ? ' Only what changed is shown.' : ''}`,
    ]),
  ];
  const byIssue: Block[] = [];
  for (const issueId of items.issues.keys()) {
    const here = rows.filter((r) => r.issueId === issueId);
    if (!here.length) continue;
    const issue = items.issue(issueId);
    byIssue.push({
      b: 'table',
      caption: [text(issue)],
      columns: [
        { label: 'Party', width: 16 },
        { label: `Round ${c.from.sequence}` },
        { label: `Round ${c.to.sequence}` },
        { label: 'Change', width: 16 },
      ],
      rows: here.map((r): TableRow => {
        const before = r.from ? items.position(r.from, r.partyId, r.issueId, fromRound) : null;
        const after = r.to ? items.position(r.to, r.partyId, r.issueId, toRound) : null;
        return {
          cells: [
            [items.party(r.partyId)],
            before
              ? [{ t: 'diff', before, after: after ?? before, diff: r.diff, side: 'before' }]
              : [{ t: 'muted', parts: ['Not raised'] }],
            after
              ? [{ t: 'diff', before: before ?? after, after, diff: r.diff, side: 'after' }]
              : [{ t: 'muted', parts: ['Not carried forward'] }],
            changeCell(r),
          ],
          snap: {
            key: `row:${r.from?.id ?? 'x'}:${r.to?.id ?? 'x'}`,
            section: issue.text,
            label: `${items.partyName(r.partyId)} on ${issue.text}`,
            text: `${CHANGE_LABELS[r.change]}: ${r.to?.text ?? r.from?.text ?? ''}`,
          },
        };
      }),
    });
  }
  // The linkages, as the Compare tab lists them: added, dropped or changed (and, unless only
  // changes are asked for, those that held).
  const LINKAGE_CHANGE = {
    added: 'Added',
    dropped: 'Dropped',
    changed: 'Changed',
    unchanged: 'Unchanged',
  };
  const linkageRows = c.linkages
    .filter((r) => !options.changesOnly || r.change !== 'unchanged')
    .map((r): TableRow => {
      const before = r.from ? items.linkage(r.from, fromRound) : null;
      const after = r.to ? items.linkage(r.to, toRound) : null;
      const either = (r.to ?? r.from)!;
      return {
        cells: [
          [items.party(either.partyId)],
          before
            ? [{ t: 'diff', before, after: after ?? before, diff: r.diff, side: 'before' }]
            : [{ t: 'muted', parts: ['Not made'] }],
          after
            ? [{ t: 'diff', before: before ?? after, after, diff: r.diff, side: 'after' }]
            : [{ t: 'muted', parts: ['Not made in this round'] }],
          [
            LINKAGE_CHANGE[r.change],
            ...(r.fields.length ? [meta(r.fields.join(', '))] : []),
            meta(LINKAGE_KIND_LABELS[either.kind]),
          ],
        ],
        snap: {
          key: `linkage-row:${r.from?.id ?? 'x'}:${r.to?.id ?? 'x'}`,
          section: 'Linkages',
          label: `${items.partyName(either.partyId)}: ${LINKAGE_KIND_LABELS[either.kind]}`,
          text: `${LINKAGE_CHANGE[r.change]}: ${either.statement}`,
        },
      };
    });
  return {
    kind: 'comparison',
    negotiationId,
    roundId: null,
    negotiationTitle: said(negotiation.title, null, 'the negotiation’s title'),
    subject: said(`Round ${c.from.sequence} against round ${c.to.sequence}`, null, 'the subject'),
    subjectDate: describeFuzzyDate(c.to.startDate),
    defaultMarkingId: negotiation.markingId,
    sections: [
      { id: 'summary', title: 'What changed', blocks: summary },
      {
        id: 'by-issue',
        title: 'Positions side by side',
        blocks: byIssue.length ? byIssue : [muted('No positions to compare.')],
      },
      {
        id: 'linkages',
        title: 'Linkages',
        blocks: linkageRows.length
          ? [
              {
                b: 'table',
                columns: [
                  { label: 'Party', width: 16 },
                  { label: `Round ${c.from.sequence}` },
                  { label: `Round ${c.to.sequence}` },
                  { label: 'Change', width: 16 },
                ],
                rows: linkageRows,
              },
            ]
          : [muted('No linkage added, dropped or changed.')],
      },
    ],
  };
}

// Negotiation overview

function overviewBrief(db: Store, negotiationId: number, options: BriefOptions): BriefModel {
  const negotiation = getNegotiation(db, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  const items = new Items(db, negotiationId);
  const rounds = [...items.rounds.values()];
  const cited = citationsBy(negotiationCitations(db, negotiationId));
  const sections: BriefSection[] = [];

  sections.push({
    id: 'summary',
    title: 'The negotiation',
    blocks: [
      ...(negotiation.summary
        ? [
            {
              b: 'paragraphs',
              said: said(negotiation.summary, null, 'the negotiation’s summary'),
            } as Block,
          ]
        : []),
      {
        b: 'table',
        columns: [{ label: 'Party', width: 24 }, { label: 'Role', width: 18 }, { label: 'People' }],
        rows: [...items.parties.values()].map((p) => ({
          cells: [
            [items.party(p.id)],
            [PARTY_ROLE_LABELS[p.role]],
            p.people.flatMap((x, i) => [...(i > 0 ? ['; '] : []), text(items.person(x.id))]),
          ],
        })),
      },
      {
        b: 'p',
        parts: [
          { t: 'strong', parts: ['Issues:'] },
          ' ',
          ...[...items.issues.keys()].flatMap((id, i) => [
            ...(i > 0 ? [' · '] : []),
            text(items.issue(id)),
          ]),
        ],
      },
    ],
  });

  sections.push({
    id: 'timeline',
    title: 'Timeline of rounds',
    blocks: rounds.length
      ? [
          {
            b: 'table',
            columns: [
              { label: 'No.', width: 7 },
              { label: 'Round' },
              { label: 'When', width: 22 },
              { label: 'Where', width: 18 },
              { label: 'Format', width: 12 },
            ],
            rows: rounds.map((r) => ({
              cells: [
                [String(r.sequence)],
                [
                  text(items.round(r, r.title, 'title')),
                  ...(r.summary
                    ? [meta(text(items.round(r, excerpt(r.summary, 280), 'summary')))]
                    : []),
                ],
                [
                  r.startDate || r.endDate
                    ? text(items.round(r, describeDateSpan(r.startDate, r.endDate), 'dates'))
                    : 'Not recorded',
                ],
                r.location ? [text(items.round(r, r.location, 'place'))] : [],
                [r.format ? ROUND_FORMAT_LABELS[r.format] : ''],
              ],
              snap: {
                key: `round:${r.id}`,
                section: 'Timeline',
                label: `Round ${r.sequence}`,
                text: `${r.title}; ${describeDateSpan(r.startDate, r.endDate)}; ${r.location}`,
              },
            })),
          },
        ]
      : [muted('No rounds yet.')],
  });

  // Rounds and what happened around them, on one line of dates (as the Timeline tab shows).
  // Those of low significance only when asked: a senior reads the overview, and years of
  // talks gather hundreds of them (the round briefs and the Timeline tab list every one).
  const developments = listDevelopments(db, negotiationId);
  const listed = options.lowDevelopments
    ? developments
    : developments.filter((d) => d.significance !== 'low');
  const leftOut = developments.length - listed.length;
  const chronology = timelineOf(rounds, listed);
  if (developments.length > 0) {
    const rows: TableRow[] = [];
    for (const entry of chronology) {
      if (entry.type === 'development') {
        rows.push(...developmentRows(items, [entry.development], cited, 'Dated timeline'));
        continue;
      }
      const r = entry.round;
      rows.push({
        cells: [
          [
            r.startDate || r.endDate
              ? text(items.round(r, describeDateSpan(r.startDate, r.endDate), 'dates'))
              : 'Not dated',
          ],
          [
            {
              t: 'strong',
              parts: [`Round ${r.sequence}: `, text(items.round(r, r.title, 'title'))],
            },
          ],
          ['Round'],
          [''],
        ],
      });
    }
    sections.push({
      id: 'chronology',
      title: 'Dated timeline',
      blocks: [
        {
          b: 'p',
          parts: [
            `Rounds and the developments${leftOut ? ' of medium and high significance' : ''} between them, by the earliest day each date can stand for; approximate dates are kept as recorded.`,
            ...(leftOut
              ? [
                  ` ${leftOut === 1 ? 'One development' : `${leftOut} developments`} of low significance ${leftOut === 1 ? 'is' : 'are'} left out.`,
                ]
              : []),
          ],
          muted: true,
        },
        { b: 'table', columns: DEVELOPMENT_COLUMNS, rows },
      ],
    });
  }

  // The trajectory grid. **Important**: one table cell per round would be tens of thousands
  // of cells and seconds of printing for a long negotiation, so each row prints as one strip of
  // glyphs in a monospaced font, a column per round, forty rounds to a table. The glyphs say how
  // every position moved, so the strips carry the marking of the most restricted position.
  const t = compare.trajectory(db, negotiationId, null);
  const CHUNK = 40;
  const glyph = (c: (typeof t.rows)[number]['cells'][number]) =>
    c === null ? '·' : c === 'dropped' ? MARKERS.dropped.glyph : MARKERS[c[1]].glyph;
  const highest = highestMarkedPosition(db, negotiationId);
  const derivedFrom: MarkedItem[] = highest
    ? [
        {
          markingId: highest.markingId,
          what: `the position of ${items.partyName(highest.partyId)} on ${quoted(items.issues.get(highest.issueId) ?? '')} in round ${highest.sequence}, shown in the trajectory`,
        },
      ]
    : [];
  const trajectoryBlocks: Block[] = [];
  const shown = t.rows.filter((row) => row.cells.some((c) => c !== null));
  for (let start = 0; start < t.rounds.length; start += CHUNK) {
    const slice = t.rounds.slice(start, start + CHUNK);
    // Round numbers over every fifth column, so a reader can count across.
    const scale = slice
      .map((r, i) => (i % 5 === 0 ? String(r.sequence).padEnd(5, ' ').slice(0, 5) : ''))
      .join('');
    const strips: Strip[] = shown.map((row) => ({
      label: [text(items.issue(row.issueId)), ' · ', text(items.partyCode(row.partyId))],
      glyphs: row.cells
        .slice(start, start + CHUNK)
        .map(glyph)
        .join(''),
    }));
    trajectoryBlocks.push({ b: 'strips', scale, strips, derivedFrom });
  }
  const legend = Object.values(MARKERS)
    .map((m) => `${m.glyph} ${m.label}`)
    .join(' · ');
  sections.push({
    id: 'trajectory',
    title: 'Trajectory of positions',
    blocks: trajectoryBlocks.length
      ? [
          { b: 'p', parts: [`Rounds across, one column each: ${legend} · · not raised.`] },
          ...trajectoryBlocks,
        ]
      : [muted('No rounds yet.')],
  });

  // Where each party stands now: the latest round's positions.
  const latest = latestRoundId(db, negotiationId);
  const latestRound = latest === undefined ? undefined : items.rounds.get(latest);
  const current: PositionRow[] = latest === undefined ? [] : roundPositions(db, latest);
  const citedPositions = citationsBy(
    positionCitations(
      db,
      current.map((p) => p.id),
    ),
  );
  const positionTables: Block[] = [];
  for (const issueId of items.issues.keys()) {
    const here = current.filter((p) => p.issue_id === issueId);
    if (!here.length) continue;
    const issue = items.issue(issueId);
    positionTables.push({
      b: 'table',
      caption: [text(issue)],
      columns: [
        { label: 'Party', width: 20 },
        { label: 'Position' },
        { label: 'Status', width: 16 },
      ],
      rows: here.map((p) => ({
        cells: [
          [items.party(p.party_id), meta(POSITION_KIND_LABELS[p.kind])],
          [
            text(
              items.position(
                { id: p.id, text: p.text, markingId: p.marking_id },
                p.party_id,
                p.issue_id,
                latestRound,
              ),
            ),
            ...cite(citedPositions('position', p.id)),
          ],
          [
            POSITION_STATUS_LABELS[p.status],
            ...(p.movement !== 'none' ? [meta(MOVEMENT_LABELS[p.movement])] : []),
          ],
        ],
        snap: {
          key: `position:${p.id}`,
          section: 'Positions',
          label: `${items.partyName(p.party_id)} on ${issue.text}`,
          text: p.text,
        },
      })),
    });
  }
  sections.push({
    id: 'positions',
    title: latestRound
      ? `Positions in the latest round (round ${latestRound.sequence})`
      : 'Positions',
    blocks: positionTables.length ? positionTables : [muted('No positions recorded.')],
  });

  const lines = listRedLines(db, negotiationId).filter((l) => l.status === 'active');
  sections.push({
    id: 'red-lines',
    title: 'Active red lines',
    blocks: lines.length
      ? [
          {
            b: 'table',
            columns: [
              { label: 'Party', width: 20 },
              { label: 'Issue', width: 18 },
              { label: 'Red line' },
            ],
            rows: lines.map((l) => ({
              cells: [
                [items.party(l.partyId)],
                [text(items.issue(l.issueId))],
                [
                  text(items.redLine(l)),
                  ...cite(cited('redLine', l.id)),
                  ...(l.declaredDate ? [meta(describeFuzzyDate(l.declaredDate))] : []),
                ],
              ],
              snap: {
                key: `redline:${l.id}`,
                section: 'Red lines',
                label: `${items.partyName(l.partyId)} on ${items.issues.get(l.issueId) ?? ''}`,
                text: l.text,
              },
            })),
          },
        ]
      : [muted('None recorded.')],
  });

  if (latestRound) {
    sections.push({
      id: 'linkages',
      title: `Linkages in force in the latest round (round ${latestRound.sequence})`,
      blocks: linkageBlocks(
        db,
        items,
        latestRound,
        citationsBy(roundCitations(db, latestRound.id).filter((c) => c.targetType === 'linkage')),
      ),
    });
  }

  if (latestRound) {
    const board = compare.parties(db, latestRound.id);
    sections.push({
      id: 'conflicts',
      title: 'Conflicts in the latest round',
      blocks: [
        {
          b: 'counts',
          counts: [
            [board.counts.open, 'open'],
            [board.counts.confirmed, 'confirmed'],
            [board.counts.cleared, 'cleared as compatible'],
          ],
        },
        muted(
          'A conflict is a party’s open demand on an issue where another party holds an active red line.',
        ),
      ],
    });
  }

  return {
    kind: 'overview',
    negotiationId,
    roundId: null,
    negotiationTitle: said(negotiation.title, null, 'the negotiation’s title'),
    subject: said(negotiation.title, null, 'the negotiation’s title'),
    subjectDate: latestRound ? describeDateSpan(latestRound.startDate, latestRound.endDate) : '',
    defaultMarkingId: negotiation.markingId,
    sections,
  };
}

/** The model of a brief, its source annex not yet added (see withAnnex). */
export function briefModel(
  db: Store,
  kind: BriefingKind,
  negotiationId: number,
  options: BriefOptions,
): BriefModel {
  if (kind === 'round') return roundBrief(db, options.roundId!, options);
  if (kind === 'comparison') return comparisonBrief(db, negotiationId, options);
  return overviewBrief(db, negotiationId, options);
}
