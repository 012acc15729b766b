// "Changes since the last brief": each export remembers its items; the next brief of the same
// kind lists what was added, changed or removed since, so a senior reads the delta.
import type { Snapshot, SnapshotItem } from './content';
import { esc, type Section } from './html';
import { wordDiff } from '../textDiff';
import { diffHtml } from './html';

export interface SnapshotChanges {
  added: SnapshotItem[];
  changed: { before: SnapshotItem; after: SnapshotItem }[];
  removed: SnapshotItem[];
}

export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotChanges {
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

export function changesSection(
  changes: SnapshotChanges,
  since: { at: string; fileName: string },
): Section {
  const when = new Date(since.at).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const row = (item: SnapshotItem, textHtml: string) =>
    `<tr><td style="width:18%">${esc(item.section)}</td><td style="width:24%">${esc(item.label)}</td><td dir="auto">${textHtml}</td></tr>`;
  const table = (title: string, rows: string) =>
    rows
      ? `<h3>${esc(title)}</h3><table><thead><tr><th>Section</th><th>Item</th><th>Now</th></tr></thead><tbody>${rows}</tbody></table>`
      : '';
  const bodyHtml =
    `<p class="muted">Against the previous brief of this kind, “${esc(since.fileName)}”, exported ${esc(when)}.</p>` +
    (changeCount(changes) === 0
      ? '<p>Nothing has changed since.</p>'
      : table('New', changes.added.map((i) => row(i, esc(i.text))).join('')) +
        table(
          'Changed',
          changes.changed
            .map(({ before, after }) =>
              row(after, diffHtml(after.text, wordDiff(before.text, after.text), 'both')),
            )
            .join(''),
        ) +
        table('Removed', changes.removed.map((i) => row(i, `<del>${esc(i.text)}</del>`)).join('')));
  return { id: 'changes', title: 'Changes since the last brief', bodyHtml };
}
