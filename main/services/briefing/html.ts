// The pieces every briefing is made of. All user text passes through `esc`; a string that is
// already HTML carries an `Html` suffix, so wrong code looks wrong.
import type { TextDiff } from '../../../shared/compare';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Paragraphs from plain text: blank lines split paragraphs, line breaks are kept. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p dir="auto">${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * One side of a word diff: removals struck through, additions underlined. A replaced pair is
 * drawn the same way; its parts keep the shared opening and ending plain.
 */
export function diffHtml(text: string, diff: TextDiff | null, side: 'before' | 'after' | 'both') {
  if (!diff) return esc(text);
  return diff.parts
    .map((part) => {
      if (part.op === 'equal') return esc(part.text);
      if (part.op === 'delete') return side === 'after' ? '' : `<del>${esc(part.text)}</del>`;
      return side === 'before' ? '' : `<ins>${esc(part.text)}</ins>`;
    })
    .join('');
}

export interface Section {
  id: string;
  title: string;
  bodyHtml: string;
}

/** A numbered table of contents whose entries link to their sections. */
export function tocHtml(sections: Section[]): string {
  const items = sections
    .map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`)
    .join('');
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${items}</ol></nav>`;
}

export function sectionsHtml(sections: Section[]): string {
  return sections
    .map(
      (s, i) =>
        `<section id="${esc(s.id)}"><h2><span class="n">${i + 1}</span> ${esc(s.title)}</h2>${s.bodyHtml}</section>`,
    )
    .join('');
}

/** Numbers sources in the order the body first cites them, for the annex. */
export class SourceNumbers {
  private readonly numbers = new Map<number, number>();

  /** The citation marks for these sources, e.g. "[2, 5]" (numbering them if new). */
  citeHtml(sourceIds: number[]): string {
    if (sourceIds.length === 0) return '';
    const numbers = [...new Set(sourceIds)].map((id) => {
      let n = this.numbers.get(id);
      if (n === undefined) this.numbers.set(id, (n = this.numbers.size + 1));
      return n;
    });
    numbers.sort((a, b) => a - b);
    return ` <sup class="cite">[${numbers.map((n) => `<a href="#src-${n}">${n}</a>`).join(', ')}]</sup>`;
  }

  /** The cited sources, in number order. */
  get ordered(): { id: number; n: number }[] {
    return [...this.numbers].map(([id, n]) => ({ id, n }));
  }
}

export const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html {
  font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Serif Hebrew", "Noto Sans Hebrew",
    Georgia, "Times New Roman", serif;
  font-size: 10.5pt;
  line-height: 1.42;
  color: #111;
  background: #fff;
}
body { margin: 0; }
h1, h2, h3, .cover, th, .meta, .toc, .badge, .counts {
  font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Segoe UI", Arial, sans-serif;
}
h1 { font-size: 20pt; margin: 0 0 6pt; line-height: 1.2; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #1f3a56;
  color: #1f3a56; break-after: avoid; }
h2 .n { display: inline-block; min-width: 18pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
h2 + *, h3 + * { break-before: avoid; }
p { margin: 0 0 6pt; orphans: 3; widows: 3; }
a { color: inherit; text-decoration: none; }
.cover { min-height: 220mm; display: flex; flex-direction: column; justify-content: center;
  break-after: page; }
.cover .kind { text-transform: uppercase; letter-spacing: 0.18em; font-size: 10pt; color: #555; }
.cover h1 { font-size: 26pt; margin: 8pt 0; }
.cover .subject { font-size: 14pt; color: #333; margin-bottom: 24pt; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 4pt 14pt; font-size: 10.5pt; }
.cover dt { color: #555; }
.cover dd { margin: 0; }
.cover .stamp { margin-top: 30pt; padding: 8pt 10pt; border: 2pt solid #111; text-align: center;
  font-weight: 700; letter-spacing: 0.2em; font-size: 14pt; }
.toc { break-after: page; }
.toc ol { padding-left: 18pt; }
.toc li { margin: 3pt 0; }
.toc a { text-decoration: underline; text-decoration-color: #999; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 10pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { text-align: start; vertical-align: top; padding: 4pt 5pt; border-bottom: 0.6pt solid #bbb;
  overflow-wrap: anywhere; }
th { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.04em; color: #333;
  border-bottom: 1.2pt solid #333; background: #eef1f5; }
td.party { width: 22%; font-family: "Noto Sans", sans-serif; font-weight: 600; font-size: 9.5pt; }
.swatch { display: inline-block; width: 7pt; height: 7pt; border-radius: 1.5pt; margin-inline-end: 4pt;
  vertical-align: baseline; }
.meta { font-size: 8.5pt; color: #444; }
.badge { display: inline-block; font-size: 7.5pt; padding: 0 4pt; border: 0.6pt solid #777;
  border-radius: 2pt; margin-inline-end: 3pt; text-transform: uppercase; letter-spacing: 0.03em;
  white-space: nowrap; }
.badge.strong { background: #111; color: #fff; border-color: #111; }
del { text-decoration: line-through; text-decoration-thickness: 1pt; color: #8a1c1c; }
ins { text-decoration: underline; text-decoration-thickness: 1pt; text-underline-offset: 1.5pt;
  color: #12602f; }
sup.cite { font-size: 7pt; font-family: "Noto Sans", sans-serif; }
.quote { margin: 4pt 0 8pt; padding: 4pt 8pt; border-inline-start: 2pt solid #999; break-inside: avoid; }
.quote q { display: block; font-style: italic; }
.quote q:lang(fa), .quote q:lang(ar), .quote q:lang(he) { font-style: normal; }
.muted { color: #555; }
.box { border: 0.8pt solid #999; padding: 6pt 9pt; margin: 4pt 0 10pt; break-inside: avoid; }
.counts { margin: 4pt 0 10pt; font-size: 11pt; }
.counts strong { font-size: 13pt; }
.annex { list-style: none; padding: 0; }
.annex li { margin-bottom: 5pt; break-inside: avoid; }
.grid td, .grid th { padding: 1.5pt 3pt; font-size: 8pt; }
.grid .label { width: 30%; font-size: 8.5pt; }
.grid .strip { font-family: "DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", Menlo,
  Consolas, monospace; font-size: 8pt; letter-spacing: 2.2pt; white-space: pre;
  text-transform: none; }
.legend { font-size: 8.5pt; }
[dir="rtl"], .rtl { unicode-bidi: plaintext; }
/* On paper the marking is in every page's header and footer; on screen, at the ends. */
.marking-bar { display: none; text-align: center; font-family: "Noto Sans", sans-serif;
  font-weight: 700; letter-spacing: 0.16em; font-size: 9pt; margin: 4mm 0 8mm; }
@media screen {
  html { background: #e9ecef; }
  body { max-width: 190mm; margin: 12mm auto; padding: 10mm 16mm; background: #fff;
    box-shadow: 0 1px 6px rgba(0,0,0,.18); }
  .marking-bar { display: block; }
  .cover { min-height: 0; padding: 30mm 0; }
}
`;

/** A complete HTML document for printing (and for the in-app preview). */
export function documentHtml(options: {
  titleHtml: string;
  markingLabel: string;
  bodyHtml: string;
}): string {
  const markingHtml = esc(options.markingLabel);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${options.titleHtml}</title>
<style>${CSS}</style>
</head><body>
<div class="marking-bar">${markingHtml}</div>
${options.bodyHtml}
<div class="marking-bar">${markingHtml}</div>
</body></html>`;
}

/** The running header and footer Chromium prints on every page. */
export function headerFooterHtml(markingLabel: string, title: string) {
  // **Important**: the style sits in a double-quoted attribute, so font names take single quotes.
  const style =
    "font-family: 'Noto Sans', Arial, sans-serif; font-size: 8pt; width: 100%; " +
    'box-sizing: border-box; padding: 0 16mm; display: flex; justify-content: space-between; ' +
    'color: #111;';
  const markingHtml = `<span style="font-weight: 700;">${esc(markingLabel)}</span>`;
  return {
    headerHtml: `<div style="${style} justify-content: center;">${markingHtml}</div>`,
    // The no-break spaces keep the three parts apart when the page is read as text.
    footerHtml:
      `<div style="${style}"><span>${esc(title)}&nbsp;</span>${markingHtml}` +
      `<span>&nbsp;Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/** Figures in one line, e.g. "8 new · 0 dropped": legible aloud and when copied as text. */
export function countsHtml(counts: [number, string][]): string {
  return `<p class="counts">${counts.map(([n, word]) => `<strong>${n}</strong> ${esc(word)}`).join(' · ')}</p>`;
}
