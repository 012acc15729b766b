import { describe, expect, it } from 'vitest';
import { listIssues } from '../../main/db/queries/issues';
import { listNegotiations } from '../../main/db/queries/negotiations';
import { listParties } from '../../main/db/queries/parties';
import { listRoundPositions } from '../../main/db/queries/positions';
import { listRedLines } from '../../main/db/queries/redLines';
import { listRounds } from '../../main/db/queries/rounds';
import { listSources } from '../../main/db/queries/sources';
import { createSample } from '../../main/services/sample';
import { parseFuzzyDate } from '../../shared/dates';
import { tempStore } from './helpers';

const PERSIAN = 'توان موشکی ایران قابل مذاکره نیست.';

describe('sample negotiation', () => {
  it('is written as one library-level change', () => {
    const store = tempStore();
    createSample(store);
    expect(store.all('SELECT label, scope_id FROM change_set')).toEqual([
      { label: 'Open sample negotiation', scope_id: null },
    ]);
  });

  it('holds the parties, people, issues and rounds of the scenario', () => {
    const store = tempStore();
    const { id, title, markingId } = createSample(store);
    expect(title).toBe('US–Iran nuclear talks');
    expect(markingId).toBe(store.get<{ id: number }>('SELECT id FROM marking ORDER BY rank')!.id);

    const parties = listParties(store, id);
    expect(parties.map((p) => [p.shortCode, p.role])).toEqual([
      ['US', 'principal'],
      ['IR', 'principal'],
      ['OM', 'mediator'],
      ['IL', 'stakeholder'],
    ]);
    expect(parties.flatMap((p) => p.people)).toHaveLength(7);
    expect(listIssues(store, id).map((i) => i.title)).toEqual([
      'Enrichment',
      'Enriched-uranium stockpile',
      'Scope of the programme',
      'Ballistic missiles',
      'Regional proxies',
      'Detentions',
    ]);

    const rounds = listRounds(store, id);
    expect(rounds).toHaveLength(2);
    const people = new Map(parties.flatMap((p) => p.people).map((pe) => [pe.id, pe.name]));
    expect(rounds[1]!.participantIds.map((pid) => people.get(pid)).sort()).toEqual([
      'Abbas Araghchi',
      'Jared Kushner',
      'Steve Witkoff',
    ]);
  });

  it('links the hardened US enrichment demand to its spring 2025 predecessor', () => {
    const store = tempStore();
    const { id } = createSample(store);
    const [round1, round2] = listRounds(store, id);
    const us = listParties(store, id).find((p) => p.shortCode === 'US')!;
    const enrichment = listIssues(store, id).find((i) => i.title === 'Enrichment')!;
    const usEnrichment = (roundId: number) =>
      listRoundPositions(store, roundId).filter(
        (p) => p.partyId === us.id && p.issueId === enrichment.id,
      );

    const [before] = usEnrichment(round1!.id);
    const [after] = usEnrichment(round2!.id);
    expect(after).toMatchObject({ previousId: before!.id, movement: 'hardened' });
    expect(listRoundPositions(store, round2!.id).filter((p) => p.partyId === us.id)).toHaveLength(
      6,
    );
  });

  it('records four active red lines and keeps the Persian quote intact', () => {
    const store = tempStore();
    const { id } = createSample(store);
    const redLines = listRedLines(store, id);
    expect(redLines).toHaveLength(4);
    expect(redLines.every((r) => r.status === 'active')).toBe(true);

    const persian = listSources(store, id).filter((s) => s.quote === PERSIAN);
    expect(persian).toHaveLength(1);
    expect(persian[0]!.speaker).toBe('Ali Shamkhani');
  });

  it('cites every source at least once', () => {
    const store = tempStore();
    const { id } = createSample(store);
    const sources = listSources(store, id);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) expect(source.citationCount, source.speaker).toBeGreaterThan(0);
  });

  it('keeps every event date fuzzy and valid, never an invented day', () => {
    const store = tempStore();
    const { id } = createSample(store);
    const roundDates = listRounds(store, id).flatMap((r) => [r.startDate, r.endDate]);
    const redLineDates = listRedLines(store, id).map((r) => r.declaredDate);
    for (const date of [...roundDates, ...redLineDates].filter((d) => d !== null)) {
      expect(parseFuzzyDate(date), date).not.toBeNull();
    }
    for (const date of roundDates.filter((d) => d !== null)) {
      expect(parseFuzzyDate(date)!.precision, date).not.toBe('day');
    }
    expect(redLineDates.every((d) => d !== null)).toBe(true);
  });

  it('creates an independent negotiation each time it is opened', () => {
    const store = tempStore();
    const first = createSample(store);
    const second = createSample(store);
    expect(second.id).not.toBe(first.id);
    expect(listNegotiations(store)).toHaveLength(2);
    for (const { id } of [first, second]) {
      expect(listParties(store, id)).toHaveLength(4);
      expect(listIssues(store, id)).toHaveLength(6);
      expect(listRounds(store, id)).toHaveLength(2);
      expect(listRedLines(store, id)).toHaveLength(4);
    }
    expect(store.all('SELECT label, scope_id FROM change_set')).toEqual([
      { label: 'Open sample negotiation', scope_id: null },
      { label: 'Open sample negotiation', scope_id: null },
    ]);
  });
});
