// Small text helpers both sides need: what a card, a list or a brief shows of a long text.

/** The start of a long text on one line, cut at a word where possible ("The enrichment…"). */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A filter for "every word typed appears somewhere": `matchesAll('iran enrich')(text)`.
 * Case-insensitive; an empty query matches everything.
 */
export function matchesAll(query: string): (text: string) => boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return (text) => {
    if (words.length === 0) return true;
    const folded = text.toLocaleLowerCase();
    return words.every((w) => folded.includes(w));
  };
}

/** Half of a surrogate pair with no other half (an emoji cut in two). */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as it is kept: line ends made \n, halves of surrogate pairs (a cut emoji, which UTF-8
 * cannot store) made �, and control characters removed — C0 (but tab and line feed), DEL and
 * C1: pasted from other programs they are invisible, break exports and can end a string early
 * in C code. Everything else stays, format characters included (the zero-width non-joiner
 * Persian spelling needs, direction marks, joiners in emoji).
 */
export function cleanText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .replace(LONE_SURROGATE, '\uFFFD')
  );
}
