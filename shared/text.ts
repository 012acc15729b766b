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
