// HTML by construction: every brief is rendered through the `html` tagged template, which
// escapes every value it is given unless that value is already `SafeHtml` (made by the template
// itself). No code in the briefing renderer escapes by hand, so nothing can be escaped twice
// ("Reuters &amp;amp; AP") or forgotten.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A string that is already HTML: made only by `html` (or `SafeHtml.join`). */
export class SafeHtml {
  private constructor(readonly value: string) {}

  /** **Important**: for the template itself and Parley's own constant markup (the style sheet), never for text that came from anyone. */
  static trusted(value: string): SafeHtml {
    return new SafeHtml(value);
  }

  toString(): string {
    return this.value;
  }

  /** Several fragments, in order, with an optional separator (text, escaped). */
  static join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
    const sep = escapeText(separator);
    return new SafeHtml(parts.map((p) => p.value).join(sep));
  }
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A value the template accepts: text (escaped), numbers, fragments, lists of them, or nothing. */
export type HtmlValue =
  SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeText(String(value as string | number));
}

/**
 * The tagged template every brief is written with: `html\`<td>${text}</td>\`` escapes `text`.
 * Values are escaped for element content and for double-quoted attribute values alike.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return SafeHtml.trusted(out);
}

/** Paragraphs from plain text: blank lines split paragraphs, line breaks are kept. */
export function paragraphs(text: string): SafeHtml {
  return SafeHtml.join(
    text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => html`<p dir="auto">${lines(p)}</p>`),
  );
}

/** Text whose line breaks print as breaks. */
export function lines(text: string): SafeHtml {
  return SafeHtml.join(
    text.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`)),
  );
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
tr.caption th { background: #fff; color: #1f3a56; font-size: 10.5pt; text-transform: none;
  letter-spacing: 0; padding: 8pt 5pt 3pt; border-bottom: 0.8pt solid #1f3a56; }
table.facts th { width: 28%; background: none; border-bottom: 0.6pt solid #bbb; }
.party { font-family: "Noto Sans", sans-serif; font-weight: 600; font-size: 9.5pt; }
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
  title: string;
  markingLabel: string;
  metadata: { author: string; subject: string; keywords: string };
  body: SafeHtml;
}): string {
  const bar = html`<div class="marking-bar">${options.markingLabel}</div>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${options.title}</title>
<meta name="author" content="${options.metadata.author}">
<meta name="description" content="${options.metadata.subject}">
<meta name="keywords" content="${options.metadata.keywords}">
<style>${SafeHtml.trusted(CSS)}</style>
</head><body>
${bar}
${options.body}
${bar}
</body></html>`.value;
}

/**
 * The running header and footer Chromium prints on every page. The marking is 10.5 pt, bold,
 * and sits 7 mm inside the paper's edge: office printers cannot print the outer 4–5 mm of a
 * sheet, and a marking they cut off is no marking.
 */
export function headerFooterHtml(markingLabel: string, title: string) {
  // **Important**: the style sits in a double-quoted attribute, so font names take single quotes.
  const style =
    "font-family: 'Noto Sans', Arial, sans-serif; font-size: 9pt; width: 100%; " +
    'box-sizing: border-box; padding: 0 16mm; display: flex; justify-content: space-between; ' +
    'align-items: baseline; color: #111;';
  const marking = html`<span style="font-weight: 700; font-size: 10.5pt; letter-spacing: 0.06em;">${markingLabel}</span>`;
  // The no-break spaces keep the footer's three parts apart when the page is read as text.
  const nbsp = '\u00a0';
  return {
    headerHtml:
      html`<div style="${style} justify-content: center; padding-top: 7mm;">${marking}</div>`.value,
    footerHtml:
      html`<div style="${style} padding-bottom: 7mm;"><span>${title}${nbsp}</span>${marking}<span>${nbsp}Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
        .value,
  };
}
