// What goes into each kind of brief, as sections of HTML built from the store. Builders read
// through the query functions and the comparison services, escape every piece of user text,
// and report which items they included (for the marking) and a snapshot of them (for
// "changes since the last brief").
import type { BriefingKind } from '../../../shared/briefing';
import { MARKERS, type ChangeKind, type ComparisonRow } from '../../../shared/compare';
import { describeDateSpan, describeFuzzyDate } from '../../../shared/dates';
import type { Citation, Party, Source } from '../../../shared/domain';
import {
  MOVEMENT_LABELS,
  PARTY_ROLE_LABELS,
  POSITION_KIND_LABELS,
  POSITION_STATUS_LABELS,
  RED_LINE_STATUS_LABELS,
  RELIABILITY_LABELS,
  ROUND_FORMAT_LABELS,
  SOURCE_KIND_LABELS,
} from '../../../shared/labels';
import { latestRoundId, roundPositions, type PositionRow } from '../../db/queries/compare';
import { listIssues } from '../../db/queries/issues';
import { getNegotiation } from '../../db/queries/negotiations';
import { listParties } from '../../db/queries/parties';
import { listRedLines } from '../../db/queries/redLines';
import { getRound, listRounds, roundBefore } from '../../db/queries/rounds';
import { listSources, negotiationCitations, roundCitations } from '../../db/queries/sources';
import type { Store } from '../../db/store';
import { compareRounds, partyComparison, trajectory } from '../compare';
import { notFound } from '../errors';
import { countsHtml, diffHtml, esc, paragraphsHtml, SourceNumbers, type Section } from './html';

/** One item of a brief, as remembered for "changes since the last brief". */
export interface SnapshotItem {
  section: string;
  label: string;
  text: string;
}
export type Snapshot = Record<string, SnapshotItem>;

export interface BriefContent {
  kind: BriefingKind;
  negotiationId: number;
  roundId: number | null;
  negotiationTitle: string;
  /** The brief's own subject: "Round 2: Talks reopen in Oman". */
  subject: string;
  /** Event date of the subject, in words ('' when none). */
  subjectDate: string;
  sections: Section[];
  /** Markings of everything included (null: the negotiation's default). */
  markingIds: (number | null)[];
  defaultMarkingId: number;
  snapshot: Snapshot;
}

export interface BriefOptions {
  roundId?: number | undefined;
  fromRoundId?: number | undefined;
  toRoundId?: number | undefined;
  bottomLine: string;
  changesOnly: boolean;
}

const CHANGE_LABELS: Record<ChangeKind, string> = {
  new: 'New',
  dropped: 'Dropped',
  reworded: 'Reworded',
  unchanged: 'Unchanged',
};

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
/** `dir` and `lang` for a quote: right-to-left scripts are marked so they shape and order. */
const quoteAttrs = (text: string) => {
  if (!RTL.test(text)) return 'dir="auto"';
  const lang = /[\u0590-\u05ff]/.test(text) ? 'he' : /[پچژگکی]/.test(text) ? 'fa' : 'ar';
  return `dir="rtl" lang="${lang}"`;
};

const partyHtml = (party: Party | undefined) =>
  party
    ? `<span class="swatch" style="background:${esc(party.colour)}"></span>${esc(party.name)}`
    : '';

function sourceLine(s: Source): string {
  const who = [s.speaker, s.outlet].filter(Boolean).map(esc).join(', ');
  const when = s.saidDate ? `, ${esc(describeFuzzyDate(s.saidDate))}` : '';
  return `${who || esc(s.reference) || 'Untitled source'}${when}`;
}

/** The numbered source annex the body's citation marks point to. */
function annexSection(numbers: SourceNumbers, sources: Map<number, Source>): Section | null {
  const cited = numbers.ordered;
  if (cited.length === 0) return null;
  const items = cited
    .map(({ id, n }) => {
      const s = sources.get(id);
      if (!s) return '';
      const rating = [
        s.reliability ? `reliability ${s.reliability} (${RELIABILITY_LABELS[s.reliability]})` : '',
        s.confidence ? `${s.confidence} confidence` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return (
        `<li id="src-${n}" value="${n}"><strong>[${n}]</strong> ${esc(SOURCE_KIND_LABELS[s.kind])}: ` +
        `${sourceLine(s)}${s.reference ? `. Reference: ${esc(s.reference)}` : ''}` +
        `${rating ? `. <span class="muted">${esc(rating)}</span>` : ''}` +
        `${s.quote ? `<div class="quote"><q ${quoteAttrs(s.quote)}>${esc(s.quote)}</q></div>` : ''}</li>`
      );
    })
    .join('');
  return { id: 'annex', title: 'Source annex', bodyHtml: `<ol class="annex">${items}</ol>` };
}

function citationsBy(citations: Citation[]) {
  const by = new Map<string, number[]>();
  for (const c of citations) {
    const key = `${c.targetType}:${c.targetId}`;
    by.set(key, [...(by.get(key) ?? []), c.sourceId]);
  }
  return (type: Citation['targetType'], id: number) => by.get(`${type}:${id}`) ?? [];
}

function changeCell(row: ComparisonRow): string {
  const to = row.to;
  const bits = [`<span class="badge strong">${CHANGE_LABELS[row.change]}</span>`];
  if (to && to.movement !== 'none')
    bits.push(`<span class="badge">${MOVEMENT_LABELS[to.movement]}</span>`);
  if (row.diff?.replaced) bits.push('<span class="badge">Replaced</span>');
  if (row.statusChange) {
    bits.push(
      `<div class="meta">${esc(POSITION_STATUS_LABELS[row.statusChange.from])} → ` +
        `${esc(POSITION_STATUS_LABELS[row.statusChange.to])}</div>`,
    );
  } else if (to) {
    bits.push(`<div class="meta">${esc(POSITION_STATUS_LABELS[to.status])}</div>`);
  }
  return bits.join('');
}

// Round brief

function roundBrief(db: Store, roundId: number, options: BriefOptions): BriefContent {
  const round = getRound(db, roundId);
  if (!round) throw notFound('This round', 'roundId');
  const negotiation = getNegotiation(db, round.negotiationId)!;
  const parties = listParties(db, negotiation.id);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const issues = listIssues(db, negotiation.id);
  const sources = new Map(listSources(db, negotiation.id).map((s) => [s.id, s]));
  const cited = citationsBy([
    ...roundCitations(db, roundId),
    ...negotiationCitations(db, negotiation.id),
  ]);
  const numbers = new SourceNumbers();
  const snapshot: Snapshot = {};
  const markingIds: (number | null)[] = [round.markingId];
  const sections: Section[] = [];

  if (options.bottomLine.trim()) {
    sections.push({
      id: 'bluf',
      title: 'Bottom line up front',
      bodyHtml: `<div class="box">${paragraphsHtml(options.bottomLine)}</div>`,
    });
    snapshot['bluf'] = { section: 'Bottom line', label: 'Bottom line', text: options.bottomLine };
  }

  const facts = [
    ['When', describeDateSpan(round.startDate, round.endDate) || 'Not recorded'],
    ['Date note', round.dateNote],
    ['Where', round.location],
    ['Format', round.format ? ROUND_FORMAT_LABELS[round.format] : ''],
    ['Channel or mediator', round.channel],
  ].filter(([, v]) => v);
  sections.push({
    id: 'round',
    title: 'The round',
    bodyHtml:
      `<table><tbody>${facts.map(([k, v]) => `<tr><th scope="row" style="width:28%">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` +
      (round.summary ? `<h3>Summary</h3>${paragraphsHtml(round.summary)}` : '') +
      (round.outcome ? `<h3>Outcome</h3>${paragraphsHtml(round.outcome)}` : '') +
      numbers.citeHtml(cited('round', round.id)),
  });
  for (const [field, text] of [
    ['summary', round.summary],
    ['outcome', round.outcome],
  ] as const) {
    if (text)
      snapshot[`round:${field}`] = {
        section: 'The round',
        label: field === 'summary' ? 'Summary' : 'Outcome',
        text,
      };
  }

  const participants = parties
    .map((party) => {
      const people = party.people.filter((p) => round.participantIds.includes(p.id));
      if (!people.length) return '';
      return `<tr><td class="party">${partyHtml(party)}</td><td>${people.map((p) => `${esc(p.name)}${p.title ? ` <span class="muted">(${esc(p.title)})</span>` : ''}`).join('; ')}</td></tr>`;
    })
    .join('');
  sections.push({
    id: 'participants',
    title: 'Participants',
    bodyHtml: participants
      ? `<table><thead><tr><th>Party</th><th>People</th></tr></thead><tbody>${participants}</tbody></table>`
      : '<p class="muted">No participants recorded.</p>',
  });

  // Positions, against the round before where there is one.
  const previous = roundBefore(db, negotiation.id, round.sequence);
  const rows: ComparisonRow[] = previous
    ? compareRounds(db, previous.id, roundId).rows
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
  const positionsHtml = issues
    .map((issue) => {
      const here = rows.filter((r) => r.issueId === issue.id);
      if (!here.length) return '';
      const body = here
        .map((r) => {
          const p = r.to ?? r.from!;
          markingIds.push(p.markingId);
          if (r.to) {
            snapshot[`position:${r.to.id}`] = {
              section: 'Positions',
              label: `${partyById.get(r.partyId)?.name ?? ''} on ${issue.title}`,
              text: r.to.text,
            };
          }
          const text = r.to
            ? diffHtml(r.to.text, r.diff, 'both')
            : `<del>${esc(r.from!.text)}</del> <span class="meta">(not carried into this round)</span>`;
          return (
            `<tr><td class="party">${partyHtml(partyById.get(r.partyId))}<div class="meta">${esc(POSITION_KIND_LABELS[p.kind])}</div></td>` +
            `<td dir="auto">${text}${r.to ? numbers.citeHtml(cited('position', r.to.id)) : ''}</td><td style="width:20%">${changeCell(r)}</td></tr>`
          );
        })
        .join('');
      return `<h3>${esc(issue.title)}</h3><table><thead><tr><th>Party</th><th>Position${previous ? ` (changes since round ${previous.sequence})` : ''}</th><th>Change</th></tr></thead><tbody>${body}</tbody></table>`;
    })
    .join('');
  sections.push({
    id: 'positions',
    title: 'Positions by issue',
    bodyHtml:
      (previous
        ? `<p class="muted">Against round ${previous.sequence}: added words are underlined, removed words struck through.</p>`
        : '') + (positionsHtml || '<p class="muted">No positions recorded.</p>'),
  });

  // Red lines and conflicts.
  const board = partyComparison(db, roundId);
  const activeLines = listRedLines(db, negotiation.id).filter((l) => l.status === 'active');
  const issueTitle = new Map(issues.map((i) => [i.id, i.title]));
  const linesHtml = activeLines
    .map((l) => {
      markingIds.push(l.markingId);
      snapshot[`redline:${l.id}`] = {
        section: 'Red lines',
        label: `${partyById.get(l.partyId)?.name ?? ''} on ${issueTitle.get(l.issueId) ?? ''}`,
        text: `${l.text} (${RED_LINE_STATUS_LABELS[l.status]})`,
      };
      const by =
        l.declaredByPersonId !== null
          ? partyById.get(l.partyId)?.people.find((p) => p.id === l.declaredByPersonId)?.name
          : l.declaredBy;
      return `<tr><td class="party">${partyHtml(partyById.get(l.partyId))}</td><td>${esc(issueTitle.get(l.issueId))}</td><td dir="auto">${esc(l.text)}${numbers.citeHtml(cited('redLine', l.id))}<div class="meta">${esc([describeFuzzyDate(l.declaredDate), by].filter(Boolean).join(', '))}</div></td></tr>`;
    })
    .join('');
  const positionText = new Map(board.positions.map((p) => [p.id, p]));
  const lineText = new Map(board.redLines.map((l) => [l.id, l]));
  const pairsHtml = board.pairs
    .filter((p) => p.verdict !== 'compatible')
    .map((pair) => {
      const p = positionText.get(pair.positionId)!;
      const l = lineText.get(pair.redLineId)!;
      snapshot[`conflict:${pair.positionId}:${pair.redLineId}`] = {
        section: 'Conflicts',
        label: `${partyById.get(p.partyId)?.name} demand against ${partyById.get(l.partyId)?.name} red line`,
        text: pair.verdict ?? 'open',
      };
      return `<tr><td>${esc(issueTitle.get(p.issueId))}</td><td dir="auto"><strong>${esc(partyById.get(p.partyId)?.name)}</strong>: ${esc(p.text)}</td><td dir="auto"><strong>${esc(partyById.get(l.partyId)?.name)}</strong>: ${esc(l.text)}</td><td>${pair.verdict === 'conflicts' ? '<span class="badge strong">Conflict</span>' : '<span class="badge">Open</span>'}${pair.note ? `<div class="meta">${esc(pair.note)}</div>` : ''}</td></tr>`;
    })
    .join('');
  sections.push({
    id: 'red-lines',
    title: 'Red lines and open conflicts',
    bodyHtml:
      `<h3>Active red lines</h3>` +
      (linesHtml
        ? `<table><thead><tr><th>Party</th><th style="width:18%">Issue</th><th>Red line</th></tr></thead><tbody>${linesHtml}</tbody></table>`
        : '<p class="muted">None recorded.</p>') +
      `<h3>Demands against red lines</h3>` +
      countsHtml([
        [board.counts.open, 'open'],
        [board.counts.confirmed, 'confirmed'],
        [board.counts.cleared, 'cleared as compatible'],
      ]) +
      (pairsHtml
        ? `<table><thead><tr><th style="width:14%">Issue</th><th>Demand</th><th>Red line</th><th style="width:14%">Judgement</th></tr></thead><tbody>${pairsHtml}</tbody></table>`
        : '<p class="muted">No open or confirmed conflicts.</p>'),
  });

  // Key quotes: what the round's sources say in their own words.
  const quoted = [
    ...new Set([
      ...cited('round', round.id),
      ...rows.flatMap((r) => (r.to ? cited('position', r.to.id) : [])),
      ...activeLines.flatMap((l) => cited('redLine', l.id)),
    ]),
  ]
    .map((id) => sources.get(id))
    .filter((s): s is Source => !!s && s.quote.trim() !== '');
  sections.push({
    id: 'quotes',
    title: 'Key quotes',
    bodyHtml: quoted.length
      ? quoted
          .map((s) => {
            markingIds.push(s.markingId);
            snapshot[`quote:${s.id}`] = {
              section: 'Key quotes',
              label: sourceLine(s).replace(/<[^>]+>/g, ''),
              text: s.quote,
            };
            return `<div class="quote"><q ${quoteAttrs(s.quote)}>${esc(s.quote)}</q><div class="meta">${sourceLine(s)}${numbers.citeHtml([s.id])}</div></div>`;
          })
          .join('')
      : '<p class="muted">No quotes recorded for this round.</p>',
  });

  sections.push({
    id: 'next-steps',
    title: 'Next steps',
    bodyHtml: round.nextSteps
      ? paragraphsHtml(round.nextSteps)
      : '<p class="muted">None recorded.</p>',
  });
  if (round.nextSteps)
    snapshot['round:nextSteps'] = {
      section: 'Next steps',
      label: 'Next steps',
      text: round.nextSteps,
    };

  const annex = annexSection(numbers, sources);
  if (annex) {
    sections.push(annex);
    for (const { id } of numbers.ordered) markingIds.push(sources.get(id)?.markingId ?? null);
  }
  return {
    kind: 'round',
    negotiationId: negotiation.id,
    roundId,
    negotiationTitle: negotiation.title,
    subject: `Round ${round.sequence}: ${round.title}`,
    subjectDate: describeDateSpan(round.startDate, round.endDate),
    sections,
    markingIds,
    defaultMarkingId: negotiation.markingId,
    snapshot,
  };
}

// Comparison brief

function comparisonBrief(db: Store, negotiationId: number, options: BriefOptions): BriefContent {
  const negotiation = getNegotiation(db, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  const c = compareRounds(db, options.fromRoundId!, options.toRoundId!);
  const parties = new Map(listParties(db, negotiationId).map((p) => [p.id, p]));
  const issues = listIssues(db, negotiationId);
  const rounds = new Map(listRounds(db, negotiationId).map((r) => [r.id, r]));
  const markingIds: (number | null)[] = [
    rounds.get(c.from.id)?.markingId ?? null,
    rounds.get(c.to.id)?.markingId ?? null,
  ];
  const snapshot: Snapshot = {};
  const rows = c.rows.filter(
    (r) => !options.changesOnly || r.change !== 'unchanged' || r.statusChange,
  );
  const summaryHtml =
    countsHtml(
      (['new', 'dropped', 'reworded', 'unchanged'] as const).map((k) => [
        c.counts[k],
        CHANGE_LABELS[k].toLowerCase(),
      ]),
    ) +
    `<p class="muted">Round ${c.from.sequence} (${esc(describeFuzzyDate(c.from.startDate) || 'date not recorded')}) against round ${c.to.sequence} (${esc(describeFuzzyDate(c.to.startDate) || 'date not recorded')}). Added words are underlined, removed words struck through.${options.changesOnly ? ' Only what changed is shown.' : ''}</p>`;
  const byIssue = issues
    .map((issue) => {
      const here = rows.filter((r) => r.issueId === issue.id);
      if (!here.length) return '';
      const body = here
        .map((r) => {
          markingIds.push(r.from?.markingId ?? null, r.to?.markingId ?? null);
          snapshot[`row:${r.from?.id ?? 'x'}:${r.to?.id ?? 'x'}`] = {
            section: issue.title,
            label: `${parties.get(r.partyId)?.name ?? ''} on ${issue.title}`,
            text: `${CHANGE_LABELS[r.change]}: ${r.to?.text ?? r.from?.text ?? ''}`,
          };
          return (
            `<tr><td class="party">${partyHtml(parties.get(r.partyId))}</td>` +
            `<td dir="auto">${r.from ? diffHtml(r.from.text, r.diff, 'before') : '<span class="muted">Not raised</span>'}</td>` +
            `<td dir="auto">${r.to ? diffHtml(r.to.text, r.diff, 'after') : '<span class="muted">Not carried forward</span>'}</td>` +
            `<td style="width:16%">${changeCell(r)}</td></tr>`
          );
        })
        .join('');
      return `<h3>${esc(issue.title)}</h3><table><thead><tr><th style="width:16%">Party</th><th>Round ${c.from.sequence}</th><th>Round ${c.to.sequence}</th><th style="width:16%">Change</th></tr></thead><tbody>${body}</tbody></table>`;
    })
    .join('');
  return {
    kind: 'comparison',
    negotiationId,
    roundId: null,
    negotiationTitle: negotiation.title,
    subject: `Round ${c.from.sequence} against round ${c.to.sequence}`,
    subjectDate: describeFuzzyDate(c.to.startDate),
    sections: [
      { id: 'summary', title: 'What changed', bodyHtml: summaryHtml },
      {
        id: 'by-issue',
        title: 'Positions side by side',
        bodyHtml: byIssue || '<p class="muted">No positions to compare.</p>',
      },
    ],
    markingIds,
    defaultMarkingId: negotiation.markingId,
    snapshot,
  };
}

// Negotiation overview

function overviewBrief(db: Store, negotiationId: number): BriefContent {
  const negotiation = getNegotiation(db, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  const parties = listParties(db, negotiationId);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const issues = listIssues(db, negotiationId);
  const issueTitle = new Map(issues.map((i) => [i.id, i.title]));
  const rounds = listRounds(db, negotiationId);
  const sources = new Map(listSources(db, negotiationId).map((s) => [s.id, s]));
  const numbers = new SourceNumbers();
  const cited = citationsBy(negotiationCitations(db, negotiationId));
  const markingIds: (number | null)[] = [];
  const snapshot: Snapshot = {};
  const sections: Section[] = [];

  sections.push({
    id: 'summary',
    title: 'The negotiation',
    bodyHtml:
      paragraphsHtml(negotiation.summary || '') +
      `<table><thead><tr><th>Party</th><th style="width:18%">Role</th><th>People</th></tr></thead><tbody>${parties
        .map(
          (p) =>
            `<tr><td class="party">${partyHtml(p)}</td><td>${esc(PARTY_ROLE_LABELS[p.role])}</td><td>${p.people.map((x) => esc(x.name)).join('; ')}</td></tr>`,
        )
        .join('')}</tbody></table>` +
      `<p><strong>Issues:</strong> ${issues.map((i) => esc(i.title)).join(' · ')}</p>`,
  });

  sections.push({
    id: 'timeline',
    title: 'Timeline of rounds',
    bodyHtml: rounds.length
      ? `<table><thead><tr><th style="width:7%">No.</th><th>Round</th><th style="width:22%">When</th><th style="width:18%">Where</th><th style="width:12%">Format</th></tr></thead><tbody>${rounds
          .map((r) => {
            markingIds.push(r.markingId);
            snapshot[`round:${r.id}`] = {
              section: 'Timeline',
              label: `Round ${r.sequence}`,
              text: `${r.title}; ${describeDateSpan(r.startDate, r.endDate)}; ${r.location}`,
            };
            return `<tr><td>${r.sequence}</td><td>${esc(r.title)}${r.summary ? `<div class="meta" dir="auto">${esc(r.summary.length > 280 ? `${r.summary.slice(0, 279)}…` : r.summary)}</div>` : ''}</td><td>${esc(describeDateSpan(r.startDate, r.endDate) || 'Not recorded')}</td><td>${esc(r.location)}</td><td>${esc(r.format ? ROUND_FORMAT_LABELS[r.format] : '')}</td></tr>`;
          })
          .join('')}</tbody></table>`
      : '<p class="muted">No rounds yet.</p>',
  });

  // The trajectory grid. **Important**: one table cell per round would be tens of thousands
  // of cells and seconds of printing for a long negotiation, so each row prints as one strip of
  // glyphs in a monospaced font, a column per round, forty rounds to a table.
  const t = trajectory(db, negotiationId, null);
  const CHUNK = 40;
  const glyph = (c: (typeof t.rows)[number]['cells'][number]) =>
    c === null ? '·' : c === 'dropped' ? MARKERS.dropped.glyph : MARKERS[c[1]].glyph;
  const chunks: string[] = [];
  for (let start = 0; start < t.rounds.length; start += CHUNK) {
    const slice = t.rounds.slice(start, start + CHUNK);
    // Round numbers over every fifth column, so a reader can count across.
    const scale = slice
      .map((r, i) => (i % 5 === 0 ? String(r.sequence).padEnd(5, ' ').slice(0, 5) : ''))
      .join('');
    const body = t.rows
      .filter((row) => row.cells.some((c) => c !== null))
      .map(
        (row) =>
          `<tr><td class="label">${esc(issueTitle.get(row.issueId))} · ${esc(partyById.get(row.partyId)?.shortCode)}</td>` +
          `<td class="strip">${esc(
            row.cells
              .slice(start, start + CHUNK)
              .map(glyph)
              .join(''),
          )}</td></tr>`,
      )
      .join('');
    chunks.push(
      `<table class="grid"><thead><tr><th class="label">Issue · party</th>` +
        `<th class="strip">${esc(scale)}</th></tr></thead><tbody>${body}</tbody></table>`,
    );
  }
  const legend = Object.values(MARKERS)
    .map((m) => `${m.glyph} ${m.label}`)
    .join(' · ');
  sections.push({
    id: 'trajectory',
    title: 'Trajectory of positions',
    bodyHtml: chunks.length
      ? `<p class="legend">Rounds across, one column each: ${esc(legend)} · · not raised.</p>${chunks.join('')}`
      : '<p class="muted">No rounds yet.</p>',
  });

  // Where each party stands now: the latest round's positions.
  const latest = latestRoundId(db, negotiationId);
  const latestRound = rounds.find((r) => r.id === latest);
  const current: PositionRow[] = latest === undefined ? [] : roundPositions(db, latest);
  sections.push({
    id: 'positions',
    title: latestRound
      ? `Positions in the latest round (round ${latestRound.sequence})`
      : 'Positions',
    bodyHtml: current.length
      ? issues
          .map((issue) => {
            const here = current.filter((p) => p.issue_id === issue.id);
            if (!here.length) return '';
            return `<h3>${esc(issue.title)}</h3><table><thead><tr><th style="width:22%">Party</th><th>Position</th><th style="width:16%">Status</th></tr></thead><tbody>${here
              .map((p) => {
                markingIds.push(p.marking_id);
                snapshot[`position:${p.id}`] = {
                  section: 'Positions',
                  label: `${partyById.get(p.party_id)?.name} on ${issue.title}`,
                  text: p.text,
                };
                return `<tr><td class="party">${partyHtml(partyById.get(p.party_id))}<div class="meta">${esc(POSITION_KIND_LABELS[p.kind])}</div></td><td dir="auto">${esc(p.text)}</td><td>${esc(POSITION_STATUS_LABELS[p.status])}${p.movement !== 'none' ? `<div class="meta">${esc(MOVEMENT_LABELS[p.movement])}</div>` : ''}</td></tr>`;
              })
              .join('')}</tbody></table>`;
          })
          .join('')
      : '<p class="muted">No positions recorded.</p>',
  });

  const lines = listRedLines(db, negotiationId).filter((l) => l.status === 'active');
  sections.push({
    id: 'red-lines',
    title: 'Active red lines',
    bodyHtml: lines.length
      ? `<table><thead><tr><th style="width:20%">Party</th><th style="width:18%">Issue</th><th>Red line</th></tr></thead><tbody>${lines
          .map((l) => {
            markingIds.push(l.markingId);
            snapshot[`redline:${l.id}`] = {
              section: 'Red lines',
              label: `${partyById.get(l.partyId)?.name} on ${issueTitle.get(l.issueId)}`,
              text: l.text,
            };
            return `<tr><td class="party">${partyHtml(partyById.get(l.partyId))}</td><td>${esc(issueTitle.get(l.issueId))}</td><td dir="auto">${esc(l.text)}${numbers.citeHtml(cited('redLine', l.id))}<div class="meta">${esc(describeFuzzyDate(l.declaredDate))}</div></td></tr>`;
          })
          .join('')}</tbody></table>`
      : '<p class="muted">None recorded.</p>',
  });

  if (latestRound) {
    const board = partyComparison(db, latestRound.id);
    sections.push({
      id: 'conflicts',
      title: 'Conflicts in the latest round',
      bodyHtml:
        countsHtml([
          [board.counts.open, 'open'],
          [board.counts.confirmed, 'confirmed'],
          [board.counts.cleared, 'cleared as compatible'],
        ]) +
        `<p class="muted">A conflict is a party’s open demand on an issue where another party holds an active red line.</p>`,
    });
  }

  const annex = annexSection(numbers, sources);
  if (annex) sections.push(annex);
  return {
    kind: 'overview',
    negotiationId,
    roundId: null,
    negotiationTitle: negotiation.title,
    subject: negotiation.title,
    subjectDate: latestRound ? describeDateSpan(latestRound.startDate, latestRound.endDate) : '',
    sections,
    markingIds,
    defaultMarkingId: negotiation.markingId,
    snapshot,
  };
}

export function briefContent(
  db: Store,
  kind: BriefingKind,
  negotiationId: number,
  options: BriefOptions,
): BriefContent {
  if (kind === 'round') return roundBrief(db, options.roundId!, options);
  if (kind === 'comparison') return comparisonBrief(db, negotiationId, options);
  return overviewBrief(db, negotiationId);
}
