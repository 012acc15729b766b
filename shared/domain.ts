// Domain types shared by main and renderer. Enumerations are fixed value lists: the database
// checks them too, so a value outside these lists can never be stored.
import type { DocumentInfo } from './documents';

export const PARTY_ROLES = ['principal', 'mediator', 'stakeholder', 'observer'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const ROUND_FORMATS = ['direct', 'indirect', 'proximity'] as const;
export type RoundFormat = (typeof ROUND_FORMATS)[number];

export const POSITION_KINDS = ['demand', 'offer', 'concession'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export const POSITION_STATUSES = [
  'on_the_table',
  'countered',
  'tentatively_agreed',
  'agreed',
  'withdrawn',
  'off_the_agenda',
] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/** Statuses whose positions are still in play, and so are carried into the next round. */
export const OPEN_POSITION_STATUSES: readonly PositionStatus[] = [
  'on_the_table',
  'countered',
  'tentatively_agreed',
];

/** The officer's own judgement of how a position moved against its predecessor. */
export const MOVEMENTS = ['none', 'hardened', 'softened'] as const;
export type Movement = (typeof MOVEMENTS)[number];

export const RED_LINE_STATUSES = ['active', 'softened', 'abandoned'] as const;
export type RedLineStatus = (typeof RED_LINE_STATUSES)[number];

export const SOURCE_KINDS = [
  'official_statement',
  'interview',
  'press_report',
  'leak',
  'document',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Source reliability on the Admiralty (NATO) scale: A completely reliable … F cannot be judged. */
export const RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Reliability = (typeof RELIABILITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** What kind of event a development is: the signals are the deeds that speak (a carrier sailing,
 * new sanctions, a court ruling), as against the words of a statement. */
export const DEVELOPMENT_KINDS = [
  'statement',
  'meeting',
  'call',
  'military_signal',
  'economic_signal',
  'legal_signal',
  'leak',
  'domestic_politics',
  'other',
] as const;
export type DevelopmentKind = (typeof DEVELOPMENT_KINDS)[number];

export const SIGNIFICANCES = ['low', 'medium', 'high'] as const;
export type Significance = (typeof SIGNIFICANCES)[number];

/**
 * How a party ties issues together in a round: conditional ("no deal on A unless B is
 * included"), exchange ("A in return for B"), refusal ("A is not open to negotiation").
 */
export const LINKAGE_KINDS = ['conditional', 'exchange', 'refusal'] as const;
export type LinkageKind = (typeof LINKAGE_KINDS)[number];

/**
 * Where a linkage stands: proposed (floated, hinted at, reported but not yet insisted on), in
 * force (the party holds to it) or withdrawn (given up). Briefs list those in force; a withdrawn
 * one is not carried into the next round.
 */
export const LINKAGE_STATUSES = ['proposed', 'in_force', 'withdrawn'] as const;
export type LinkageStatus = (typeof LINKAGE_STATUSES)[number];

/** Whether a party puts a package forward (offered) or asks it of the other side (demanded). */
export const PACKAGE_STANCES = ['offered', 'demanded'] as const;
export type PackageStance = (typeof PACKAGE_STANCES)[number];

/** The tables that hold a negotiation's data, as the database (and its history) names them. */
export const STORED_TABLES = [
  'negotiation',
  'party',
  'person',
  'issue',
  'round',
  'round_participant',
  'position',
  'red_line',
  'source',
  'citation',
  'conflict_assessment',
  'development',
  'development_party',
  'development_issue',
  'linkage',
  'linkage_issue',
  'linkage_position',
  'package',
  'package_position',
  'document',
  'document_part',
] as const;

/** A handling marking; a higher rank is more restrictive. */
export interface Marking {
  id: number;
  label: string;
  rank: number;
}

export interface Negotiation {
  id: number;
  title: string;
  summary: string;
  /** Default handling marking for the negotiation and everything in it. */
  markingId: number;
  createdAt: string;
  updatedAt: string;
}

export interface NegotiationSummary extends Negotiation {
  partyCount: number;
  issueCount: number;
  roundCount: number;
  /** Canonical fuzzy date of the latest round's start, if any round has one. */
  latestRoundDate: string | null;
}

export interface Person {
  id: number;
  partyId: number;
  name: string;
  title: string;
  /** Null: the negotiation's own marking. */
  markingId: number | null;
  sortOrder: number;
}

export interface Party {
  id: number;
  negotiationId: number;
  name: string;
  shortCode: string;
  /** `#rrggbb`, lower case. */
  colour: string;
  role: PartyRole;
  sortOrder: number;
  people: Person[];
}

export interface Issue {
  id: number;
  negotiationId: number;
  title: string;
  description: string;
  sortOrder: number;
}

export interface Round {
  id: number;
  negotiationId: number;
  sequence: number;
  title: string;
  /** Fuzzy dates in canonical form (see shared/dates.ts); null when unknown. */
  startDate: string | null;
  endDate: string | null;
  dateNote: string;
  location: string;
  format: RoundFormat | null;
  channel: string;
  summary: string;
  outcome: string;
  nextSteps: string;
  markingId: number | null;
  participantIds: number[];
}

export interface Position {
  id: number;
  roundId: number;
  partyId: number;
  issueId: number;
  text: string;
  kind: PositionKind;
  status: PositionStatus;
  movement: Movement;
  /** The same position in an earlier round (lineage). */
  previousId: number | null;
  markingId: number | null;
  notes: string;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface RedLine {
  id: number;
  partyId: number;
  issueId: number;
  text: string;
  /** When it was declared (event time), as a fuzzy date. */
  declaredDate: string | null;
  dateNote: string;
  /** Who declared it, when that person is among the party's people. */
  declaredByPersonId: number | null;
  /** Who declared it, in words, when not a listed person ("the White House"). */
  declaredBy: string;
  status: RedLineStatus;
  markingId: number | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface Source {
  id: number;
  negotiationId: number;
  kind: SourceKind;
  speaker: string;
  saidDate: string | null;
  dateNote: string;
  outlet: string;
  /** A URL or a document reference. Never fetched: Parley works offline. */
  reference: string;
  quote: string;
  reliability: Reliability | null;
  confidence: Confidence | null;
  markingId: number | null;
  notes: string;
  /** How many rounds, positions and red lines cite it. */
  citationCount: number;
}

/** A dated event between (or beside) the formal rounds. */
export interface Development {
  id: number;
  negotiationId: number;
  kind: DevelopmentKind;
  /** Fuzzy dates in canonical form, as a round's; the end only for an event over several days. */
  startDate: string | null;
  endDate: string | null;
  dateNote: string;
  title: string;
  summary: string;
  significance: Significance;
  markingId: number | null;
  /** The parties involved and the issues touched, in the negotiation's order. */
  partyIds: number[];
  issueIds: number[];
}

/** A party tying issues together in a round (see LINKAGE_KINDS). */
export interface Linkage {
  id: number;
  roundId: number;
  partyId: number;
  kind: LinkageKind;
  status: LinkageStatus;
  /** The linkage in the party's own terms, or the officer's paraphrase. */
  statement: string;
  notes: string;
  /** The same linkage in an earlier round, when it was carried forward (lineage). */
  previousId: number | null;
  markingId: number | null;
  /** The issues it ties (at least one; two or more unless a refusal), in the negotiation's order. */
  issueIds: number[];
  /** The positions of the round it involves (may be none). */
  positionIds: number[];
}

/** Positions across issues that a party offers or demands together. */
export interface Package {
  id: number;
  roundId: number;
  partyId: number;
  stance: PackageStance;
  title: string;
  notes: string;
  previousId: number | null;
  markingId: number | null;
  /** Two or more positions of the round, in the round's order. */
  positionIds: number[];
}

export const CITATION_TARGETS = ['round', 'position', 'redLine', 'development', 'linkage'] as const;
export type CitationTargetType = (typeof CITATION_TARGETS)[number];

export interface Citation {
  id: number;
  sourceId: number;
  targetType: CitationTargetType;
  targetId: number;
  /** Where in the source (page, paragraph, timestamp). */
  note: string;
  /** A document of the source it names, and its page (PDF) or paragraph; null for none. */
  documentId: number | null;
  partNumber: number | null;
  /** The words quoted from it, if any. */
  passage: string;
}

export interface NegotiationDetail {
  negotiation: Negotiation;
  parties: Party[];
  issues: Issue[];
  rounds: Round[];
  redLines: RedLine[];
  /** In date order (undated last). */
  developments: Development[];
  sources: Source[];
  /** The documents attached to its sources (without their bytes or text). */
  documents: DocumentInfo[];
  /** Citations of the negotiation's rounds, red lines and developments (positions' are in RoundDetail). */
  citations: Citation[];
  /** Demands against red lines in the latest round: open, confirmed, cleared. */
  conflicts: { roundId: number; open: number; confirmed: number; cleared: number } | null;
}

/** The position a lineage link points to, with enough to show it. */
export interface PositionRef {
  id: number;
  roundId: number;
  roundSequence: number;
  roundTitle: string;
  text: string;
}

export interface RoundDetail {
  round: Round;
  positions: Position[];
  /** For each position with a predecessor: that predecessor. */
  predecessors: PositionRef[];
  /** Citations of the round and of its positions. */
  citations: Citation[];
  /** The round just before this one, by sequence. */
  previousRoundId: number | null;
  /** The linkages and packages recorded in this round. */
  linkages: Linkage[];
  packages: Package[];
}

export const HISTORY_ENTITIES = [
  'negotiation',
  'party',
  'person',
  'issue',
  'round',
  'position',
  'red_line',
  'source',
  'development',
  'linkage',
  'package',
  'document',
] as const;
export type HistoryEntity = (typeof HISTORY_ENTITIES)[number];

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface HistoryEntry {
  id: number;
  /** The user action: "Edit position", "Undo: Delete round 2". */
  label: string;
  kind: 'edit' | 'undo' | 'redo';
  actor: string;
  at: string;
  op: 'create' | 'update' | 'delete';
  /** What the row is: "Position", "Participant", "Citation". */
  what: string;
  /** For rows other than the item itself: which one ("Steve Witkoff"). */
  subject: string;
  changes: FieldChange[];
  /**
   * For history that came in a negotiation file: the file, who exported it, and who imported it
   * when. `actor` and `at` are then what the file says, not something this library saw.
   */
  imported: { fileName: string; exportedBy: string; importedBy: string; importedAt: string } | null;
}

export interface UndoState {
  undo: { label: string } | null;
  redo: { label: string } | null;
}

export interface SwitcherItem {
  kind: 'negotiation' | 'round' | 'issue' | 'red lines' | 'sources';
  label: string;
  /** The negotiation it belongs to, shown beside it. */
  context: string;
  /** The app route (hash) to open. */
  route: string;
}

export interface AppInfo {
  version: string;
  /** Where the database file lives, shown to the user. */
  databasePath: string;
  /** Which transport the renderer is talking through. */
  transport: 'electron' | 'web';
}
