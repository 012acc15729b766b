// "Changes since the last brief": each export remembers its items, each with the marking it
// carried then; the next brief of the same kind lists what was added, changed or removed since,
// so a senior reads the delta. Removed and old wording keep the marking they were briefed
// under, so printing them can never lower a brief's marking below what it shows.
import { wordDiff } from '../textDiff';
import type { MarkingScale } from '../marking';
import {
  said,
  type BriefSection,
  type Inline,
  type Said,
  type SnapshotEntry,
  type TableRow,
} from './model';

/** A remembered item as stored with an export (`markingId` missing in exports before it). */
export interface StoredSnapshotItem {
  section: string;
  label: string;
  text: string;
  markingId?: number;
}
export type StoredSnapshot = Record<string, StoredSnapshotItem>;

export interface SnapshotChanges {
  added: StoredSnapshotItem[];
  changed: { before: StoredSnapshotItem; after: StoredSnapshotItem }[];
  removed: StoredSnapshotItem[];
}

export function toStored(entries: readonly SnapshotEntry[]): StoredSnapshot {
  const out: StoredSnapshot = {};
  for (const { key, ...item } of entries) out[key] = item;
  return out;
}

export function diffSnapshots(before: StoredSnapshot, after: StoredSnapshot): SnapshotChanges {
  const changes: SnapshotChanges = { added: [], changed: [], removed: [] };
  for (const [key, item] of Object.entries(after)) {
    const old = before[key];
    if (!old) changes.added.push(item);
    else if (old.text !== item.text) changes.changed.push({ before: old, after: item });
  }
  for (const [key, item] of Object.entries(before)) if (!(key in after)) changes.removed.push(item);
  return changes;
}

export const changeCount = (c: SnapshotChanges) =>
  c.added.length + c.changed.length + c.removed.length;

export interface PreviousExport {
  at: string;
  fileName: string;
  /** The marking the whole previous brief carried: items stored without their own get it. */
  markingLabel: string;
}

export function changesSection(
  changes: SnapshotChanges,
  since: PreviousExport,
  scale: MarkingScale,
): BriefSection {
  const when = new Date(since.at).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const briefedUnder = scale.byLabel(since.markingLabel) ?? scale.top();
  const carried = (item: StoredSnapshotItem, state: string, text = item.text): Said =>
    said(
      text,
      item.markingId ?? briefedUnder.id,
      `${state} item (${item.section}: ${item.label}) in “changes since the last brief”`,
    );
  // The section and label name parties, issues and sources: they carry the item's marking too.
  const row = (item: StoredSnapshotItem, state: string, content: Inline[]): TableRow => ({
    cells: [
      [{ t: 'said', said: carried(item, state, item.section) }],
      [{ t: 'said', said: carried(item, state, item.label) }],
      content,
    ],
  });
  const table = (title: string, rows: TableRow[]) =>
    rows.length
      ? [
          { b: 'h3' as const, parts: [title] },
          {
            b: 'table' as const,
            columns: [
              { label: 'Section', width: 16 },
              { label: 'Item', width: 30 },
              { label: 'Now' },
            ],
            rows,
          },
        ]
      : [];
  return {
    id: 'changes',
    title: 'Changes since the last brief',
    blocks: [
      {
        b: 'p',
        muted: true,
        parts: [
          'Against the previous brief of this kind, “',
          {
            t: 'said',
            // A file name holds only the marking and titles this brief prints anyway.
            said: said(since.fileName, null, 'the previous brief’s file name'),
          },
          `”, exported ${when}.`,
        ],
      },
      ...(changeCount(changes) === 0
        ? [{ b: 'p' as const, parts: ['Nothing has changed since.'] }]
        : [
            ...table(
              'New',
              changes.added.map((i) => row(i, 'a new', [{ t: 'said', said: carried(i, 'a new') }])),
            ),
            ...table(
              'Changed',
              changes.changed.map(({ before, after }) =>
                row(after, 'a changed', [
                  {
                    t: 'diff',
                    before: carried(before, 'the earlier wording of a changed'),
                    after: carried(after, 'a changed'),
                    diff: wordDiff(before.text, after.text),
                    side: 'both',
                  },
                ]),
              ),
            ),
            ...table(
              'Removed',
              changes.removed.map((i) =>
                row(i, 'a removed', [{ t: 'struck', said: carried(i, 'a removed') }]),
              ),
            ),
          ]),
    ],
  };
}
