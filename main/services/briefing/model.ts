// A brief as a typed model: sections of blocks and rows, in which every piece of the officer's
// text is a `Said` — the text, the marking it carries, and what it is. Builders (content.ts)
// only gather; the marking floor, the snapshot for "changes since the last brief" and the
// citation numbers are computed here, once, from any model; renderers (render.ts, and a Word
// renderer later) only lay it out. A builder cannot forget a marking: text that is not a `Said`
// has no way into the officer's part of a brief.
import type { BriefingKind } from '../../../shared/briefing';
import type { TextDiff } from '../../../shared/compare';
import type { MarkedItem } from '../marking';

/** The officer's text, as a brief prints it. */
export interface Said extends MarkedItem {
  text: string;
}

export const said = (text: string, markingId: number | null, what: string): Said => ({
  text,
  markingId,
  what,
});

/**
 * A run of a line. A plain string is Parley's own words (labels, counts, dates it formats);
 * **Important**: never put the officer's text in a plain string — wrap it in a `Said`.
 */
export type Inline =
  | string
  | { t: 'said'; said: Said }
  | { t: 'party'; name: Said; colour: string }
  /** One side of a word diff, or both: removals struck through, additions underlined. */
  | {
      t: 'diff';
      before: Said;
      after: Said;
      diff: TextDiff | null;
      side: 'before' | 'after' | 'both';
    }
  | { t: 'struck'; said: Said }
  | { t: 'cite'; sourceIds: number[] }
  | { t: 'badge'; text: string; strong?: boolean }
  | { t: 'strong'; parts: Inline[] }
  /** A small secondary line under the main text. */
  | { t: 'meta'; parts: Inline[] }
  | { t: 'muted'; parts: Inline[] }
  | { t: 'link'; to: string; parts: Inline[] };

export interface Column {
  label: string;
  /** Share of the table's width, in per cent; the rest is shared by columns without one. */
  width?: number;
}

/** One remembered item of a brief, for "changes since the last brief". */
export interface Snap {
  key: string;
  section: string;
  label: string;
  text: string;
}

export interface TableRow {
  cells: Inline[][];
  snap?: Snap;
}

/** One strip of the trajectory: a label and a glyph per round. */
export interface Strip {
  label: Inline[];
  glyphs: string;
}

export interface AnnexEntry {
  n: number;
  sourceId: number;
  kind: string;
  line: Inline[];
  reference: Said | null;
  rating: string;
  quote: Said | null;
}

export type Block =
  | { b: 'paragraphs'; said: Said; snap?: Snap }
  | { b: 'p'; parts: Inline[]; muted?: boolean }
  | { b: 'h3'; parts: Inline[] }
  | { b: 'box'; blocks: Block[] }
  | { b: 'counts'; counts: [number, string][] }
  | { b: 'facts'; rows: { label: string; value: Inline[] }[] }
  /** `caption` repeats at the top of every page the table continues on. */
  | { b: 'table'; caption?: Inline[]; columns: Column[]; rows: TableRow[] }
  | { b: 'quote'; said: Said; meta: Inline[]; snap?: Snap }
  /** `derivedFrom`: what the glyphs tell of, though they print none of its words. */
  | { b: 'strips'; scale: string; strips: Strip[]; derivedFrom: MarkedItem[] }
  | { b: 'annex'; entries: AnnexEntry[] };

export interface BriefSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface BriefModel {
  kind: BriefingKind;
  negotiationId: number;
  roundId: number | null;
  negotiationTitle: Said;
  /** The brief's own subject: "Round 2: Talks reopen in Oman". */
  subject: Said;
  /** Event date of the subject, in words ('' when none). */
  subjectDate: string;
  /** The negotiation's own marking: what an item without one carries. */
  defaultMarkingId: number;
  sections: BriefSection[];
}

// Walking a model

function* inlineSaids(parts: readonly Inline[]): Generator<Said> {
  for (const part of parts) {
    if (typeof part === 'string') continue;
    switch (part.t) {
      case 'said':
      case 'struck':
        yield part.said;
        break;
      case 'party':
        yield part.name;
        break;
      case 'diff':
        if (part.side !== 'after') yield part.before;
        if (part.side !== 'before') yield part.after;
        break;
      case 'strong':
      case 'meta':
      case 'muted':
      case 'link':
        yield* inlineSaids(part.parts);
        break;
      case 'cite':
      case 'badge':
        break;
    }
  }
}

function* blockSaids(block: Block): Generator<MarkedItem> {
  switch (block.b) {
    case 'paragraphs':
      yield block.said;
      break;
    case 'p':
    case 'h3':
      yield* inlineSaids(block.parts);
      break;
    case 'box':
      for (const inner of block.blocks) yield* blockSaids(inner);
      break;
    case 'facts':
      for (const row of block.rows) yield* inlineSaids(row.value);
      break;
    case 'table':
      if (block.caption) yield* inlineSaids(block.caption);
      for (const row of block.rows) for (const cell of row.cells) yield* inlineSaids(cell);
      break;
    case 'quote':
      yield block.said;
      yield* inlineSaids(block.meta);
      break;
    case 'strips':
      for (const strip of block.strips) yield* inlineSaids(strip.label);
      yield* block.derivedFrom;
      break;
    case 'annex':
      for (const entry of block.entries) {
        yield* inlineSaids(entry.line);
        if (entry.reference) yield entry.reference;
        if (entry.quote) yield entry.quote;
      }
      break;
    case 'counts':
      break;
  }
}

/** Everything the brief tells of, its text or what is derived from it: its marking floor. */
export function* markedItemsOf(model: BriefModel): Generator<MarkedItem> {
  yield model.negotiationTitle;
  yield model.subject;
  for (const section of model.sections)
    for (const block of section.blocks) yield* blockSaids(block);
}

/** A remembered item and the highest marking among what it was made of. */
export interface SnapshotEntry extends Snap {
  /** The marking the item carried when it was briefed (the negotiation's own resolved). */
  markingId: number;
}

/**
 * What the brief holds, item by item, for the next brief's "changes since": every row or block
 * that names a snapshot key, with the marking of everything printed in it.
 */
export function snapshotOf(
  model: BriefModel,
  rankOf: (markingId: number | null) => { id: number; rank: number },
): SnapshotEntry[] {
  const entries: SnapshotEntry[] = [];
  const highest = (saids: Iterable<MarkedItem>) => {
    let top = rankOf(null);
    for (const s of saids) {
      const m = rankOf(s.markingId);
      if (m.rank > top.rank) top = m;
    }
    return top.id;
  };
  const visit = (block: Block) => {
    if (block.b === 'table') {
      for (const row of block.rows) {
        if (row.snap)
          entries.push({
            ...row.snap,
            markingId: highest(row.cells.flatMap((c) => [...inlineSaids(c)])),
          });
      }
    } else if ((block.b === 'paragraphs' || block.b === 'quote') && block.snap) {
      entries.push({ ...block.snap, markingId: highest(blockSaids(block)) });
    } else if (block.b === 'box') {
      block.blocks.forEach(visit);
    }
  };
  for (const section of model.sections) section.blocks.forEach(visit);
  return entries;
}

/** The sources the brief cites, numbered in the order the body first cites them. */
export function citationNumbers(model: BriefModel): Map<number, number> {
  const numbers = new Map<number, number>();
  const note = (ids: readonly number[]) => {
    for (const id of ids) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  };
  const inline = (parts: readonly Inline[]) => {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      if (part.t === 'cite') note(part.sourceIds);
      else if ('parts' in part) inline(part.parts);
    }
  };
  const block = (b: Block) => {
    switch (b.b) {
      case 'p':
      case 'h3':
        inline(b.parts);
        break;
      case 'box':
        b.blocks.forEach(block);
        break;
      case 'facts':
        b.rows.forEach((r) => inline(r.value));
        break;
      case 'table':
        if (b.caption) inline(b.caption);
        b.rows.forEach((r) => r.cells.forEach(inline));
        break;
      case 'quote':
        inline(b.meta);
        break;
      default:
        break;
    }
  };
  for (const section of model.sections) section.blocks.forEach(block);
  return numbers;
}
