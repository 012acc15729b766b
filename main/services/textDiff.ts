// Word-level differences between two wordings, for the comparison views and briefings.
// Texts are split into words (letters, combining marks, digits, and the zero-width joiners
// Persian writes inside words), runs of space, and single punctuation marks, so punctuation
// changes show on their own and Arabic-script and Hebrew words split as reliably as Latin ones.
// jsdiff's Myers diff then runs on those tokens, in logical (reading) order, which is what
// right-to-left text needs. (jsdiff's own Intl.Segmenter mode gives the same tokens for these
// scripts but is nine times slower.)
import { diffArrays } from 'diff';
import type { DiffPart, TextDiff } from '../../shared/compare';

const TOKEN = /[\p{L}\p{M}\p{N}\u200c\u200d]+|\s+|[^\p{L}\p{M}\p{N}\s]/gu;
const tokens = (text: string) => text.match(TOKEN) ?? [];

/** Below this share of common text, a word diff is noise: the texts are shown as replaced. */
export const REPLACED_BELOW = 0.4;

const weight = (text: string) => text.replace(/\s+/g, '').length;

export function wordDiff(before: string, after: string): TextDiff {
  if (before === after) return { replaced: false, parts: [{ op: 'equal', text: after }] };
  const parts: DiffPart[] = [];
  let shared = 0;
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    if (op === 'equal') shared += weight(text);
    const last = parts.at(-1);
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  }
  const total = weight(before) + weight(after);
  const similarity = total === 0 ? 1 : (2 * shared) / total;
  return similarity < REPLACED_BELOW ? { replaced: true, parts: [] } : { replaced: false, parts };
}

// Wordings rarely change once recorded, and the same pairs are compared again and again (every
// view of every round pair, every lineage), so diffs are remembered by the versions compared.
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
