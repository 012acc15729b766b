// What the comparison views receive: computed in main from the store, shown by the renderer.
import type {
  Citation,
  LinkageKind,
  LinkageStatus,
  Movement,
  PartyRole,
  PositionKind,
  PositionStatus,
  RedLineStatus,
  Source,
} from './domain';

/** How a position changed between two rounds, as computed (beside the officer's judgement). */
export const CHANGE_KINDS = ['new', 'dropped', 'reworded', 'unchanged'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A run of words in a word-level diff. */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * The word-level difference between two texts. The equal and deleted parts, in order, spell
 * the earlier text; the equal and inserted ones the later text. When the texts share too little
 * for a word diff to mean anything (or are too long and too different to compare in time),
 * `replaced` is true and the parts are the shared opening (equal), the rest of the old text
 * (delete), the rest of the new one (insert) and the shared ending (equal): a reader sees what
 * stayed plainly and the replaced middle struck through and underlined, whole.
 */
export interface TextDiff {
  replaced: boolean;
  parts: DiffPart[];
}

export interface PositionBrief {
  id: number;
  text: string;
  kind: PositionKind;
  status: PositionStatus;
  movement: Movement;
  markingId: number | null;
}

export interface RoundRef {
  id: number;
  sequence: number;
  title: string;
  startDate: string | null;
}

export interface ComparisonRow {
  issueId: number;
  partyId: number;
  /** The position in the earlier round, if any. */
  from: PositionBrief | null;
  /** The position in the later round, if any. */
  to: PositionBrief | null;
  change: ChangeKind;
  /** Present when the wording changed. */
  diff: TextDiff | null;
  statusChange: { from: PositionStatus; to: PositionStatus } | null;
}

/** How a linkage changed between two rounds. */
export const LINKAGE_CHANGES = ['added', 'dropped', 'changed', 'unchanged'] as const;
export type LinkageChangeKind = (typeof LINKAGE_CHANGES)[number];

/** What the comparison and conflict views need of a linkage. */
export interface LinkageBrief {
  id: number;
  partyId: number;
  kind: LinkageKind;
  status: LinkageStatus;
  statement: string;
  issueIds: number[];
  markingId: number | null;
}

/** The fields of a linkage a comparison reports as changed. */
export type LinkageField = 'kind' | 'status' | 'statement' | 'issues';

export interface LinkageRow {
  change: LinkageChangeKind;
  /** The linkage in the earlier round, if any. */
  from: LinkageBrief | null;
  /** The linkage in the later round, if any. */
  to: LinkageBrief | null;
  /** For a changed linkage: what changed. */
  fields: LinkageField[];
  /** Present when the statement was reworded. */
  diff: TextDiff | null;
}

export interface RoundComparison {
  from: RoundRef;
  to: RoundRef;
  rows: ComparisonRow[];
  counts: Record<ChangeKind, number>;
  /**
   * The two rounds' linkages, matched: by lineage (a linkage carried forward follows its
   * predecessor), else by the same party, kind and issues. Party by party, in recorded order.
   */
  linkages: LinkageRow[];
}

/** A trajectory cell's marker against the same position in the round before. */
export const TRAJECTORY_MARKERS = [
  'new',
  'unchanged',
  'reworded',
  'hardened',
  'softened',
  'dropped',
] as const;
export type TrajectoryMarker = (typeof TRAJECTORY_MARKERS)[number];

/** How each change marker is drawn: a glyph (legible in black and white) and its word. */
export const MARKERS: Record<TrajectoryMarker | 'dropped', { glyph: string; label: string }> = {
  new: { glyph: '●', label: 'new' },
  unchanged: { glyph: '=', label: 'unchanged' },
  reworded: { glyph: '~', label: 'reworded' },
  hardened: { glyph: '▲', label: 'hardened' },
  softened: { glyph: '▼', label: 'softened' },
  dropped: { glyph: '✕', label: 'dropped' },
};

/**
 * A trajectory cell, kept compact because a large negotiation has tens of thousands: the
 * first position of the party on the issue in that round, its marker, and how many positions
 * the party has there. Wordings are fetched only for the cells in view (compare:excerpts).
 */
export type TrajectoryCell = [positionId: number, marker: TrajectoryMarker, count: number];

export interface TrajectoryRow {
  issueId: number;
  partyId: number;
  /**
   * One per round, in round order (or per round of the window asked for, from `first`); a gap
   * is null, or 'dropped' right after a position ended.
   */
  cells: (TrajectoryCell | 'dropped' | null)[];
}

export interface Trajectory {
  rounds: RoundRef[];
  issues: { id: number; title: string }[];
  parties: { id: number; name: string; shortCode: string; colour: string; role: PartyRole }[];
  /** The column of the first round in each row's cells (0 unless a window was asked for). */
  first: number;
  rows: TrajectoryRow[];
  /** Wordings already sent for the first screenful (see the `preload` input). */
  excerpts: Record<number, string>;
}

export interface LineageVersion {
  round: RoundRef;
  position: PositionBrief & { notes: string; previousId: number | null };
  /** Against the version before (null for the first). */
  diff: TextDiff | null;
  citations: Citation[];
}

export interface Lineage {
  partyId: number;
  issueId: number;
  /** Oldest first. */
  versions: LineageVersion[];
  sources: Source[];
}

export const VERDICTS = ['conflicts', 'compatible'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A demand set against another party's active red line on the same issue. */
export interface ConflictPair {
  positionId: number;
  redLineId: number;
  verdict: Verdict | null;
  note: string;
}

export interface RedLineBrief {
  id: number;
  partyId: number;
  issueId: number;
  text: string;
  status: RedLineStatus;
  declaredDate: string | null;
}

/**
 * A linkage one party demands (conditional or exchange, not withdrawn) that takes in an issue
 * another party refuses to negotiate (a refusal linkage in the same round) or holds an active red
 * line on.
 */
export interface LinkageConflict {
  linkageId: number;
  issueId: number;
  against: { type: 'refusal'; linkageId: number } | { type: 'redLine'; redLineId: number };
}

export interface PartyComparison {
  round: RoundRef;
  /** The round's linkages (withdrawn ones too: the board says so). */
  linkages: LinkageBrief[];
  linkageConflicts: LinkageConflict[];
  /** Every position of the round (principal parties are shown side by side). */
  positions: (PositionBrief & { partyId: number; issueId: number })[];
  /** The active red lines of the negotiation. */
  redLines: RedLineBrief[];
  pairs: ConflictPair[];
  counts: ConflictCounts;
}

export interface ConflictCounts {
  /** Pairs the officer has not judged yet. */
  open: number;
  /** Judged to conflict. */
  confirmed: number;
  /** Judged compatible. */
  cleared: number;
}

export interface RedLineVersion {
  /** When it was recorded in Parley. */
  at: string;
  actor: string;
  text: string;
  status: RedLineStatus;
  declaredDate: string | null;
  /** Against the version before (null for the first). */
  diff: TextDiff | null;
}

export interface RedLineDrift {
  redLine: RedLineBrief;
  /** Oldest first; one per recorded change of wording, status or declared date. */
  versions: RedLineVersion[];
}
