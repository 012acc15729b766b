// The print stylesheet of a brief: its marking and title go into CSS strings, so no marking an
// officer types can end the string, the rule or the style element.
import { describe, expect, it } from 'vitest';
import { cssString, printableHtml, printCss } from '../../main/services/briefing/print';

describe('print stylesheet', () => {
  it('writes any text as a CSS string that cannot be broken out of', () => {
    expect(cssString('SECRET')).toBe('"SECRET"');
    expect(cssString('NATO SECRET 2')).toBe('"NATO SECRET 2"');
    const hostile = cssString('A"; } body { display: none } </style><script>x</script>');
    expect(hostile).not.toMatch(/[<>;{}]/);
    expect(hostile.slice(1, -1)).not.toContain('"');
    expect(hostile).toContain('\\000022');
    // Persian letters stay as they are.
    expect(cssString('سری')).toBe('"سری"');
  });

  it('puts the marking at the top and bottom of every printed page, with page numbers', () => {
    const css = printCss('TOP SECRET', 'Round brief: Round 2', 'Letter');
    expect(css).toContain('size: letter');
    expect(css).toMatch(/@top-center \{ content: "TOP SECRET";/);
    expect(css).toMatch(/@bottom-center \{ content: "TOP SECRET";/);
    expect(css).toContain('"Page " counter(page) " of " counter(pages)');
    expect(printCss('X', 'T', 'A4')).toContain('size: A4');
    // Only in print: the screen preview keeps its own banners.
    expect(css.trim().startsWith('@media print {')).toBe(true);
  });

  it('adds the rules at the end of the document head', () => {
    const html = printableHtml(
      '<html><head><title>T</title></head><body></body></html>',
      '@media print {}',
    );
    expect(html).toBe(
      '<html><head><title>T</title><style>@media print {}</style></head><body></body></html>',
    );
  });
});
