// The sample negotiation a new user can open to see Parley with real content: the US–Iran
// nuclear talks of 2025–2026, as reported in one opinion column. Everything is in our own
// words. Dates the column gives only roughly stay rough (a season, part of a year or month)
// with a note saying what they rest on, and statements are paraphrases unless marked otherwise.
import type {
  Development,
  Issue,
  Linkage,
  Movement,
  Negotiation,
  Party,
  PartyRole,
  Person,
  Position,
  PositionStatus,
  RedLine,
  Round,
  Source,
} from '../../shared/domain';
import { defaultPartyColour } from '../../shared/palette';
import { insertDevelopment, setLinks } from '../db/queries/developments';
import { insertLinkage, insertPackage, setJoin } from '../db/queries/linkages';
import { insertIssue } from '../db/queries/issues';
import { listMarkings } from '../db/queries/markings';
import { insertNegotiation } from '../db/queries/negotiations';
import { insertParty, insertPerson } from '../db/queries/parties';
import { insertPosition } from '../db/queries/positions';
import { insertRedLine } from '../db/queries/redLines';
import { insertRound, setParticipants } from '../db/queries/rounds';
import { insertCitation, insertSource } from '../db/queries/sources';
import { writeDocument } from './documents';
import { htmlParagraphs } from './documents/extract';
import type { Store } from '../db/store';
import type { Writer } from '../db/writer';

type PartyCode = 'US' | 'IR' | 'OM' | 'IL';
type IssueKey = 'enrichment' | 'stockpile' | 'scope' | 'missiles' | 'proxies' | 'detentions';

interface PartySpec {
  code: PartyCode;
  name: string;
  role: PartyRole;
  people: { name: string; title: string }[];
}

const PARTIES: PartySpec[] = [
  {
    code: 'US',
    name: 'United States',
    role: 'principal',
    people: [
      { name: 'The President', title: 'President of the United States' },
      { name: 'Steve Witkoff', title: 'Special envoy' },
      { name: 'Jared Kushner', title: "Envoy; the President's son-in-law" },
    ],
  },
  {
    code: 'IR',
    name: 'Iran',
    role: 'principal',
    people: [
      { name: 'Abbas Araghchi', title: 'Foreign Minister' },
      { name: 'Ali Shamkhani', title: 'Adviser to the Supreme Leader on foreign policy' },
      { name: 'Ali Khamenei', title: 'Supreme Leader' },
    ],
  },
  { code: 'OM', name: 'Oman', role: 'mediator', people: [] },
  {
    code: 'IL',
    name: 'Israel',
    role: 'stakeholder',
    people: [{ name: 'Benjamin Netanyahu', title: 'Prime Minister' }],
  },
];

const ISSUES: { key: IssueKey; title: string; description: string }[] = [
  {
    key: 'enrichment',
    title: 'Enrichment',
    description: 'Whether Iran may keep a capability to enrich uranium on its own soil.',
  },
  {
    key: 'stockpile',
    title: 'Enriched-uranium stockpile',
    description: 'Whether the uranium Iran has already enriched must leave the country.',
  },
  {
    key: 'scope',
    title: 'Scope of the programme',
    description: 'Limits on parts of the nuclear programme, or closing the programme entirely.',
  },
  {
    key: 'missiles',
    title: 'Ballistic missiles',
    description: 'Caps on missile production while Iran rebuilds its arsenal at speed.',
  },
  {
    key: 'proxies',
    title: 'Regional proxies',
    description: "Iran's links with armed non-state groups across the region.",
  },
  {
    key: 'detentions',
    title: 'Detentions',
    description: 'Iran holding people who protest against the government.',
  },
];

const NEGOTIATION = {
  title: 'US–Iran nuclear talks',
  summary:
    'Talks between the United States and Iran on the nuclear programme and, since their ' +
    'reopening in Oman in early 2026, on missiles, proxies and detentions too. A sample ' +
    'built from one opinion column: edit or delete it freely.',
};

const ROUND_1 = {
  sequence: 1,
  title: 'Spring 2025 talks',
  startDate: '2025-spring',
  endDate: '2025-06',
  dateNote:
    'Approximate: the column places this round in spring 2025 without dates. It ended in ' +
    'June 2025, when the US President halted the talks.',
  // The column says neither where this round met, in what format, nor through whom.
  location: '',
  format: null,
  channel: '',
  summary:
    'The White House insisted Iran could keep no enrichment of its own under any ' +
    'circumstances; Iran would not accept a deal on those terms.',
  outcome:
    'The US President halted the talks in June 2025. Israel then fought a 12-day air war ' +
    "against Iran that killed much of Tehran's military leadership.",
  nextSteps: '',
} as const;

const ROUND_2 = {
  sequence: 2,
  title: 'Talks reopen in Oman',
  startDate: '2026-early',
  endDate: null,
  dateNote: 'Approximate: the column places the reopened talks in early 2026 without a date.',
  location: 'Oman',
  format: 'direct',
  channel: 'Oman (host)',
  summary:
    'Witkoff and Kushner met the Iranian delegation. The US list of demands had grown from ' +
    'enrichment alone to six files, from the nuclear programme to detentions.',
  outcome:
    'The meeting closed on a fairly positive note: Araghchi described it as a good first step ' +
    'in what is likely to be a long and difficult negotiation.',
  nextSteps:
    'A further round is expected within weeks. Meanwhile the US is readying a second ' +
    'aircraft carrier for the Persian Gulf and threatening strikes if Iran does not give way.',
} as const;

const ROUND_2_PARTICIPANTS = ['Steve Witkoff', 'Jared Kushner', 'Abbas Araghchi'];

/** The six US demands at the reopened round, one per issue. */
const US_DEMANDS_2026: Record<IssueKey, string> = {
  enrichment: 'Iran signs a binding commitment never to enrich uranium again.',
  stockpile: 'Iran sends all of its enriched uranium out of the country.',
  scope: 'Iran closes down its nuclear programme in its entirety.',
  missiles: 'Iran caps its production of ballistic missiles.',
  proxies: 'Iran breaks off its ties with non-state armed groups in the region.',
  detentions: 'Iran ends its detention of people who protest against the government.',
};

// Iran has refused enrichment and missile limits outright; the other US demands await an answer.
const US_DEMANDS_COUNTERED: readonly IssueKey[] = ['enrichment', 'missiles'];

const PARAPHRASE =
  'Paraphrase of the statement as reported in one opinion column, not a quotation.';

/** Creates the sample negotiation, as one library-level change the user can undo. */
/** The sample's attached document (see writeSample): the desk's notes, as a small web page. */
const SAMPLE_NOTES_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Desk notes on the column</title></head>
<body>
<h1>Desk notes on the opinion column</h1>
<p>All the facts in this sample come from one opinion column on the US–Iran talks; nothing in it
is confirmed elsewhere.</p>
<p>Abbas Araghchi, after the meeting in Oman: “A good start to what will probably be a long and
hard negotiation.”</p>
<p>Ali Shamkhani: “Iran's missile capabilities cannot be negotiated.”</p>
<p>The President, after meeting Netanyahu at the White House: a deal is what he would prefer; if
not, “we will have to see”.</p>
</body></html>
`;

export function createSample(store: Store): Negotiation {
  return store.write({ label: 'Open sample negotiation', scopeId: null }, (w) => writeSample(w));
}

function writeSample(w: Writer): Negotiation {
  const negotiation = insertNegotiation(w, {
    ...NEGOTIATION,
    markingId: listMarkings(w)[0]!.id,
  });
  const negotiationId = negotiation.id;

  const party = {} as Record<PartyCode, Party>;
  const people = new Map<string, Person>();
  PARTIES.forEach((spec, index) => {
    party[spec.code] = insertParty(w, {
      negotiationId,
      name: spec.name,
      shortCode: spec.code,
      role: spec.role,
      colour: defaultPartyColour(index),
      sortOrder: index + 1,
    });
    for (const person of spec.people) {
      people.set(
        person.name,
        insertPerson(w, { partyId: party[spec.code].id, markingId: null, ...person }),
      );
    }
  });
  const personId = (name: string): number => people.get(name)!.id;

  const issue = {} as Record<IssueKey, Issue>;
  ISSUES.forEach((spec, index) => {
    issue[spec.key] = insertIssue(w, {
      negotiationId,
      title: spec.title,
      description: spec.description,
      sortOrder: index + 1,
    });
  });

  const round1 = insertRound(w, { negotiationId, markingId: null, ...ROUND_1 });
  const round2 = insertRound(w, { negotiationId, markingId: null, ...ROUND_2 });
  setParticipants(w, round2.id, ROUND_2_PARTICIPANTS.map(personId));

  const position = (
    round: Round,
    code: PartyCode,
    key: IssueKey,
    values: {
      text: string;
      status: PositionStatus;
      movement?: Movement;
      previous?: Position;
      notes?: string;
    },
  ): Position =>
    insertPosition(w, {
      roundId: round.id,
      partyId: party[code].id,
      issueId: issue[key].id,
      text: values.text,
      // The app has no kind for a bare stance, so every position here is kept as a demand.
      kind: 'demand',
      status: values.status,
      movement: values.movement ?? 'none',
      previousId: values.previous?.id ?? null,
      markingId: null,
      notes: values.notes ?? '',
    });

  // Round 1: enrichment was the only file on the table.
  const usEnrichment2025 = position(round1, 'US', 'enrichment', {
    text: 'No enrichment capability of its own for Iran, under any circumstances.',
    status: 'countered',
  });
  const iranEnrichment2025 = position(round1, 'IR', 'enrichment', {
    text: 'Rejects any agreement that would leave Iran with zero enrichment.',
    status: 'countered',
  });

  // Round 2: every US demand counts as hardened, since the list grew from one file to six.
  const usDemand = {} as Record<IssueKey, Position>;
  for (const { key } of ISSUES) {
    usDemand[key] = position(round2, 'US', key, {
      text: US_DEMANDS_2026[key],
      status: US_DEMANDS_COUNTERED.includes(key) ? 'countered' : 'on_the_table',
      movement: 'hardened',
      previous: key === 'enrichment' ? usEnrichment2025 : undefined,
    });
  }
  const iranEnrichment2026 = position(round2, 'IR', 'enrichment', {
    text: 'Will not give up its enrichment capability, as when it turned down zero enrichment in 2025.',
    status: 'on_the_table',
    previous: iranEnrichment2025,
  });
  const iranMissiles = position(round2, 'IR', 'missiles', {
    text: "Iran's missile capabilities are not open to negotiation.",
    status: 'on_the_table',
    notes: 'Stated publicly by Ali Shamkhani.',
  });
  position(round2, 'IR', 'scope', {
    text:
      'Sees the US list as a demand that Iran leave itself defenceless against US military ' +
      'action later on.',
    status: 'on_the_table',
    notes:
      "Iran's reading of the US demands rather than a demand of its own; kept as a demand " +
      'because it is the ground on which Iran resists the whole list.',
  });
  const israelScope = position(round2, 'IL', 'scope', {
    text: "Any deal must also cover Iran's missile programme and its support for proxies.",
    status: 'on_the_table',
    notes:
      'Israel is not at the table: it presses the point in Washington, fearing a deal ' +
      'confined to the nuclear file.',
  });

  const redLine = (
    code: PartyCode,
    key: IssueKey,
    values: Pick<RedLine, 'text' | 'declaredDate' | 'dateNote'> &
      Partial<Pick<RedLine, 'declaredByPersonId' | 'declaredBy' | 'notes'>>,
  ): RedLine =>
    insertRedLine(w, {
      partyId: party[code].id,
      issueId: issue[key].id,
      declaredByPersonId: null,
      declaredBy: '',
      status: 'active',
      markingId: null,
      notes: '',
      ...values,
    });

  redLine('US', 'enrichment', {
    text: 'Iran may keep no enrichment capability of its own.',
    declaredDate: '2025-spring',
    dateNote: 'Approximate: held by the White House during the spring 2025 round.',
    declaredBy: 'The White House',
  });
  const iranMissilesLine = redLine('IR', 'missiles', {
    text: 'Missile capabilities are not negotiable.',
    declaredDate: '2026-early',
    dateNote: 'Approximate: said publicly around the reopened talks of early 2026.',
    declaredByPersonId: personId('Ali Shamkhani'),
  });
  redLine('IR', 'enrichment', {
    text: 'Will not give up enrichment; Iran turned down the zero-enrichment deal.',
    declaredDate: '2025',
    dateNote: 'The column says only that Iran refused in 2025.',
    declaredBy: 'The Iranian side (no speaker named)',
  });
  redLine('IL', 'scope', {
    text: 'A deal limited to the nuclear file, leaving out missiles and proxies, is unacceptable.',
    declaredDate: '2026-early',
    dateNote: 'Approximate: pressed in Washington around the reopened talks of early 2026.',
    declaredByPersonId: personId('Benjamin Netanyahu'),
  });

  const source = (
    values: Pick<Source, 'kind' | 'speaker' | 'quote' | 'notes'> &
      Partial<Pick<Source, 'dateNote'>>,
  ): Source =>
    insertSource(w, {
      negotiationId,
      saidDate: '2026-early',
      dateNote: 'Approximate: the column gives no exact date.',
      outlet: 'Opinion column on the US–Iran talks',
      reference: '',
      // Everything reaches us through the same single opinion piece.
      reliability: 'C',
      confidence: 'medium',
      markingId: null,
      ...values,
    });

  const column = source({
    kind: 'press_report',
    speaker: '',
    quote: '',
    notes:
      'The facts in this sample are as reported in this one opinion piece, not confirmed ' +
      'elsewhere.',
    dateNote:
      'Approximate: written after the Netanyahu meeting of early 2026; no publication date ' +
      'recorded.',
  });
  const araghchi = source({
    kind: 'official_statement',
    speaker: 'Abbas Araghchi',
    quote: 'A good start to what will probably be a long and hard negotiation.',
    notes: `${PARAPHRASE} Said after the meeting in Oman.`,
  });
  const shamkhani = source({
    kind: 'official_statement',
    speaker: 'Ali Shamkhani',
    quote: "Iran's missile capabilities cannot be negotiated.",
    notes: PARAPHRASE,
  });
  const shamkhaniPersian = source({
    kind: 'official_statement',
    speaker: 'Ali Shamkhani',
    quote: 'توان موشکی ایران قابل مذاکره نیست.',
    notes:
      "A Persian rendering of Shamkhani's statement as reported in English; not his " +
      'original wording.',
  });
  const president = source({
    kind: 'official_statement',
    speaker: 'The President',
    quote:
      'He pressed for the talks to go on to find out whether a deal is possible; a deal is ' +
      'what he would prefer, and if not, “we will have to see”.',
    notes:
      'Said after his meeting with Netanyahu at the White House. A paraphrase: only the ' +
      'words “we will have to see” are reported as his own.',
  });

  const cite = (
    from: Source,
    targetType: 'round' | 'position' | 'redLine' | 'development' | 'linkage',
    targetId: number,
  ) => insertCitation(w, { sourceId: from.id, targetType, targetId, note: '' });

  // What happened between and around the rounds: the column's events that were not talks.
  const development = (
    values: Pick<Development, 'kind' | 'startDate' | 'dateNote' | 'title' | 'summary'> &
      Pick<Development, 'significance'> & { parties: PartyCode[]; issues: IssueKey[] },
  ): number => {
    const { parties, issues, ...rest } = values;
    const id = insertDevelopment(w, { negotiationId, endDate: null, markingId: null, ...rest });
    setLinks(
      w,
      'development_party',
      id,
      parties.map((code) => party[code].id),
    );
    setLinks(
      w,
      'development_issue',
      id,
      issues.map((key) => issue[key].id),
    );
    return id;
  };
  const plugPulled = development({
    kind: 'statement',
    startDate: '2025-06',
    dateNote: 'The column gives the month only.',
    title: 'The US President calls off the negotiations',
    summary:
      'The round on enrichment ends when the President pulls the plug: the US held that Iran ' +
      'could keep no enrichment of its own, and Iran would not agree on that basis.',
    significance: 'high',
    parties: ['US', 'IR'],
    issues: ['enrichment'],
  });
  const airWar = development({
    kind: 'military_signal',
    startDate: '2025-06',
    dateNote: 'Approximate: after the talks collapsed in June 2025; the column gives no dates.',
    title: 'Israel’s twelve-day air war against Iran',
    summary:
      'Israel strikes Iran for twelve days, killing much of Tehran’s military leadership. ' +
      'The war frames the reopened talks: Iran reads later US demands as a bid to leave it ' +
      'defenceless.',
    significance: 'high',
    parties: ['IL', 'IR'],
    issues: ['scope', 'missiles'],
  });
  const meeting = development({
    kind: 'meeting',
    startDate: '2026-early',
    dateNote: 'Approximate: under a week after the talks in Oman; about three hours long.',
    title: 'Netanyahu’s seventh meeting with the President',
    summary:
      'At the White House, about three hours. No decisions. The President says he insisted the ' +
      'talks go on to see whether a deal can be reached; Israel presses for a deal that also ' +
      'covers missiles and proxies.',
    significance: 'high',
    parties: ['US', 'IL'],
    issues: ['scope', 'missiles', 'proxies'],
  });
  development({
    kind: 'military_signal',
    startDate: '2026-early',
    dateNote: 'Approximate: in the same period as the Netanyahu meeting.',
    title: 'A second US aircraft carrier readies for the Gulf',
    summary:
      'A second carrier prepares to deploy to the Persian Gulf, as the US threatens strikes if ' +
      'Iran does not give it what it wants: coercion alongside the talks.',
    significance: 'high',
    parties: ['US', 'IR'],
    issues: [],
  });
  const missilesStatement = development({
    kind: 'statement',
    startDate: '2026-early',
    dateNote: 'Approximate: said publicly around the reopened talks.',
    title: 'Shamkhani: missiles are not negotiable',
    summary:
      'The Supreme Leader’s adviser says in public that Iran’s missile capabilities are not ' +
      'open to negotiation, against the US demand to limit production.',
    significance: 'medium',
    parties: ['IR'],
    issues: ['missiles'],
  });

  // How the parties tie the files together. The column reports no trade between files (no
  // exchange): only refusals and the demand that a deal take in more than the nuclear file.
  const linkage = (
    round: Round,
    code: PartyCode,
    values: Pick<Linkage, 'kind' | 'statement' | 'notes'> & {
      issues: IssueKey[];
      positions: Position[];
      previous?: number;
    },
  ): number => {
    const id = insertLinkage(w, {
      roundId: round.id,
      partyId: party[code].id,
      kind: values.kind,
      status: 'in_force',
      statement: values.statement,
      notes: values.notes,
      previousId: values.previous ?? null,
      markingId: null,
    });
    setJoin(
      w,
      'linkage_issue',
      id,
      values.issues.map((key) => issue[key].id),
    );
    setJoin(
      w,
      'linkage_position',
      id,
      values.positions.map((p) => p.id),
    );
    return id;
  };
  const zeroEnrichmentRefused = linkage(round1, 'IR', {
    kind: 'refusal',
    statement: 'No deal on the basis of zero enrichment: Iran will not negotiate that away.',
    notes: PARAPHRASE,
    issues: ['enrichment'],
    positions: [iranEnrichment2025],
  });
  linkage(round2, 'IR', {
    kind: 'refusal',
    statement: 'Enrichment is not up for surrender, as when Iran refused zero enrichment in 2025.',
    notes: PARAPHRASE,
    issues: ['enrichment'],
    positions: [iranEnrichment2026],
    previous: zeroEnrichmentRefused,
  });
  const missilesRefused = linkage(round2, 'IR', {
    kind: 'refusal',
    statement: 'Missile capabilities are non-negotiable.',
    notes: 'Said publicly by Ali Shamkhani. ' + PARAPHRASE,
    issues: ['missiles'],
    positions: [iranMissiles],
  });
  const dealMustInclude = linkage(round2, 'US', {
    kind: 'conditional',
    statement:
      'No deal on the nuclear file alone: any agreement must include missiles and the proxies.',
    notes:
      'Read from the US list of six demands put together at the reopened talks; Israel presses ' +
      'the same point in Washington.',
    issues: ['scope', 'missiles', 'proxies'],
    positions: [usDemand.scope, usDemand.missiles, usDemand.proxies],
  });
  linkage(round2, 'IL', {
    kind: 'conditional',
    statement: 'No deal confined to the nuclear file: it must also cover missiles and proxies.',
    notes: 'Israel is not at the table; it presses this on Washington.',
    issues: ['scope', 'missiles', 'proxies'],
    positions: [israelScope],
  });
  // The six US demands came as one list: a package the US demands together.
  const sixDemands = insertPackage(w, {
    roundId: round2.id,
    partyId: party.US.id,
    stance: 'demanded',
    title: 'The six US demands',
    notes: 'The list grew from enrichment alone in 2025 to six files at the reopened talks.',
    previousId: null,
    markingId: null,
  });
  setJoin(
    w,
    'package_position',
    sixDemands,
    ISSUES.map(({ key }) => usDemand[key].id),
  );

  cite(column, 'round', round1.id);
  cite(column, 'round', round2.id);
  cite(araghchi, 'round', round2.id);
  cite(president, 'round', round2.id);
  cite(shamkhani, 'position', iranMissiles.id);
  cite(shamkhani, 'redLine', iranMissilesLine.id);
  cite(shamkhaniPersian, 'redLine', iranMissilesLine.id);
  cite(column, 'development', plugPulled);
  cite(column, 'development', airWar);
  cite(president, 'development', meeting);
  cite(shamkhani, 'development', missilesStatement);
  cite(shamkhani, 'linkage', missilesRefused);
  cite(column, 'linkage', dealMustInclude);

  // One attached document: the desk's notes on the column, as a small web page made here (its
  // text read as any attached page's is), so the sample shows documents, their search and the
  // viewer. Only what the sample records above, nothing new.
  const notes = new TextEncoder().encode(SAMPLE_NOTES_HTML);
  const notesDoc = writeDocument(w, {
    sourceId: column.id,
    fileName: 'Desk notes on the column.html',
    type: 'html',
    bytes: notes,
    parts: htmlParagraphs(SAMPLE_NOTES_HTML),
    markingId: null,
  });
  // The column, cited for Iran's missile position at the paragraph that quotes Shamkhani.
  insertCitation(w, {
    sourceId: column.id,
    targetType: 'position',
    targetId: iranMissiles.id,
    note: '',
    documentId: notesDoc.id,
    partNumber: 4,
    passage: "Iran's missile capabilities cannot be negotiated.",
  });

  return negotiation;
}
