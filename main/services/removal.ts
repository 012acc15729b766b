// "Remove permanently…": what it would take (shown first), doing it, and the backups that
// still hold the item afterwards (the officer may delete them too). See main/db/purge.ts.
import type { HistoryEntity } from '../../shared/domain';
import type { RemovalPreview, RemovalResult } from '../../shared/removal';
import { purge, purgeTargets, type PurgeTarget } from '../db/purge';
import type { Store } from '../db/store';
import type { TableName } from '../db/entities';
import type { Backups } from './backups';
import { scopeOf } from './common';
import { isShared } from '../db/queries/share';

const WORDS: Record<TableName, [string, string]> = {
  negotiation: ['negotiation', 'negotiations'],
  party: ['party', 'parties'],
  person: ['person', 'people'],
  issue: ['issue', 'issues'],
  round: ['round', 'rounds'],
  round_participant: ['participant', 'participants'],
  position: ['position', 'positions'],
  red_line: ['red line', 'red lines'],
  source: ['source', 'sources'],
  citation: ['citation', 'citations'],
  conflict_assessment: ['conflict judgement', 'conflict judgements'],
  development: ['development', 'developments'],
  development_party: ['party involved', 'parties involved'],
  development_issue: ['issue touched', 'issues touched'],
  linkage: ['linkage', 'linkages'],
  linkage_issue: ['issue tied', 'issues tied'],
  linkage_position: ['position involved', 'positions involved'],
  package: ['package', 'packages'],
  package_position: ['position in a package', 'positions in packages'],
  document: ['document', 'documents'],
  document_part: ['page or paragraph', 'pages and paragraphs'],
};

const counted = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

function titleOf(store: Store, entity: HistoryEntity, id: number): string {
  const row = store.get<Record<string, string | number | null>>(
    `SELECT * FROM ${entity} WHERE id = ?`,
    id,
  );
  const name = String(
    row?.title ?? row?.name ?? row?.text ?? row?.file_name ?? row?.speaker ?? row?.outlet ?? '',
  );
  const short = name.length > 80 ? `${name.slice(0, 79)}…` : name;
  const what = WORDS[entity][0];
  return `${what[0]!.toUpperCase()}${what.slice(1)} “${short}”`;
}

function parts(
  store: Store,
  entity: HistoryEntity,
  targets: PurgeTarget[],
  negotiationId: number,
): string[] {
  const byTable = new Map<TableName, number>();
  for (const t of targets) byTable.set(t.table, (byTable.get(t.table) ?? 0) + 1);
  const history = targets.reduce(
    (sum, t) =>
      sum +
      store.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM history WHERE entity = ? AND entity_id = ?',
        t.table,
        t.id,
      )!.n,
    0,
  );
  const inside = [...byTable]
    .filter(([table]) => table !== entity || byTable.get(table)! > 1)
    .map(([table, n]) => counted(table === entity ? n - 1 : n, WORDS[table]))
    .filter((s) => !s.startsWith('0 '));
  return [
    ...(inside.length ? [`with what it holds: ${inside.join(', ')}`] : []),
    counted(history, ['record in its history', 'records in its history']),
    ...(isShared(store, negotiationId)
      ? [
          entity === 'negotiation'
            ? 'its sharing record, which holds every value shared in it'
            : 'the negotiation’s sharing record, which holds every value shared in it (the negotiation stays, no longer shared in your library; colleagues keep what they received)',
        ]
      : []),
  ];
}

export function preview(
  store: Store,
  backups: Backups,
  input: { entity: HistoryEntity; id: number },
): RemovalPreview {
  const scope = scopeOf(store, input.entity, input.id);
  const targets = purgeTargets(store, { table: input.entity, id: input.id });
  return {
    title: titleOf(store, input.entity, input.id),
    parts: parts(store, input.entity, targets, scope),
    backups: backups.holding(targets),
  };
}

export function confirm(
  store: Store,
  backups: Backups,
  input: { entity: HistoryEntity; id: number },
): RemovalResult {
  const scope = scopeOf(store, input.entity, input.id);
  const targets = purgeTargets(store, { table: input.entity, id: input.id });
  const title = titleOf(store, input.entity, input.id);
  const summary = parts(store, input.entity, targets, scope);
  purge(store, { table: input.entity, id: input.id }, scope);
  store.emit({ scopeId: input.entity === 'negotiation' ? null : scope });
  return { title, parts: summary, backups: backups.holding(targets) };
}
