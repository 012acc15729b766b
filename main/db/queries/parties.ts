import type { Party, Person } from '../../../shared/domain';
import type { Reader } from '../types';
import type { Writer } from '../writer';
import { nextOrder } from './order';
import { toBareItem, toColumns, type RowOf } from '../entities';

const toPerson = (r: RowOf<'person'>): Person => toBareItem('person', r);

const toParty = (r: RowOf<'party'>, people: Person[]): Party => ({
  ...toBareItem('party', r),
  people,
});

function peopleOf(db: Reader, partyId: number): Person[] {
  return db
    .all<RowOf<'person'>>(
      'SELECT * FROM person WHERE party_id = ? ORDER BY sort_order, id',
      partyId,
    )
    .map(toPerson);
}

export function listParties(db: Reader, negotiationId: number): Party[] {
  const people = db.all<RowOf<'person'>>(
    `SELECT pe.* FROM person pe JOIN party p ON p.id = pe.party_id
     WHERE p.negotiation_id = ? ORDER BY pe.sort_order, pe.id`,
    negotiationId,
  );
  const byParty = new Map<number, Person[]>();
  for (const row of people) {
    const list = byParty.get(row.party_id) ?? [];
    list.push(toPerson(row));
    byParty.set(row.party_id, list);
  }
  return db
    .all<RowOf<'party'>>(
      'SELECT * FROM party WHERE negotiation_id = ? ORDER BY sort_order, id',
      negotiationId,
    )
    .map((r) => toParty(r, byParty.get(r.id) ?? []));
}

export function getParty(db: Reader, id: number): Party | undefined {
  const row = db.get<RowOf<'party'>>('SELECT * FROM party WHERE id = ?', id);
  return row && toParty(row, peopleOf(db, id));
}

export function insertParty(w: Writer, values: Omit<Party, 'id' | 'people'>): Party {
  return toParty(w.insert('party', toColumns('party', values)), []);
}

export function updateParty(w: Writer, id: number, patch: Partial<Party>): Party {
  const row = w.update('party', id, toColumns('party', patch));
  return toParty(row, peopleOf(w, id));
}

export function getPerson(db: Reader, id: number): Person | undefined {
  const row = db.get<RowOf<'person'>>('SELECT * FROM person WHERE id = ?', id);
  return row && toPerson(row);
}

export function insertPerson(w: Writer, values: Omit<Person, 'id' | 'sortOrder'>): Person {
  const sortOrder = nextOrder(w, 'person', values.partyId);
  return toPerson(w.insert('person', toColumns('person', { ...values, sortOrder })));
}

export function updatePerson(w: Writer, id: number, patch: Partial<Person>): Person {
  return toPerson(w.update('person', id, toColumns('person', patch)));
}

/** The ids of the negotiation's people, for checking participants and declarers. */
export function peopleIdsOf(db: Reader, negotiationId: number): Set<number> {
  return new Set(
    db
      .all<{ id: number }>(
        'SELECT pe.id FROM person pe JOIN party p ON p.id = pe.party_id WHERE p.negotiation_id = ?',
        negotiationId,
      )
      .map((r) => r.id),
  );
}
