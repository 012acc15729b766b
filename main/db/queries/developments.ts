import type { Development } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toBareItem, toColumns, type RowOf } from '../entities';

const toDevelopment = (
  r: RowOf<'development'>,
  partyIds: number[],
  issueIds: number[],
): Development => ({ ...toBareItem('development', r), partyIds, issueIds });

/** development id → the ids its join rows name, in the negotiation's order of parties/issues. */
function linksBy(db: Reader, sql: string, id: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const row of db.all<{ development_id: number; target: number }>(sql, id)) {
    const list = map.get(row.development_id) ?? [];
    list.push(row.target);
    map.set(row.development_id, list);
  }
  return map;
}

const PARTIES = (where: string) =>
  `SELECT dp.development_id, dp.party_id AS target FROM development_party dp
   JOIN party p ON p.id = dp.party_id ${where} ORDER BY p.sort_order, p.id`;
const ISSUES = (where: string) =>
  `SELECT di.development_id, di.issue_id AS target FROM development_issue di
   JOIN issue i ON i.id = di.issue_id ${where} ORDER BY i.sort_order, i.id`;

/**
 * The negotiation's developments in date order. A fuzzy date's canonical form does not sort as
 * text ("2025-spring" against "2025-06"), so the order is made in code by the shared sort key.
 */
export function listDevelopments(db: Reader, negotiationId: number): Development[] {
  const parties = linksBy(db, PARTIES('WHERE p.negotiation_id = ?'), negotiationId);
  const issues = linksBy(db, ISSUES('WHERE i.negotiation_id = ?'), negotiationId);
  return db
    .all<RowOf<'development'>>(
      'SELECT * FROM development WHERE negotiation_id = ? ORDER BY id',
      negotiationId,
    )
    .map((r) => toDevelopment(r, parties.get(r.id) ?? [], issues.get(r.id) ?? []));
}

export function getDevelopment(db: Reader, id: number): Development | undefined {
  const row = db.get<RowOf<'development'>>('SELECT * FROM development WHERE id = ?', id);
  if (!row) return undefined;
  const parties = linksBy(db, PARTIES('WHERE dp.development_id = ?'), id);
  const issues = linksBy(db, ISSUES('WHERE di.development_id = ?'), id);
  return toDevelopment(row, parties.get(id) ?? [], issues.get(id) ?? []);
}

export type DevelopmentValues = Omit<Development, 'id' | 'partyIds' | 'issueIds'>;

export function insertDevelopment(w: Writer, values: DevelopmentValues): number {
  return w.insert('development', toColumns('development', values)).id;
}

export function updateDevelopment(w: Writer, id: number, patch: Partial<Development>): void {
  const columns = toColumns('development', patch);
  if (Object.keys(columns).length) w.update('development', id, columns);
}

/** Makes a join table's rows for the development exactly `ids`, adding and removing as needed. */
export function setLinks(
  w: Writer,
  table: 'development_party' | 'development_issue',
  developmentId: number,
  ids: number[],
): void {
  const column = table === 'development_party' ? 'party_id' : 'issue_id';
  const current = w.all<{ id: number; target: number }>(
    `SELECT id, ${column} AS target FROM ${table} WHERE development_id = ?`,
    developmentId,
  );
  const wanted = new Set(ids);
  for (const row of current) if (!wanted.has(row.target)) w.remove(table, row.id);
  const have = new Set(current.map((r) => r.target));
  for (const target of ids) {
    if (!have.has(target)) w.insert(table, { development_id: developmentId, [column]: target });
  }
}
