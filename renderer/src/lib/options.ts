// The choices of a select field for a fixed set of values, each shown by its label, in the
// set's order. The lists that more than one form offers are built here once.
import {
  DEVELOPMENT_KINDS,
  LINKAGE_KINDS,
  LINKAGE_STATUSES,
  PACKAGE_STANCES,
  SIGNIFICANCES,
} from '../../../shared/domain';
import {
  DEVELOPMENT_KIND_LABELS,
  LINKAGE_KIND_LABELS,
  LINKAGE_STATUS_LABELS,
  PACKAGE_STANCE_LABELS,
  SIGNIFICANCE_LABELS,
} from '../../../shared/labels';

export function optionsOf<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

export const developmentKindOptions = optionsOf(DEVELOPMENT_KINDS, DEVELOPMENT_KIND_LABELS);
export const significanceOptions = optionsOf(SIGNIFICANCES, SIGNIFICANCE_LABELS);
export const linkageKindOptions = optionsOf(LINKAGE_KINDS, LINKAGE_KIND_LABELS);
export const linkageStatusOptions = optionsOf(LINKAGE_STATUSES, LINKAGE_STATUS_LABELS);
export const packageStanceOptions = optionsOf(PACKAGE_STANCES, PACKAGE_STANCE_LABELS);
