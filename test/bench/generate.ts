// Generated negotiations for the benchmarks: deterministic (seeded), shaped like a real file
// that has grown for years. Written through the real store, so every row has its history.
import { insertDevelopment, setLinks } from '../../main/db/queries/developments';
import { insertLinkage, setJoin } from '../../main/db/queries/linkages';
import { insertIssue } from '../../main/db/queries/issues';
import { insertNegotiation } from '../../main/db/queries/negotiations';
import { insertParty } from '../../main/db/queries/parties';
import { insertPosition } from '../../main/db/queries/positions';
import { insertRedLine } from '../../main/db/queries/redLines';
import { insertRound } from '../../main/db/queries/rounds';
import { insertCitation, insertSource } from '../../main/db/queries/sources';
import type { Store } from '../../main/db/store';
import { writeDocument } from '../../main/services/documents';
import { paragraphs } from '../../main/services/documents/extract';
import {
  DEVELOPMENT_KINDS,
  SIGNIFICANCES,
  type PositionKind,
  type PositionStatus,
} from '../../shared/domain';
import { defaultPartyColour } from '../../shared/palette';

export const SIZES = {
  small: { parties: 4, issues: 8, rounds: 6 },
  large: { parties: 8, issues: 40, rounds: 60 },
  huge: { parties: 8, issues: 40, rounds: 300 },
} as const;
export type Size = keyof typeof SIZES;

/** mulberry32: a small, fast, seeded generator, so every run builds the same negotiation. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the party will accept no limit on enrichment beyond agreed levels and insists that all ' +
  'stockpiles of enriched uranium be shipped abroad under international supervision while ' +
  'sanctions relief must come first in a verifiable sequence with inspections at declared ' +
  'sites missiles remain outside any framework unless regional security guarantees are offered ' +
  'to every neighbour detainees must be released before talks can resume on the broader ' +
  'agenda including proxies funding ports access oil exports banking channels and frozen ' +
  'assets held in third countries the delegation reserves the right to revisit commitments ' +
  'made in earlier rounds should the other side fail to honour its undertakings in good faith'
).split(' ');

export function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** A wording revised between rounds: a few words swapped, or a clause added. */
function revise(rand: () => number, text: string): string {
  const words = text.slice(0, -1).split(' ');
  const edits = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < edits; i++) {
    words[Math.floor(rand() * words.length)] = WORDS[Math.floor(rand() * WORDS.length)]!;
  }
  if (rand() < 0.3) words.push(...sentence(rand, 4).slice(0, -1).toLowerCase().split(' '));
  return `${words.join(' ')}.`;
}

const KINDS: PositionKind[] = ['demand', 'demand', 'demand', 'offer', 'concession'];
const OPEN: PositionStatus[] = ['on_the_table', 'on_the_table', 'countered', 'tentatively_agreed'];

export interface Generated {
  negotiationId: number;
  roundIds: number[];
  positions: number;
  developments: number;
  linkages: number;
  documents: number;
}

/**
 * A negotiation with every party holding a position on every issue in every round (about
 * 19,000 positions of 20–80 words for `large`), each continuing the one before: about half
 * unchanged, a third reworded, the rest new after a gap; plus red lines and sources, and three
 * developments after each round (drawn from their own random stream, so the positions are the
 * same as before developments existed), two linkages in each round (their own stream too): a
 * conditional or exchange on two issues with those positions, and a refusal on one, each
 * following the same party's linkage of that kind in the round before; and a few attached
 * documents (their own stream as well).
 */
export function generate(store: Store, size: Size, seed = 7): Generated {
  const shape = SIZES[size];
  const rand = random(seed);
  return store.write({ label: `Generate ${size} negotiation`, scopeId: null }, (w) => {
    const negotiation = insertNegotiation(w, {
      title: `Benchmark negotiation (${size})`,
      summary: sentence(rand, 30),
      markingId: 1,
    });
    const parties = Array.from({ length: shape.parties }, (_, i) =>
      insertParty(w, {
        negotiationId: negotiation.id,
        name: `Party ${i + 1}`,
        shortCode: `P${i + 1}`,
        colour: defaultPartyColour(i),
        role: i < 2 ? 'principal' : 'stakeholder',
        sortOrder: i + 1,
      }),
    );
    const issues = Array.from({ length: shape.issues }, (_, i) =>
      insertIssue(w, {
        negotiationId: negotiation.id,
        title: `Issue ${i + 1}`,
        description: '',
        sortOrder: i + 1,
      }),
    );
    const sources = Array.from({ length: Math.max(10, shape.rounds * 4) }, (_, i) =>
      insertSource(w, {
        negotiationId: negotiation.id,
        kind: 'press_report',
        speaker: `Spokesperson ${i % 12}`,
        saidDate: null,
        dateNote: '',
        outlet: `Outlet ${i % 30}`,
        reference: '',
        quote: sentence(rand, 25),
        reliability: 'C',
        confidence: 'medium',
        markingId: null,
        notes: '',
      }),
    );
    for (const party of parties) {
      for (const issue of issues.slice(0, 6)) {
        insertRedLine(w, {
          partyId: party.id,
          issueId: issue.id,
          text: sentence(rand, 20),
          declaredDate: '2025',
          dateNote: '',
          declaredByPersonId: null,
          declaredBy: '',
          status: 'active',
          markingId: null,
          notes: '',
        });
      }
    }

    // Attached documents, from their own random stream too: a few per negotiation (one for every
    // ten rounds, at least three), each a text of some forty paragraphs, its parts extracted as
    // an attached file's are, so search and the file's size count them.
    const filing = random(seed + 3);
    let documents = 0;
    for (let i = 0; i < Math.max(3, Math.ceil(shape.rounds / 10)); i++) {
      const text = Array.from({ length: 40 }, () => sentence(filing, 40)).join('\n\n');
      writeDocument(w, {
        sourceId: sources[Math.floor(filing() * sources.length)]!.id,
        fileName: `Readout ${i + 1}.txt`,
        type: 'text',
        bytes: new TextEncoder().encode(text),
        parts: paragraphs(text),
        markingId: null,
      });
      documents++;
    }

    const between = random(seed + 1);
    const linking = random(seed + 2);
    let developments = 0;
    let linkages = 0;
    let lastLinkage = new Map<string, number>();
    const roundIds: number[] = [];
    let previous = new Map<string, { id: number; text: string }>();
    let positions = 0;
    for (let r = 0; r < shape.rounds; r++) {
      const round = insertRound(w, {
        negotiationId: negotiation.id,
        sequence: r + 1,
        title: `Round ${r + 1}`,
        startDate: `${2020 + Math.floor(r / 12)}-${String((r % 12) + 1).padStart(2, '0')}`,
        endDate: null,
        dateNote: '',
        location: 'Geneva',
        format: 'direct',
      });
      roundIds.push(round.id);
      const current = new Map<string, { id: number; text: string }>();
      for (const issue of issues) {
        for (const party of parties) {
          const key = `${issue.id}:${party.id}`;
          const before = previous.get(key);
          const roll = rand();
          const fresh = !before || roll < 0.15;
          const text = fresh
            ? sentence(rand, 20 + Math.floor(rand() * 61))
            : roll < 0.6
              ? before.text
              : revise(rand, before.text);
          const position = insertPosition(w, {
            roundId: round.id,
            partyId: party.id,
            issueId: issue.id,
            text,
            kind: KINDS[Math.floor(rand() * KINDS.length)]!,
            status: OPEN[Math.floor(rand() * OPEN.length)]!,
            movement: fresh || roll < 0.6 ? 'none' : rand() < 0.5 ? 'hardened' : 'softened',
            previousId: fresh ? null : before.id,
            markingId: null,
            notes: '',
          });
          positions++;
          current.set(key, { id: position.id, text });
          if (rand() < 0.1) {
            insertCitation(w, {
              sourceId: sources[Math.floor(rand() * sources.length)]!.id,
              targetType: 'position',
              targetId: position.id,
              note: '',
            });
          }
        }
      }
      previous = current;
      // Two linkages: one party ties two issues, another refuses one.
      const pickL = <T>(list: readonly T[]) => list[Math.floor(linking() * list.length)]!;
      const thisRound = new Map<string, number>();
      const [first, second] = [pickL(issues), pickL(issues)];
      const demanding = pickL(parties);
      const refusing = parties.find((p) => p.id !== demanding.id) ?? demanding;
      for (const [party, kind, tied] of [
        [demanding, linking() < 0.5 ? 'conditional' : 'exchange', [first.id, second.id]],
        [refusing, 'refusal', [second.id]],
      ] as const) {
        const issueIds = [...new Set(tied)];
        if (kind !== 'refusal' && issueIds.length < 2) continue;
        const key = `${party.id}:${kind}`;
        const id = insertLinkage(w, {
          roundId: round.id,
          partyId: party.id,
          kind,
          status: 'in_force',
          statement: sentence(linking, 15),
          notes: '',
          previousId: lastLinkage.get(key) ?? null,
          markingId: null,
        });
        setJoin(w, 'linkage_issue', id, issueIds);
        setJoin(
          w,
          'linkage_position',
          id,
          issueIds.map((issueId) => current.get(`${issueId}:${party.id}`)!.id),
        );
        thisRound.set(key, id);
        linkages++;
      }
      lastLinkage = thisRound;
      // Three developments in the weeks after the round, each on one or two parties and issues.
      const month = round.startDate!;
      for (const day of ['10', '17', '24']) {
        const pick = <T>(list: readonly T[]) => list[Math.floor(between() * list.length)]!;
        const id = insertDevelopment(w, {
          negotiationId: negotiation.id,
          kind: pick(DEVELOPMENT_KINDS),
          startDate: `${month}-${day}`,
          endDate: null,
          dateNote: '',
          title: sentence(between, 6),
          summary: sentence(between, 30),
          significance: pick(SIGNIFICANCES),
          markingId: null,
        });
        const someParties = [...new Set([pick(parties).id, pick(parties).id])];
        const someIssues = [...new Set([pick(issues).id, pick(issues).id])];
        setLinks(w, 'development_party', id, someParties);
        setLinks(w, 'development_issue', id, someIssues);
        if (between() < 0.3) {
          insertCitation(w, {
            sourceId: pick(sources).id,
            targetType: 'development',
            targetId: id,
            note: '',
          });
        }
        developments++;
      }
    }
    return {
      negotiationId: negotiation.id,
      roundIds,
      positions,
      developments,
      linkages,
      documents,
    };
  });
}

/** Search queries as an officer types them: words, phrases and prefixes, common and rare. */
export const SEARCH_QUERIES = [
  'enrichment',
  'frozen assets',
  '"frozen assets"',
  'sanct',
  'inspections declared sites',
  'uranium shipped abroad',
  'detainees released',
  'banking channels',
  'ports',
  'honour good faith',
  'supervision',
  'missiles regional',
];

/** The insert figure's data: a negotiation's frame, and its positions as plain rows. */
export function positionsToInsert(store: Store, size: Size) {
  const shape = SIZES[size];
  const rand = random(11);
  const frame = store.write({ label: 'Frame', scopeId: null }, (w) => {
    const n = insertNegotiation(w, { title: 'Insert figure', summary: '', markingId: 1 });
    const parties = Array.from({ length: shape.parties }, (_, i) =>
      insertParty(w, {
        negotiationId: n.id,
        name: `Party ${i + 1}`,
        shortCode: `P${i + 1}`,
        colour: defaultPartyColour(i),
        role: 'principal',
        sortOrder: i + 1,
      }),
    );
    const issues = Array.from({ length: shape.issues }, (_, i) =>
      insertIssue(w, {
        negotiationId: n.id,
        title: `Issue ${i + 1}`,
        description: '',
        sortOrder: i + 1,
      }),
    );
    const roundList = Array.from({ length: shape.rounds }, (_, i) =>
      insertRound(w, {
        negotiationId: n.id,
        sequence: i + 1,
        title: `Round ${i + 1}`,
        startDate: null,
        endDate: null,
        dateNote: '',
        location: '',
        format: null,
      }),
    );
    return { n, parties, issues, rounds: roundList };
  });
  const rows = frame.rounds.flatMap((r) =>
    frame.issues.flatMap((i) =>
      frame.parties.map((p) => ({
        roundId: r.id,
        partyId: p.id,
        issueId: i.id,
        text: sentence(rand, 20 + Math.floor(rand() * 61)),
      })),
    ),
  );
  return { negotiationId: frame.n.id, rows };
}

/** Inserts those positions in one change, through the store's writer (history, search index). */
export function insertPositions(store: Store, rows: ReturnType<typeof positionsToInsert>['rows']) {
  store.write({ label: 'Insert', scopeId: null }, (w) => {
    for (const row of rows) {
      insertPosition(w, {
        ...row,
        kind: 'demand',
        status: 'on_the_table',
        movement: 'none',
        previousId: null,
        markingId: null,
        notes: '',
      });
    }
  });
}
