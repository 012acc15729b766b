// The brief as the system's print dialog prints it (Ctrl+P on a preview). Chromium's
// print-to-PDF draws the marking and page numbers from header and footer templates; a print
// dialog has no such templates, so the page itself says them, in the page's own margin boxes
// (CSS Paged Media, Chromium 131 and later), which print on every page. Only in print: the
// preview on screen keeps its banners at the ends.
import type { PageSize } from '../../../shared/briefing';

/**
 * A CSS string literal of any text: everything but letters, digits and spaces written as an
 * escape, so no marking or title can end the string, the rule, or the style element.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    out += /^[\p{L}\p{N} ]$/u.test(char)
      ? char
      : `\\${char.codePointAt(0)!.toString(16).padStart(6, '0')}`;
  }
  return `${out}"`;
}

/** The print-only rules: paper, the marking at top and bottom, "Page X of Y". */
export function printCss(markingLabel: string, title: string, pageSize: PageSize): string {
  const marking = cssString(markingLabel);
  const box =
    "font-family: 'Noto Sans', Arial, sans-serif; font-size: 9pt; color: #111; vertical-align: bottom;";
  const strong = `${box} font-weight: 700; font-size: 10.5pt; letter-spacing: 0.06em;`;
  return `
@media print {
  @page {
    size: ${pageSize === 'Letter' ? 'letter' : 'A4'};
    margin: 22mm 16mm 20mm;
    @top-center { content: ${marking}; ${strong} vertical-align: middle; }
    @bottom-left { content: ${cssString(title)}; ${box} vertical-align: middle; }
    @bottom-center { content: ${marking}; ${strong} vertical-align: middle; }
    @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} vertical-align: middle; }
  }
  html, body { background: #fff; }
  .marking-bar { display: none; }
}
`;
}

/** A brief's HTML document with its print-only rules added at the end of its head. */
export function printableHtml(documentHtml: string, css: string): string {
  const at = documentHtml.indexOf('</head>');
  // The CSS is Parley's own, with every outside value escaped by cssString.
  return `${documentHtml.slice(0, at)}<style>${css}</style>${documentHtml.slice(at)}`;
}
