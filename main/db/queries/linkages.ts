import type { Linkage, Package } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { toBareItem, toColumns, type RowOf } from '../entities';

/** owner id → the ids its join rows name. */
function linksBy(db: Reader, sql: string, ...params: number[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const row of db.all<{ owner: number; target: number }>(sql, ...params)) {
    const list = map.get(row.owner) ?? [];
    list.push(row.target);
    map.set(row.owner, list);
  }
  return map;
}

// The join rows of every linkage (or package) of one round, or of one of them: issues in the
// negotiation's order, positions in the round's.
const LINKAGE_ISSUES = (where: string) =>
  `SELECT li.linkage_id AS owner, li.issue_id AS target FROM linkage_issue li
   JOIN linkage l ON l.id = li.linkage_id JOIN issue i ON i.id = li.issue_id
   ${where} ORDER BY i.sort_order, i.id`;
const LINKAGE_POSITIONS = (where: string) =>
  `SELECT lp.linkage_id AS owner, lp.position_id AS target FROM linkage_position lp
   JOIN linkage l ON l.id = lp.linkage_id JOIN position p ON p.id = lp.position_id
   ${where} ORDER BY p.issue_id, p.party_id, p.sort_order, p.id`;
const PACKAGE_POSITIONS = (where: string) =>
  `SELECT pp.package_id AS owner, pp.position_id AS target FROM package_position pp
   JOIN package k ON k.id = pp.package_id JOIN position p ON p.id = pp.position_id
   ${where} ORDER BY p.issue_id, p.party_id, p.sort_order, p.id`;

const toLinkage = (
  r: RowOf<'linkage'>,
  issues: Map<number, number[]>,
  positions: Map<number, number[]>,
): Linkage => ({
  ...toBareItem('linkage', r),
  issueIds: issues.get(r.id) ?? [],
  positionIds: positions.get(r.id) ?? [],
});

const toPackage = (r: RowOf<'package'>, positions: Map<number, number[]>): Package => ({
  ...toBareItem('package', r),
  positionIds: positions.get(r.id) ?? [],
});

/** A round's linkages, in the order they were recorded. */
export function roundLinkages(db: Reader, roundId: number): Linkage[] {
  const issues = linksBy(db, LINKAGE_ISSUES('WHERE l.round_id = ?'), roundId);
  const positions = linksBy(db, LINKAGE_POSITIONS('WHERE l.round_id = ?'), roundId);
  return db
    .all<RowOf<'linkage'>>('SELECT * FROM linkage WHERE round_id = ? ORDER BY id', roundId)
    .map((r) => toLinkage(r, issues, positions));
}

/** Every linkage of a negotiation, round by round. */
export function negotiationLinkages(db: Reader, negotiationId: number): Linkage[] {
  const where = 'WHERE l.round_id IN (SELECT id FROM round WHERE negotiation_id = ?)';
  const issues = linksBy(db, LINKAGE_ISSUES(where), negotiationId);
  const positions = linksBy(db, LINKAGE_POSITIONS(where), negotiationId);
  return db
    .all<RowOf<'linkage'>>(
      `SELECT l.* FROM linkage l JOIN round r ON r.id = l.round_id
       WHERE r.negotiation_id = ? ORDER BY r.sequence, l.id`,
      negotiationId,
    )
    .map((r) => toLinkage(r, issues, positions));
}

export function getLinkage(db: Reader, id: number): Linkage | undefined {
  const row = db.get<RowOf<'linkage'>>('SELECT * FROM linkage WHERE id = ?', id);
  if (!row) return undefined;
  return toLinkage(
    row,
    linksBy(db, LINKAGE_ISSUES('WHERE l.id = ?'), id),
    linksBy(db, LINKAGE_POSITIONS('WHERE l.id = ?'), id),
  );
}

export function roundPackages(db: Reader, roundId: number): Package[] {
  const positions = linksBy(db, PACKAGE_POSITIONS('WHERE k.round_id = ?'), roundId);
  return db
    .all<RowOf<'package'>>('SELECT * FROM package WHERE round_id = ? ORDER BY id', roundId)
    .map((r) => toPackage(r, positions));
}

export function getPackage(db: Reader, id: number): Package | undefined {
  const row = db.get<RowOf<'package'>>('SELECT * FROM package WHERE id = ?', id);
  return row && toPackage(row, linksBy(db, PACKAGE_POSITIONS('WHERE k.id = ?'), id));
}

export type LinkageValues = Omit<Linkage, 'id' | 'issueIds' | 'positionIds'>;
export type PackageValues = Omit<Package, 'id' | 'positionIds'>;

export function insertLinkage(w: Writer, values: LinkageValues): number {
  return w.insert('linkage', toColumns('linkage', values)).id;
}

export function updateLinkage(w: Writer, id: number, patch: Partial<Linkage>): void {
  const columns = toColumns('linkage', patch);
  if (Object.keys(columns).length) w.update('linkage', id, columns);
}

export function insertPackage(w: Writer, values: PackageValues): number {
  return w.insert('package', toColumns('package', values)).id;
}

export function updatePackage(w: Writer, id: number, patch: Partial<Package>): void {
  const columns = toColumns('package', patch);
  if (Object.keys(columns).length) w.update('package', id, columns);
}

const JOIN_COLUMNS = {
  linkage_issue: ['linkage_id', 'issue_id'],
  linkage_position: ['linkage_id', 'position_id'],
  package_position: ['package_id', 'position_id'],
} as const;

/** Makes a join table's rows for its owner exactly `ids`, adding and removing as needed. */
export function setJoin(
  w: Writer,
  table: keyof typeof JOIN_COLUMNS,
  ownerId: number,
  ids: readonly number[],
): void {
  const [owner, column] = JOIN_COLUMNS[table];
  const current = w.all<{ id: number; target: number }>(
    `SELECT id, ${column} AS target FROM ${table} WHERE ${owner} = ?`,
    ownerId,
  );
  const wanted = new Set(ids);
  for (const row of current) if (!wanted.has(row.target)) w.remove(table, row.id);
  const have = new Set(current.map((r) => r.target));
  for (const target of ids) {
    if (!have.has(target)) w.insert(table, { [owner]: ownerId, [column]: target });
  }
}
