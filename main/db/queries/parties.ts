import type { Party, PartyRole, Person } from '../../../shared/domain';
import type { Reader } from '../store';
import type { Writer } from '../writer';

interface PartyRow {
  id: number;
  negotiation_id: number;
  name: string;
  short_code: string;
  colour: string;
  role: PartyRole;
  sort_order: number;
}

interface PersonRow {
  id: number;
  party_id: number;
  name: string;
  title: string;
  sort_order: number;
}

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  partyId: r.party_id,
  name: r.name,
  title: r.title,
  sortOrder: r.sort_order,
});

const toParty = (r: PartyRow, people: Person[]): Party => ({
  id: r.id,
  negotiationId: r.negotiation_id,
  name: r.name,
  shortCode: r.short_code,
  colour: r.colour,
  role: r.role,
  sortOrder: r.sort_order,
  people,
});

export function listParties(db: Reader, negotiationId: number): Party[] {
  const people = db.all<PersonRow>(
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
    .all<PartyRow>(
      'SELECT * FROM party WHERE negotiation_id = ? ORDER BY sort_order, id',
      negotiationId,
    )
    .map((r) => toParty(r, byParty.get(r.id) ?? []));
}

export function insertParty(
  w: Writer,
  values: {
    negotiationId: number;
    name: string;
    shortCode: string;
    colour: string;
    role: PartyRole;
    sortOrder: number;
  },
): Party {
  const row = w.insert('party', {
    negotiation_id: values.negotiationId,
    name: values.name,
    short_code: values.shortCode,
    colour: values.colour,
    role: values.role,
    sort_order: values.sortOrder,
  });
  return toParty(row as unknown as PartyRow, []);
}

/** The party's negotiation, or undefined when there is no such party. */
export function partyNegotiationId(db: Reader, partyId: number): number | undefined {
  return db.get<{ negotiation_id: number }>(
    'SELECT negotiation_id FROM party WHERE id = ?',
    partyId,
  )?.negotiation_id;
}
