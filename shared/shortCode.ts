// A short code suggested from a party's name, as officers write them: the initials of a name
// of several words ("United States" → "US"), the first two letters of one word ("Iran" →
// "IR"). Never one already taken in the negotiation: the next letters of the name are tried,
// then a number. Only a suggestion; the officer may write any code.

/** Words left out of initials: "Kingdom of Saudi Arabia" is "KSA", not "KOSA". */
const MINOR = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'le', 'du', 'des', 'al', 'el']);

function letters(word: string): string {
  return word.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '');
}

export function suggestShortCode(name: string, taken: Iterable<string> = []): string {
  const used = new Set([...taken].map((c) => c.trim().toUpperCase()));
  const words = name
    .split(/[\s\-–—/]+/)
    .map(letters)
    .filter((w) => w !== '');
  if (words.length === 0) return '';
  const major = words.filter((w) => !MINOR.has(w.toLowerCase()));
  const main = major.length ? major : words;
  const first =
    main.length > 1
      ? main
          .slice(0, 3)
          .map((w) => w[0]!)
          .join('')
      : main[0]!.slice(0, 2);
  const base = first.toUpperCase();
  if (!used.has(base)) return base;
  // Taken: keep the first letter and try each later letter of the name ("Iraq" after "Iran"
  // took IR: "IA"), then number it.
  const rest = main.join('').toUpperCase();
  for (const c of rest.slice(1)) {
    const candidate = `${rest[0]}${c}`;
    if (!used.has(candidate)) return candidate;
  }
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}
