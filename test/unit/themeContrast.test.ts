import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The palettes of app.css, read as the browser would: the light one in `:root`, the dark one in
// `:root[data-theme='dark']`. Text set on a coloured background must keep 4.5:1 (WCAG AA) in
// both themes: axe checks what a view shows, but an error toast shows only when something fails.
const css = readFileSync(new URL('../../renderer/src/app.css', import.meta.url), 'utf8');

function palette(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf('\n}', start));
  return new Map([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('text on coloured backgrounds', () => {
  for (const [theme, selector] of [
    ['light', ':root'],
    ['dark', ":root[data-theme='dark']"],
  ] as const) {
    it(`keeps 4.5:1 in the ${theme} theme`, () => {
      const colours = palette(selector);
      const pairs: [string, string][] = [
        ['danger-text', 'danger'],
        ['accent-text', 'accent'],
      ];
      for (const [text, background] of pairs) {
        const ratio = contrast(colours.get(text)!, colours.get(background)!);
        expect(ratio, `--${text} on --${background}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
});
