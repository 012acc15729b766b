// A brief model laid out as a Word document (the `docx` package). Chanceries circulate briefing
// notes as Word files that a senior edits before they go up, so everything that must survive
// that editing is Word's own: the marking in the header and footer of every page, "Page X of Y"
// as PAGE and NUMPAGES fields, the contents as a TOC field, and named styles ("Parley Position",
// "Parley Source", …) that a ministry's template can restyle. What to say was decided by the
// builders (content.ts); this file only lays it out, from the same model the PDF is made of.
import {
  AlignmentType,
  BorderStyle,
  Bookmark,
  Document,
  Footer,
  Header,
  InternalHyperlink,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IBorderOptions,
  type IParagraphStyleOptions,
  type ICharacterStyleOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { PageSize } from '../../../shared/briefing';
import { citationNumbers, type Block, type BriefModel, type Inline, type Said } from './model';
import { coverLines, type Cover } from './render';

/** What the document says of itself (Word's File → Info, and what records systems read). */
export interface DocxMetadata {
  title: string;
  /** "Prepared by": creator and last modified by. */
  author: string;
  /** The handling marking. */
  subject: string;
  keywords: string[];
}

export interface DocxOptions extends Cover {
  title: string;
  pageSize: PageSize;
  metadata: DocxMetadata;
}

// Lengths in twentieths of a point (twips): 1 mm = 56.7 twips.
const mm = (n: number) => Math.round(n * 56.7);
const PAGES: Record<PageSize, { width: number; height: number }> = {
  A4: { width: 11906, height: 16838 },
  Letter: { width: 12240, height: 15840 },
};
const MARGIN = { top: mm(24), bottom: mm(22), side: mm(18) };
/** A border drawn the same on all four sides. */
const box = (side: IBorderOptions) => ({ top: side, bottom: side, left: side, right: side });
/** Header and footer 10 mm inside the paper's edge: office printers do not cut them off. */
const HEADER_DISTANCE = mm(10);

/** Fonts every Word has; LibreOffice reads them as their metric twins (Liberation). */
const BODY_FONT = 'Times New Roman';
const HEADING_FONT = 'Arial';
/** Persian, Arabic and Hebrew: Arial carries all three on Windows and macOS. */
const COMPLEX_FONT = 'Arial';
const NAVY = '1F3A56';

/** Right-to-left scripts: Hebrew, Arabic (with Persian and Urdu), Syriac, Thaana, NKo … */
const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/** A right-to-left stretch: RTL letters and what sits between them (spaces, joiners, digits,
 * punctuation), so a phrase stays one run and is ordered as one. */
const RTL_RUN =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc](?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200c\u200d\s\d.,:;!?()«»"'\u060c\u061b\u061f\u066b\u066c-]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc.!?\u061f])?/g;
const STRONG_LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;

/** The paragraph's base direction, as `dir="auto"` finds it: from its first strong letter. */
export function isRightToLeft(text: string): boolean {
  for (const char of text) {
    if (RTL_CHAR.test(char)) return true;
    if (STRONG_LTR.test(char)) return false;
  }
  return false;
}

/** The language a right-to-left run is tagged with, so Word picks the proofing and shaping. */
function rtlLanguage(text: string): string {
  if (/[\u0590-\u05ff]/.test(text)) return 'he-IL';
  return /[پچژگکی]/.test(text) ? 'fa-IR' : 'ar-SA';
}

// Named styles: a ministry template restyles the document by these names.

export const STYLE = {
  title: 'Title',
  heading1: 'Heading1',
  heading2: 'Heading2',
  coverKind: 'ParleyCoverKind',
  subtitle: 'ParleySubtitle',
  coverFact: 'ParleyCoverFact',
  stamp: 'ParleyMarkingStamp',
  marking: 'ParleyMarking',
  contents: 'ParleyContentsHeading',
  body: 'ParleyBody',
  position: 'ParleyPosition',
  redLine: 'ParleyRedLine',
  quote: 'ParleyQuote',
  source: 'ParleySource',
  note: 'ParleyNote',
  tableText: 'ParleyTableText',
  tableHeading: 'ParleyTableHeading',
  tableCaption: 'ParleyTableCaption',
  box: 'ParleyBottomLine',
  counts: 'ParleyCounts',
  strip: 'ParleyTrajectory',
} as const;

export const CHARACTER_STYLE = {
  inserted: 'ParleyInserted',
  deleted: 'ParleyDeleted',
  badge: 'ParleyBadge',
  cite: 'ParleyCitation',
  party: 'ParleyParty',
  muted: 'ParleyMuted',
} as const;

const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: STYLE.body,
    name: 'Parley Body',
    basedOn: 'Normal',
    next: STYLE.body,
    quickFormat: true,
    paragraph: { spacing: { after: 120 } },
  },
  {
    id: STYLE.coverKind,
    name: 'Parley Cover Kind',
    basedOn: 'Normal',
    next: STYLE.body,
    run: { font: HEADING_FONT, size: 20, allCaps: true, characterSpacing: 40, color: '555555' },
    paragraph: { spacing: { before: mm(50), after: 120 } },
  },
  {
    id: STYLE.subtitle,
    name: 'Parley Subtitle',
    basedOn: 'Normal',
    next: STYLE.body,
    run: { font: HEADING_FONT, size: 28, color: '333333' },
    paragraph: { spacing: { after: 480 } },
  },
  {
    id: STYLE.coverFact,
    name: 'Parley Cover Fact',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 21 },
    paragraph: { spacing: { after: 60 } },
  },
  {
    id: STYLE.stamp,
    name: 'Parley Marking Stamp',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 28, bold: true, characterSpacing: 60 },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { before: 600, after: 0 },
      border: box({ style: BorderStyle.SINGLE, size: 16, color: '111111', space: 6 }),
    },
  },
  {
    id: STYLE.marking,
    name: 'Parley Marking',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 18 },
    paragraph: { spacing: { before: 0, after: 0 } },
  },
  {
    id: STYLE.contents,
    name: 'Parley Contents Heading',
    basedOn: 'Normal',
    next: STYLE.body,
    run: { font: HEADING_FONT, size: 26, bold: true, color: NAVY },
    paragraph: { spacing: { before: 240, after: 120 } },
  },
  {
    id: STYLE.position,
    name: 'Parley Position',
    basedOn: STYLE.tableText,
    quickFormat: true,
  },
  {
    id: STYLE.redLine,
    name: 'Parley Red Line',
    basedOn: STYLE.tableText,
    quickFormat: true,
  },
  {
    id: STYLE.quote,
    name: 'Parley Quote',
    basedOn: 'Normal',
    quickFormat: true,
    run: { italics: true },
    paragraph: {
      spacing: { before: 60, after: 40 },
      indent: { left: mm(4) },
      border: { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 } },
      keepNext: true,
    },
  },
  {
    id: STYLE.source,
    name: 'Parley Source',
    basedOn: 'Normal',
    quickFormat: true,
    paragraph: { spacing: { after: 100 }, indent: { left: mm(8), hanging: mm(8) } },
  },
  {
    id: STYLE.note,
    name: 'Parley Note',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 16, color: '444444' },
    paragraph: { spacing: { before: 20, after: 40 } },
  },
  {
    id: STYLE.tableText,
    name: 'Parley Table Text',
    basedOn: 'Normal',
    paragraph: { spacing: { before: 0, after: 40 } },
  },
  {
    id: STYLE.tableHeading,
    name: 'Parley Table Heading',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 16, bold: true, allCaps: true, color: '333333' },
    paragraph: { spacing: { before: 0, after: 0 }, keepNext: true },
  },
  {
    id: STYLE.tableCaption,
    name: 'Parley Table Caption',
    basedOn: 'Normal',
    run: { font: HEADING_FONT, size: 21, bold: true, color: NAVY },
    paragraph: { spacing: { before: 80, after: 20 }, keepNext: true },
  },
  {
    id: STYLE.box,
    name: 'Parley Bottom Line',
    basedOn: STYLE.body,
    paragraph: {
      indent: { left: mm(2), right: mm(2) },
      border: box({ style: BorderStyle.SINGLE, size: 6, color: '999999', space: 4 }),
    },
  },
  {
    id: STYLE.counts,
    name: 'Parley Counts',
    basedOn: STYLE.body,
    run: { font: HEADING_FONT, size: 22 },
  },
  {
    id: STYLE.strip,
    name: 'Parley Trajectory',
    basedOn: STYLE.tableText,
    run: { font: 'Courier New', size: 16, characterSpacing: 30 },
  },
];

const characterStyles: ICharacterStyleOptions[] = [
  {
    id: CHARACTER_STYLE.inserted,
    name: 'Parley Inserted',
    run: { underline: { type: 'single' }, color: '12602F' },
  },
  { id: CHARACTER_STYLE.deleted, name: 'Parley Deleted', run: { strike: true, color: '8A1C1C' } },
  {
    id: CHARACTER_STYLE.badge,
    name: 'Parley Badge',
    run: { font: HEADING_FONT, size: 15, allCaps: true, bold: true },
  },
  { id: CHARACTER_STYLE.cite, name: 'Parley Citation', run: { superScript: true, size: 15 } },
  {
    id: CHARACTER_STYLE.party,
    name: 'Parley Party',
    run: { font: HEADING_FONT, bold: true, size: 19 },
  },
  { id: CHARACTER_STYLE.muted, name: 'Parley Muted', run: { color: '555555' } },
];

/** A bookmark name Word accepts: a letter first, then letters, digits and underscores. */
const bookmark = (id: string) => `p_${id.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 40);

type RunFormat = Omit<IRunOptions, 'text' | 'children' | 'break'>;

/** A paragraph being gathered: its children, and the style it will carry. */
interface Draft {
  children: ParagraphChild[];
  text: string;
  style: string;
}

class WordRenderer {
  constructor(
    private readonly numbers: Map<number, number>,
    private readonly textWidth: number,
  ) {}

  /** Text as runs: right-to-left stretches in runs of their own, line breaks kept. */
  runs(text: string, format: RunFormat = {}): TextRun[] {
    const out: TextRun[] = [];
    text.split('\n').forEach((line, i) => {
      let at = 0;
      const push = (piece: string, rtl: boolean, first: boolean) => {
        if (!piece && !first) return;
        out.push(
          new TextRun({
            ...format,
            text: piece,
            ...(first && i > 0 ? { break: 1 } : {}),
            ...(rtl
              ? {
                  rightToLeft: true,
                  language: { bidirectional: rtlLanguage(piece) },
                }
              : {}),
          }),
        );
      };
      let first = true;
      for (const match of line.matchAll(RTL_RUN)) {
        if (match.index > at || first) push(line.slice(at, match.index), false, first);
        first = false;
        push(match[0], true, false);
        at = match.index + match[0].length;
      }
      if (at < line.length || first) push(line.slice(at), false, first);
    });
    return out;
  }

  /**
   * Inline parts as paragraphs: most parts add runs to the paragraph under way; a `meta` part
   * (a small note under the main text) is a paragraph of its own, as it is a line of its own
   * in the PDF.
   */
  paragraphs(parts: readonly Inline[], style: string, lead: ParagraphChild[] = []): Paragraph[] {
    const done: Draft[] = [];
    let current: Draft = { children: [...lead], text: '', style: this.styleFor(parts, style) };
    const flush = () => {
      if (current.children.length) done.push(current);
      current = { children: [], text: '', style };
    };
    const add = (children: ParagraphChild[], text: string) => {
      current.children.push(...children);
      current.text += text;
    };
    const visit = (list: readonly Inline[], format: RunFormat) => {
      for (const part of list) {
        if (typeof part === 'string') {
          add(this.runs(part, format), part);
          continue;
        }
        switch (part.t) {
          case 'said':
            add(this.runs(part.said.text, format), part.said.text);
            break;
          case 'party':
            add(
              [
                new TextRun({
                  text: '■ ',
                  color: part.colour.replace('#', ''),
                  font: HEADING_FONT,
                }),
                ...this.runs(part.name.text, { ...format, style: CHARACTER_STYLE.party }),
              ],
              part.name.text,
            );
            break;
          case 'diff':
            add(
              this.diffRuns(part, format),
              part.side === 'before' ? part.before.text : part.after.text,
            );
            break;
          case 'struck':
            add(
              this.runs(part.said.text, { ...format, style: CHARACTER_STYLE.deleted }),
              part.said.text,
            );
            break;
          case 'cite':
            add(this.citation(part.sourceIds), '');
            break;
          case 'badge':
            add(
              [
                new TextRun({ ...format, text: part.text, style: CHARACTER_STYLE.badge }),
                new TextRun({ ...format, text: ' ' }),
              ],
              '',
            );
            break;
          case 'strong':
            visit(part.parts, { ...format, bold: true });
            break;
          case 'muted':
            visit(part.parts, { ...format, style: CHARACTER_STYLE.muted });
            break;
          case 'link': {
            const before = current.children.length;
            visit(part.parts, format);
            const linked = current.children.splice(before);
            current.children.push(
              new InternalHyperlink({ anchor: bookmark(part.to), children: linked as TextRun[] }),
            );
            break;
          }
          case 'meta': {
            flush();
            current = { children: [], text: '', style: STYLE.note };
            visit(part.parts, format);
            flush();
            break;
          }
        }
      }
    };
    visit(parts, {});
    flush();
    return done.map((d) => this.paragraph(d.children, d.text, d.style));
  }

  /** A paragraph, right-to-left when its text begins so (Word's bidi). */
  paragraph(
    children: ParagraphChild[],
    text: string,
    style: string,
    extra: {
      tabStops?: { type: (typeof TabStopType)[keyof typeof TabStopType]; position: number }[];
    } = {},
  ): Paragraph {
    return new Paragraph({
      style,
      children,
      ...(isRightToLeft(text) ? { bidirectional: true } : {}),
      ...extra,
    });
  }

  /** The style of a paragraph of officer's text: what its first piece of text is. */
  private styleFor(parts: readonly Inline[], fallback: string): string {
    const first = parts.find(
      (p): p is { t: 'said'; said: Said } => typeof p !== 'string' && p.t === 'said',
    );
    if (!first) return fallback;
    if (first.said.what.startsWith('the position of')) return STYLE.position;
    if (first.said.what.startsWith('the red line of')) return STYLE.redLine;
    return fallback;
  }

  private diffRuns(part: Extract<Inline, { t: 'diff' }>, format: RunFormat): TextRun[] {
    const { before, after, diff, side } = part;
    if (!diff) return this.runs(side === 'before' ? before.text : after.text, format);
    return diff.parts.flatMap((p) => {
      if (p.op === 'equal') return this.runs(p.text, format);
      if (p.op === 'delete')
        return side === 'after'
          ? []
          : this.runs(p.text, { ...format, style: CHARACTER_STYLE.deleted });
      return side === 'before'
        ? []
        : this.runs(p.text, { ...format, style: CHARACTER_STYLE.inserted });
    });
  }

  /** " [1, 3]": the annex numbers, each a link to its entry. */
  private citation(sourceIds: readonly number[]): ParagraphChild[] {
    const numbers = [...new Set(sourceIds.map((id) => this.numbers.get(id)!))].sort(
      (a, b) => a - b,
    );
    const style = { style: CHARACTER_STYLE.cite };
    const children: ParagraphChild[] = [new TextRun({ ...style, text: ' [' })];
    numbers.forEach((n, i) => {
      if (i > 0) children.push(new TextRun({ ...style, text: ', ' }));
      children.push(
        new InternalHyperlink({
          anchor: bookmark(`src-${n}`),
          children: [new TextRun({ ...style, text: String(n) })],
        }),
      );
    });
    children.push(new TextRun({ ...style, text: ']' }));
    return children;
  }

  block(block: Block): (Paragraph | Table)[] {
    switch (block.b) {
      case 'paragraphs':
        return this.prose(block.said.text, STYLE.body);
      case 'p':
        return this.paragraphs(
          block.muted ? [{ t: 'muted', parts: block.parts }] : block.parts,
          STYLE.body,
        );
      case 'h3':
        return this.paragraphs(block.parts, STYLE.heading2);
      case 'box':
        return block.blocks.flatMap((inner) =>
          inner.b === 'paragraphs' ? this.prose(inner.said.text, STYLE.box) : this.block(inner),
        );
      case 'counts': {
        const children: ParagraphChild[] = [];
        block.counts.forEach(([n, word], i) => {
          if (i > 0) children.push(new TextRun(' · '));
          children.push(new TextRun({ text: String(n), bold: true }), new TextRun(` ${word}`));
        });
        return [new Paragraph({ style: STYLE.counts, children })];
      }
      case 'facts':
        return [
          this.table(
            [{ label: '', width: 28 }, { label: '' }],
            block.rows.map((row) => ({
              cells: [[{ t: 'strong', parts: [row.label] } as Inline], row.value],
            })),
            undefined,
            false,
          ),
        ];
      case 'table':
        return [this.table(block.columns, block.rows, block.caption, true)];
      case 'quote':
        return [
          this.paragraph(this.runs(block.said.text), block.said.text, STYLE.quote),
          ...this.paragraphs(block.meta, STYLE.note),
        ];
      case 'strips':
        return [
          this.table(
            [{ label: 'Issue · party', width: 30 }, { label: block.scale }],
            block.strips.map((s) => ({ cells: [s.label, [s.glyphs]] })),
            undefined,
            true,
            STYLE.strip,
          ),
        ];
      case 'annex':
        return block.entries.flatMap((e) => {
          const line: Inline[] = [`${e.kind}: `, ...e.line];
          if (e.reference) line.push('. Reference: ', { t: 'said', said: e.reference });
          if (e.rating) line.push('. ', { t: 'muted', parts: [e.rating] });
          // The entry's number is the bookmark each citation in the body links to.
          const number = [
            new Bookmark({
              id: bookmark(`src-${e.n}`),
              children: [new TextRun({ text: `[${e.n}]`, bold: true })],
            }),
            new TextRun({ text: '\t' }),
          ];
          const quote = e.quote
            ? [this.paragraph(this.runs(e.quote.text), e.quote.text, STYLE.quote)]
            : [];
          return [...this.paragraphs(line, STYLE.source, number), ...quote];
        });
    }
  }

  /** Plain text as paragraphs: blank lines split paragraphs, line breaks are kept. */
  prose(text: string, style: string): Paragraph[] {
    return text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => this.paragraph(this.runs(p), p, style));
  }

  /**
   * A table whose header rows (the caption, then the column labels) repeat at the top of every
   * page it continues on, and whose rows are never split across pages.
   */
  table(
    columns: { label: string; width?: number }[],
    rows: { cells: Inline[][] }[],
    caption: Inline[] | undefined,
    withHead: boolean,
    cellStyle: string = STYLE.tableText,
  ): Table {
    const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    const free = columns.filter((c) => !c.width).length;
    const widths = columns.map((c) =>
      Math.round((this.textWidth * (c.width ?? (100 - fixed) / Math.max(free, 1))) / 100),
    );
    const rule = { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' };
    const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
    const borders = { top: none, left: none, right: none, bottom: rule };
    const margins = { top: 60, bottom: 60, left: 90, right: 90 };
    const head: TableRow[] = [];
    if (caption) {
      head.push(
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: [
            new TableCell({
              columnSpan: columns.length,
              borders: { ...borders, bottom: { ...rule, color: NAVY, size: 6 } },
              margins,
              children: this.paragraphs(caption, STYLE.tableCaption),
            }),
          ],
        }),
      );
    }
    if (withHead) {
      head.push(
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: columns.map(
            (c, i) =>
              new TableCell({
                width: { size: widths[i]!, type: WidthType.DXA },
                shading: { type: ShadingType.CLEAR, fill: 'EEF1F5', color: 'auto' },
                borders: { ...borders, bottom: { ...rule, color: '333333', size: 8 } },
                margins,
                children: [new Paragraph({ style: STYLE.tableHeading, text: c.label })],
              }),
          ),
        }),
      );
    }
    const body = rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: row.cells.map(
            (cell, i) =>
              new TableCell({
                width: { size: widths[i]!, type: WidthType.DXA },
                borders,
                margins,
                children: this.cellParagraphs(cell, cellStyle),
              }),
          ),
        }),
    );
    return new Table({
      width: { size: this.textWidth, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [...head, ...body],
    });
  }

  private cellParagraphs(cell: Inline[], style: string): Paragraph[] {
    const paragraphs = this.paragraphs(cell, style);
    // Word needs at least one paragraph in every cell.
    return paragraphs.length ? paragraphs : [new Paragraph({ style })];
  }
}

/** The marking and page numbers, as Word's own header and footer on every page. */
function headerAndFooter(markingLabel: string, title: string, textWidth: number) {
  const marking = (text: string) =>
    new TextRun({ text, bold: true, size: 21, characterSpacing: 12 });
  const header = new Header({
    children: [
      new Paragraph({
        style: STYLE.marking,
        alignment: AlignmentType.CENTER,
        children: [marking(markingLabel)],
      }),
    ],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        style: STYLE.marking,
        tabStops: [
          { type: TabStopType.CENTER, position: Math.round(textWidth / 2) },
          { type: TabStopType.RIGHT, position: textWidth },
        ],
        children: [
          new TextRun({ text: title }),
          new TextRun({ text: '\t' }),
          marking(markingLabel),
          new TextRun({
            children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
  return { header, footer };
}

/** The brief as a .docx file. */
export async function briefDocx(model: BriefModel, options: DocxOptions): Promise<Uint8Array> {
  const page = PAGES[options.pageSize];
  const textWidth = page.width - 2 * MARGIN.side;
  const r = new WordRenderer(citationNumbers(model), textWidth);
  const { subtitle, facts } = coverLines(model, options);
  const cover: Paragraph[] = [
    new Paragraph({ style: STYLE.coverKind, text: options.kindTitle }),
    r.paragraph(r.runs(model.subject.text), model.subject.text, STYLE.title),
    r.paragraph(r.runs(subtitle), subtitle, STYLE.subtitle),
    ...facts.map(([label, value]) =>
      r.paragraph(
        [new TextRun({ text: label, color: '555555' }), new TextRun('\t'), ...r.runs(value)],
        value,
        STYLE.coverFact,
        { tabStops: [{ type: TabStopType.LEFT, position: mm(40) }] },
      ),
    ),
    new Paragraph({ style: STYLE.stamp, text: options.markingLabel }),
  ];
  const contents = [
    new Paragraph({ style: STYLE.contents, text: 'Contents', pageBreakBefore: true }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
  ];
  const sections = model.sections.flatMap((s, i) => [
    new Paragraph({
      style: STYLE.heading1,
      keepNext: true,
      ...(i === 0 ? { pageBreakBefore: true } : {}),
      children: [
        new Bookmark({ id: bookmark(s.id), children: [new TextRun(`${i + 1}\u2002${s.title}`)] }),
      ],
    }),
    ...s.blocks.flatMap((b) => r.block(b)),
  ]);
  const { header, footer } = headerAndFooter(options.markingLabel, options.title, textWidth);
  const doc = new Document({
    title: options.metadata.title,
    subject: options.metadata.subject,
    creator: options.metadata.author,
    lastModifiedBy: options.metadata.author,
    description: `Handling: ${options.metadata.subject}. ${options.title}.`,
    keywords: options.metadata.keywords.join(', '),
    // Word fills in the contents' page numbers when it opens the brief (after asking).
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: { ascii: BODY_FONT, hAnsi: BODY_FONT, cs: COMPLEX_FONT }, size: 21 },
          paragraph: { spacing: { line: 276 } },
        },
        title: {
          run: { font: HEADING_FONT, size: 52, bold: true, color: '111111' },
          paragraph: { spacing: { before: 120, after: 120 } },
        },
        heading1: {
          run: { font: HEADING_FONT, size: 26, bold: true, color: NAVY },
          paragraph: {
            spacing: { before: 320, after: 120 },
            keepNext: true,
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: NAVY, space: 3 } },
          },
        },
        heading2: {
          run: { font: HEADING_FONT, size: 22, bold: true, color: '111111' },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
      },
      paragraphStyles,
      characterStyles,
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height },
            margin: {
              top: MARGIN.top,
              bottom: MARGIN.bottom,
              left: MARGIN.side,
              right: MARGIN.side,
              header: HEADER_DISTANCE,
              footer: HEADER_DISTANCE,
            },
          },
        },
        headers: { default: header },
        footers: { default: footer },
        children: [...cover, ...contents, ...sections],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
