import type { Marking } from '../../../shared/domain';
import type { Reader } from '../types';

export function listMarkings(db: Reader): Marking[] {
  return db.all<Marking>('SELECT id, label, rank FROM marking ORDER BY rank');
}

export function markingExists(db: Reader, id: number): boolean {
  return db.get('SELECT 1 AS found FROM marking WHERE id = ?', id) !== undefined;
}
