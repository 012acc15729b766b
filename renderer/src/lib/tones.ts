// The colour a badge takes for a value, stated once: demands and active red lines stand out,
// what brings agreement closer is green, what needs watching is amber, hardening is red.
// app.css draws each tone (`.badge.tone-ok` …) in both themes.
import type {
  Movement,
  Significance,
  PositionKind,
  PositionStatus,
  RedLineStatus,
  SourceKind,
} from '../../../shared/domain';

export type Tone = 'accent' | 'ok' | 'warn' | 'danger' | 'struck' | 'plain';

const POSITION_KIND: Partial<Record<PositionKind, Tone>> = {
  demand: 'accent',
  concession: 'ok',
  offer: 'warn',
};
const POSITION_STATUS: Partial<Record<PositionStatus, Tone>> = {
  agreed: 'ok',
  tentatively_agreed: 'ok',
  withdrawn: 'struck',
  off_the_agenda: 'struck',
};
const MOVEMENT: Partial<Record<Movement, Tone>> = { hardened: 'danger', softened: 'ok' };
const RED_LINE_STATUS: Partial<Record<RedLineStatus, Tone>> = {
  active: 'danger',
  softened: 'warn',
};
const SOURCE_KIND: Partial<Record<SourceKind, Tone>> = {
  official_statement: 'accent',
  leak: 'warn',
  document: 'ok',
};

const SIGNIFICANCE: Partial<Record<Significance, Tone>> = { high: 'danger', medium: 'warn' };

/** The badge class for a value: `class="badge {tone.movement(m)}"`. */
export const tone = {
  positionKind: (k: PositionKind) => `tone-${POSITION_KIND[k] ?? 'plain'}`,
  positionStatus: (s: PositionStatus) => `tone-${POSITION_STATUS[s] ?? 'plain'}`,
  movement: (m: Movement) => `tone-${MOVEMENT[m] ?? 'plain'}`,
  redLineStatus: (s: RedLineStatus) => `tone-${RED_LINE_STATUS[s] ?? 'plain'}`,
  sourceKind: (k: SourceKind) => `tone-${SOURCE_KIND[k] ?? 'plain'}`,
  significance: (s: Significance) => `tone-${SIGNIFICANCE[s] ?? 'plain'}`,
};
