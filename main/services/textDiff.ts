// Word-level differences between two wordings, for the comparison views and briefings.
// jsdiff splits words with Intl.Segmenter, so punctuation is its own token and Persian, Arabic
// and Hebrew words are found as reliably as Latin ones; the diff is on logical (reading) order,
// which is what right-to-left text needs.
import { diffWords } from 'diff';
import type { DiffPart, TextDiff } from '../../shared/compare';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Below this share of common text, a word diff is noise: the texts are shown as replaced. */
export const REPLACED_BELOW = 0.4;

const weight = (text: string) => text.replace(/\s+/g, '').length;

export function wordDiff(before: string, after: string): TextDiff {
  if (before === after) return { replaced: false, parts: [{ op: 'equal', text: after }] };
  const parts: DiffPart[] = [];
  let shared = 0;
  for (const change of diffWords(before, after, { intlSegmenter: segmenter })) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    if (op === 'equal') shared += weight(change.value);
    const last = parts.at(-1);
    if (last && last.op === op) last.text += change.value;
    else parts.push({ op, text: change.value });
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
