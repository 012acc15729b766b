import type { SwitcherItem } from '../../shared/domain';
import { listSwitcherRows } from '../db/queries/switcher';
import type { Store } from '../db/store';

/**
 * Everything the quick switcher can jump to: negotiations, their rounds, issues, red lines and
 * sources pages. An issue opens the latest round's grid at that issue.
 */
export function items(store: Store): SwitcherItem[] {
  return store.read((db) => {
    const rows = listSwitcherRows(db);
    const out: SwitcherItem[] = [];
    for (const n of rows.negotiations) {
      out.push({ kind: 'negotiation', label: n.title, context: '', route: `#/n/${n.id}` });
      out.push({
        kind: 'red lines',
        label: `Red lines`,
        context: n.title,
        route: `#/n/${n.id}/red-lines`,
      });
      out.push({
        kind: 'sources',
        label: `Sources`,
        context: n.title,
        route: `#/n/${n.id}/sources`,
      });
    }
    const titles = new Map(rows.negotiations.map((n) => [n.id, n.title]));
    const latest = new Map<number, number>();
    for (const r of rows.rounds) {
      latest.set(r.negotiation_id, r.id);
      out.push({
        kind: 'round',
        label: `Round ${r.sequence}: ${r.title}`,
        context: titles.get(r.negotiation_id) ?? '',
        route: `#/n/${r.negotiation_id}/r/${r.id}`,
      });
    }
    for (const i of rows.issues) {
      const round = latest.get(i.negotiation_id);
      out.push({
        kind: 'issue',
        label: i.title,
        context: titles.get(i.negotiation_id) ?? '',
        route:
          round === undefined
            ? `#/n/${i.negotiation_id}`
            : `#/n/${i.negotiation_id}/r/${round}?issue=${i.id}`,
      });
    }
    return out;
  });
}
