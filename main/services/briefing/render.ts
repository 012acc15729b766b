// A brief model laid out as HTML for Chromium to print. Only layout lives here: what to say was
// decided by the builders, and every value passes through the escaping `html` template.
import type { TextDiff } from '../../../shared/compare';
import { citationNumbers, type Block, type BriefModel, type Inline } from './model';
import { html, lines, paragraphs, SafeHtml } from './html';

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/** `dir` and `lang` for a quote: right-to-left scripts are marked so they shape and order. */
function quoteAttributes(text: string): SafeHtml {
  if (!RTL.test(text)) return html`dir="auto"`;
  const lang = /[\u0590-\u05ff]/.test(text) ? 'he' : /[پچژگکی]/.test(text) ? 'fa' : 'ar';
  return html`dir="rtl" lang="${lang}"`;
}

/**
 * One side of a word diff (or both): removals struck through, additions underlined. A replaced
 * pair is drawn the same way: its parts keep the shared opening and ending plain.
 */
export function diffHtml(
  before: string,
  after: string,
  diff: TextDiff | null,
  side: 'before' | 'after' | 'both',
): SafeHtml {
  if (!diff) return html`${side === 'before' ? before : after}`;
  return SafeHtml.join(
    diff.parts.map((part) => {
      if (part.op === 'equal') return html`${part.text}`;
      if (part.op === 'delete') return side === 'after' ? html`` : html`<del>${part.text}</del>`;
      return side === 'before' ? html`` : html`<ins>${part.text}</ins>`;
    }),
  );
}

class Renderer {
  constructor(private readonly numbers: Map<number, number>) {}

  inline(parts: readonly Inline[]): SafeHtml {
    return SafeHtml.join(parts.map((part) => this.part(part)));
  }

  private part(part: Inline): SafeHtml {
    if (typeof part === 'string') return html`${part}`;
    switch (part.t) {
      case 'said':
        return lines(part.said.text);
      case 'party':
        return html`<span class="party"><span class="swatch" style="background:${part.colour}"></span>${part.name.text}</span>`;
      case 'diff':
        return diffHtml(part.before.text, part.after.text, part.diff, part.side);
      case 'struck':
        return html`<del>${part.said.text}</del>`;
      case 'cite': {
        const numbers = [...new Set(part.sourceIds.map((id) => this.numbers.get(id)!))];
        numbers.sort((a, b) => a - b);
        const links = numbers.map((n) => html`<a href="#src-${n}">${n}</a>`);
        return html` <sup class="cite">[${SafeHtml.join(links, ', ')}]</sup>`;
      }
      case 'badge':
        return html`<span class="badge${part.strong ? ' strong' : ''}">${part.text}</span>`;
      case 'strong':
        return html`<strong>${this.inline(part.parts)}</strong>`;
      case 'meta':
        return html`<div class="meta" dir="auto">${this.inline(part.parts)}</div>`;
      case 'muted':
        return html`<span class="muted">${this.inline(part.parts)}</span>`;
      case 'link':
        return html`<a href="#${part.to}">${this.inline(part.parts)}</a>`;
    }
  }

  block(block: Block): SafeHtml {
    switch (block.b) {
      case 'paragraphs':
        return paragraphs(block.said.text);
      case 'p':
        return html`<p dir="auto"${block.muted ? html` class="muted"` : ''}>${this.inline(block.parts)}</p>`;
      case 'h3':
        return html`<h3>${this.inline(block.parts)}</h3>`;
      case 'box':
        return html`<div class="box">${block.blocks.map((b) => this.block(b))}</div>`;
      case 'counts': {
        const counts = block.counts.map(([n, word]) => html`<strong>${n}</strong> ${word}`);
        return html`<p class="counts">${SafeHtml.join(counts, ' · ')}</p>`;
      }
      case 'facts': {
        const rows = block.rows.map(
          (row) =>
            html`<tr><th scope="row">${row.label}</th><td dir="auto">${this.inline(row.value)}</td></tr>`,
        );
        return html`<table class="facts"><tbody>${rows}</tbody></table>`;
      }
      case 'table': {
        // Widths go on <col>: with a fixed layout, the first header row (here the caption)
        // would otherwise decide them.
        const cols = block.columns.map(
          (c) => html`<col${c.width ? html` style="width:${c.width}%"` : ''}>`,
        );
        // The caption sits in the header, which Chromium repeats on every page the table
        // continues on: a reader turning the page still sees which issue it is.
        const caption = block.caption
          ? html`<tr class="caption"><th colspan="${block.columns.length}" scope="colgroup">${this.inline(block.caption)}</th></tr>`
          : '';
        const head = block.columns.map((c) => html`<th scope="col">${c.label}</th>`);
        const rows = block.rows.map(
          (row) =>
            html`<tr>${row.cells.map((cell, i) => html`<td${i > 0 ? html` dir="auto"` : ''}>${this.inline(cell)}</td>`)}</tr>`,
        );
        return html`<table><colgroup>${cols}</colgroup><thead>${caption}<tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
      }
      case 'quote':
        return html`<div class="quote"><q ${quoteAttributes(block.said.text)}>${block.said.text}</q><div class="meta">${this.inline(block.meta)}</div></div>`;
      case 'strips': {
        const rows = block.strips.map(
          (s) =>
            html`<tr><td class="label">${this.inline(s.label)}</td><td class="strip">${s.glyphs}</td></tr>`,
        );
        return html`<table class="grid"><thead><tr><th class="label">Issue · party</th><th class="strip">${block.scale}</th></tr></thead><tbody>${rows}</tbody></table>`;
      }
      case 'annex': {
        const entries = block.entries.map((e) => {
          const reference = e.reference ? html`. Reference: ${e.reference.text}` : '';
          const rating = e.rating ? html`. <span class="muted">${e.rating}</span>` : '';
          const quote = e.quote
            ? html`<div class="quote"><q ${quoteAttributes(e.quote.text)}>${e.quote.text}</q></div>`
            : '';
          return html`<li id="src-${e.n}" value="${e.n}"><strong>[${e.n}]</strong> ${e.kind}: ${this.inline(e.line)}${reference}${rating}${quote}</li>`;
        });
        return html`<ol class="annex">${entries}</ol>`;
      }
    }
  }
}

export interface Cover {
  kindTitle: string;
  markingLabel: string;
  author: string;
  preparedOn: string;
}

/**
 * What a cover says below the brief's title and its table of facts, the same in every format.
 * An overview's subject is the negotiation itself, so its cover names the date instead.
 */
export function coverLines(
  model: BriefModel,
  cover: Cover,
): { subtitle: string; facts: [string, string][] } {
  const overview = model.subject.text === model.negotiationTitle.text;
  return {
    subtitle: overview
      ? `As of ${model.subjectDate || cover.preparedOn}`
      : model.negotiationTitle.text,
    facts: [
      ['Negotiation', model.negotiationTitle.text],
      ...(overview ? [] : ([['Subject', model.subject.text]] as [string, string][])),
      ['Date of events', model.subjectDate || 'Not recorded'],
      ['Prepared by', cover.author],
      ['Prepared on', cover.preparedOn],
      ['Handling', cover.markingLabel],
    ],
  };
}

/** The brief's body: cover, contents (linking to each section) and the sections, numbered. */
export function briefBodyHtml(model: BriefModel, cover: Cover): SafeHtml {
  const r = new Renderer(citationNumbers(model));
  const { subtitle, facts } = coverLines(model, cover);
  const coverHtml = html`<header class="cover"><div class="kind">${cover.kindTitle}</div><h1>${model.subject.text}</h1><div class="subject">${subtitle}</div><dl>${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl><div class="stamp">${cover.markingLabel}</div></header>`;
  const toc = html`<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${model.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>`;
  const sections = model.sections.map(
    (s, i) =>
      html`<section id="${s.id}"><h2><span class="n">${i + 1}</span> ${s.title}</h2>${s.blocks.map((b) => r.block(b))}</section>`,
  );
  return html`${coverHtml}${toc}${sections}`;
}
