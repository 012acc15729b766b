// Display wording for the fixed value lists, shared by the app's views and its briefings.
import type {
  Confidence,
  DevelopmentKind,
  LinkageKind,
  LinkageStatus,
  Movement,
  PackageStance,
  PartyRole,
  PositionKind,
  PositionStatus,
  RedLineStatus,
  Reliability,
  RoundFormat,
  Significance,
  SourceKind,
} from './domain';

export const PARTY_ROLE_LABELS: Record<PartyRole, string> = {
  principal: 'Principal',
  mediator: 'Mediator',
  stakeholder: 'Stakeholder',
  observer: 'Observer',
};

export const ROUND_FORMAT_LABELS: Record<RoundFormat, string> = {
  direct: 'Direct',
  indirect: 'Indirect',
  proximity: 'Proximity',
};

export const POSITION_KIND_LABELS: Record<PositionKind, string> = {
  demand: 'Demand',
  offer: 'Offer',
  concession: 'Concession',
};

export const POSITION_STATUS_LABELS: Record<PositionStatus, string> = {
  on_the_table: 'On the table',
  countered: 'Countered',
  tentatively_agreed: 'Tentatively agreed',
  agreed: 'Agreed',
  withdrawn: 'Withdrawn',
  off_the_agenda: 'Off the agenda',
};

export const MOVEMENT_LABELS: Record<Movement, string> = {
  none: 'No movement',
  hardened: 'Hardened',
  softened: 'Softened',
};

export const RED_LINE_STATUS_LABELS: Record<RedLineStatus, string> = {
  active: 'Active',
  softened: 'Softened',
  abandoned: 'Abandoned',
};

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  official_statement: 'Official statement',
  interview: 'Interview',
  press_report: 'Press report',
  leak: 'Leak',
  document: 'Document',
};

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The Admiralty (NATO) scale's own words for each grade of source reliability. */
export const RELIABILITY_LABELS: Record<Reliability, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'cannot be judged',
};

export const DEVELOPMENT_KIND_LABELS: Record<DevelopmentKind, string> = {
  statement: 'Statement',
  meeting: 'Meeting',
  call: 'Call',
  military_signal: 'Military signal',
  economic_signal: 'Economic signal',
  legal_signal: 'Legal signal',
  leak: 'Leak',
  domestic_politics: 'Domestic politics',
  other: 'Other',
};

export const SIGNIFICANCE_LABELS: Record<Significance, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const LINKAGE_KIND_LABELS: Record<LinkageKind, string> = {
  conditional: 'Conditional',
  exchange: 'Exchange',
  refusal: 'Refusal',
};

/** What each kind means, for the form's hint and the briefs' legend. */
export const LINKAGE_KIND_HINTS: Record<LinkageKind, string> = {
  conditional: 'No deal on one issue unless another is included',
  exchange: 'One issue in return for another',
  refusal: 'An issue is not open to negotiation',
};

export const LINKAGE_STATUS_LABELS: Record<LinkageStatus, string> = {
  proposed: 'Proposed',
  in_force: 'In force',
  withdrawn: 'Withdrawn',
};

export const PACKAGE_STANCE_LABELS: Record<PackageStance, string> = {
  offered: 'Offered',
  demanded: 'Demanded',
};
