// The choices of a select field for a fixed set of values, each shown by its label, in the
// set's order. The lists that more than one form offers are built here once.
import { DEVELOPMENT_KINDS, SIGNIFICANCES } from '../../../shared/domain';
import { DEVELOPMENT_KIND_LABELS, SIGNIFICANCE_LABELS } from '../../../shared/labels';

export function optionsOf<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

export const developmentKindOptions = optionsOf(DEVELOPMENT_KINDS, DEVELOPMENT_KIND_LABELS);
export const significanceOptions = optionsOf(SIGNIFICANCES, SIGNIFICANCE_LABELS);
