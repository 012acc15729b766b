// Word-level differences between two wordings, for the comparison views and briefings.
//
// Texts are split into words (letters, combining marks, digits, and the zero-width joiners
// Persian writes inside words) and single punctuation marks, so punctuation changes show on
// their own and Arabic-script and Hebrew words split as reliably as Latin ones. Whitespace is
// not a token: matching runs on words and marks only, so a changed phrase lines up as one
// change instead of words scattered between matched spaces, and each part keeps the spacing
// of the text it came from. jsdiff's Myers diff runs on those tokens in logical (reading)
// order, which is what right-to-left text needs.
//
// Myers' cost grows with the square of the number of edits: two unrelated 10,000-character
// texts took seconds, and wordings may be 200,000. The shared opening and ending are trimmed
// first, and the diff of the rest has a budget; past it the pair is shown as replaced, which is
// what a reader can follow for texts that different anyway.
import { diffArrays } from 'diff';
import type { DiffPart, TextDiff } from '../../shared/compare';

const SPACE_CHAR = /\s/u;
const LETTER_CHAR = /[\p{L}\p{N}]/u;
const JOINER_CHAR = /[\p{M}\u200c\u200d]/u;

// What each character is, looked up once per character code: testing every character against
// Unicode property classes took longer than the diff itself on long texts. A word is a run of
// letters, digits, combining marks and joiners; it counts as a word only with a letter or digit.
const SPACE = 1;
const LETTER = 2;
const JOINER = 3;
const MARK = 4;
const bmpClasses = new Uint8Array(0x10000);

function classOf(code: number): number {
  if (code < 0x10000 && bmpClasses[code]) return bmpClasses[code]!;
  const char = String.fromCodePoint(code);
  const kind = SPACE_CHAR.test(char)
    ? SPACE
    : LETTER_CHAR.test(char)
      ? LETTER
      : JOINER_CHAR.test(char)
        ? JOINER
        : MARK;
  if (code < 0x10000) bmpClasses[code] = kind;
  return kind;
}

/** Below this share of words in common, a word diff is noise: the texts are shown as replaced. */
export const REPLACED_BELOW = 0.4;

/**
 * The most tokens a diff may insert and delete before the pair is called replaced. Myers' work
 * grows with the square of this: 500 keeps two long unrelated texts to about 30 ms, and is far
 * more change than a reader can follow as struck and underlined words.
 */
export const MAX_EDITS = 500;
/**
 * A second bound, in milliseconds, for texts whose shape makes even that budget slow (long
 * repetitive runs, where each of those edits is followed by a long match).
 */
const TIMEOUT_MS = 50;

/** A text split into tokens: each token, where it starts, and whether it is a word. */
interface Tokens {
  text: string;
  tokens: string[];
  starts: Int32Array;
  isWord: Uint8Array;
  words: number;
}

/** Splits `text` into words and single punctuation marks, whitespace between them. */
function tokenize(text: string): Tokens {
  const tokens: string[] = [];
  // At most one token per character; typed arrays sized once are cheaper than growing lists.
  const starts = new Int32Array(text.length);
  const isWord = new Uint8Array(text.length);
  let words = 0;
  let wordStart = -1;
  let hasLetter = 0;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const kind = classOf(code);
    if (kind === LETTER || kind === JOINER) {
      if (wordStart < 0) wordStart = i;
      if (kind === LETTER) hasLetter = 1;
    } else {
      if (wordStart >= 0) {
        starts[tokens.length] = wordStart;
        isWord[tokens.length] = hasLetter;
        words += hasLetter;
        tokens.push(text.slice(wordStart, i));
        wordStart = -1;
        hasLetter = 0;
      }
      if (kind === MARK) {
        starts[tokens.length] = i;
        tokens.push(text.slice(i, i + width));
      }
    }
    i += width;
  }
  if (wordStart >= 0) {
    starts[tokens.length] = wordStart;
    isWord[tokens.length] = hasLetter;
    words += hasLetter;
    tokens.push(text.slice(wordStart));
  }
  return { text, tokens, starts, isWord, words };
}

/** Where token `i` ends. */
const endOf = (t: Tokens, i: number) => t.starts[i]! + t.tokens[i]!.length;

/** Runs of parts, merged as they are pushed. */
class Parts {
  readonly list: DiffPart[] = [];

  push(op: DiffPart['op'], text: string): void {
    if (!text) return;
    const last = this.list.at(-1);
    if (last && last.op === op) last.text += text;
    else this.list.push({ op, text });
  }
}

/**
 * Writes the parts for `count` tokens matched from `b` (before) at `bi` and `a` (after) at `ai`,
 * each with the whitespace that follows it. Tokens are the same on both sides; the spacing
 * may not be (a line break added), and then only the spacing shows as changed.
 */
function emitEqual(parts: Parts, b: Tokens, bi: number, a: Tokens, ai: number, count: number) {
  if (count === 0) return;
  const bText = b.text.slice(b.starts[bi]!, gapEnd(b, bi + count - 1));
  const aText = a.text.slice(a.starts[ai]!, gapEnd(a, ai + count - 1));
  if (bText === aText) {
    parts.push('equal', aText);
    return;
  }
  for (let j = 0; j < count; j++) {
    parts.push('equal', a.tokens[ai + j]!);
    const bGap = b.text.slice(endOf(b, bi + j), gapEnd(b, bi + j));
    const aGap = a.text.slice(endOf(a, ai + j), gapEnd(a, ai + j));
    if (bGap === aGap) parts.push('equal', aGap);
    else {
      parts.push('delete', bGap);
      parts.push('insert', aGap);
    }
  }
}

/** Where the whitespace after token `i` ends: the next token's start, or the end of the text. */
const gapEnd = (t: Tokens, i: number) =>
  i + 1 < t.tokens.length ? t.starts[i + 1]! : t.text.length;

/** The text of `count` tokens from `i`, with the whitespace after each. */
const span = (t: Tokens, i: number, count: number) =>
  count === 0 ? '' : t.text.slice(t.starts[i]!, gapEnd(t, i + count - 1));

function trailingSpace(text: string): string {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return text.slice(i);
}

/**
 * Tidies the parts for reading: between two equal parts, all deletions come first as one part
 * and all insertions as one; and when both end in the same spacing, that spacing is moved out
 * into what follows, so "under ~~IAEA~~ __US__ watch" strikes the words and not the space.
 * (A lone insertion keeps its trailing space, or hiding it would leave a double space.)
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    let carried = '';
    const spacing = trailingSpace(deleted);
    if (
      spacing &&
      inserted.endsWith(spacing) &&
      spacing.length < deleted.length &&
      spacing.length < inserted.length
    ) {
      deleted = deleted.slice(0, -spacing.length);
      inserted = inserted.slice(0, -spacing.length);
      carried = spacing;
    }
    if (deleted) out.push({ op: 'delete', text: deleted });
    if (inserted) out.push({ op: 'insert', text: inserted });
    deleted = inserted = '';
    return carried;
  };
  for (const part of parts) {
    if (part.op === 'delete') deleted += part.text;
    else if (part.op === 'insert') inserted += part.text;
    else {
      const text = flush() + part.text;
      const last = out.at(-1);
      if (last?.op === 'equal') last.text += text;
      else out.push({ op: 'equal', text });
    }
  }
  const carried = flush();
  if (carried) out.push({ op: 'equal', text: carried });
  return out;
}

export function wordDiff(before: string, after: string): TextDiff {
  if (before === after) return { replaced: false, parts: [{ op: 'equal', text: after }] };
  const b = tokenize(before);
  const a = tokenize(after);
  const n = b.tokens.length;
  const m = a.tokens.length;

  // The shared opening and ending, in tokens: always shown plainly, whatever the middle is.
  let prefix = 0;
  while (prefix < n && prefix < m && b.tokens[prefix] === a.tokens[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < n - prefix &&
    suffix < m - prefix &&
    b.tokens[n - 1 - suffix] === a.tokens[m - 1 - suffix]
  ) {
    suffix++;
  }

  const parts = new Parts();
  // Spacing before the first token (or all of a text that has none).
  const bLead = before.slice(0, n ? b.starts[0] : before.length);
  const aLead = after.slice(0, m ? a.starts[0] : after.length);
  if (bLead === aLead) parts.push('equal', aLead);
  else {
    parts.push('delete', bLead);
    parts.push('insert', aLead);
  }
  emitEqual(parts, b, 0, a, 0, prefix);

  const bMiddle = b.tokens.slice(prefix, n - suffix);
  const aMiddle = a.tokens.slice(prefix, m - suffix);
  const changes =
    bMiddle.length && aMiddle.length
      ? diffArrays(bMiddle, aMiddle, { maxEditLength: MAX_EDITS, timeout: TIMEOUT_MS })
      : [
          { removed: true, added: false, count: bMiddle.length, value: bMiddle },
          { removed: false, added: true, count: aMiddle.length, value: aMiddle },
        ];

  const countWords = (t: Tokens, from: number, count: number) => {
    let words = 0;
    for (let i = from; i < from + count; i++) words += t.isWord[i]!;
    return words;
  };
  let sharedWords = countWords(b, 0, prefix) + countWords(b, n - suffix, suffix);
  let sharedTokens = prefix + suffix;
  const middle = new Parts();
  if (changes) {
    let bi = prefix;
    let ai = prefix;
    for (const change of changes) {
      const count = change.value.length;
      if (change.removed) {
        middle.push('delete', span(b, bi, count));
        bi += count;
      } else if (change.added) {
        middle.push('insert', span(a, ai, count));
        ai += count;
      } else {
        emitEqual(middle, b, bi, a, ai, count);
        sharedWords += countWords(b, bi, count);
        sharedTokens += count;
        bi += count;
        ai += count;
      }
    }
  }

  // Words decide (a shared comma says nothing); texts of punctuation alone fall back to marks.
  const [shared, total] =
    b.words + a.words > 0 ? [sharedWords, b.words + a.words] : [sharedTokens, n + m];
  const similarity = total === 0 ? 1 : (2 * shared) / total;
  const replaced = !changes || similarity < REPLACED_BELOW;
  if (replaced) {
    parts.push('delete', span(b, prefix, n - prefix - suffix));
    parts.push('insert', span(a, prefix, m - prefix - suffix));
  } else {
    for (const part of middle.list) parts.push(part.op, part.text);
  }
  emitEqual(parts, b, n - suffix, a, m - suffix, suffix);
  return { replaced, parts: tidy(parts.list) };
}

// Wordings rarely change once recorded, and the same pairs are compared again and again (every
// view of every round pair, every lineage), so diffs are remembered by the versions compared —
// including a verdict of "replaced" reached by running out of budget, which is the costly one.
const MAX_CACHED = 50_000;
const cache = new Map<string, TextDiff>();

/** wordDiff, remembered under `key` (which must change whenever either text can have). */
export function cachedWordDiff(key: string, before: string, after: string): TextDiff {
  const hit = cache.get(key);
  if (hit) return hit;
  const diff = wordDiff(before, after);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, diff);
  return diff;
}

/** Forgets remembered diffs (benchmarks measure the cold path with it). */
export function clearDiffCache(): void {
  cache.clear();
}
