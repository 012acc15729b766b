import type { Marking } from '../../../shared/domain';
import { invoke } from './api';
import { Resource } from './resource.svelte';

let shared: Resource<Marking[]> | undefined;

/** The handling markings, loaded once for the whole page. */
export function markings(): Resource<Marking[]> {
  shared ??= new Resource(() => invoke('markings:list', {}), { tables: ['marking'] });
  return shared;
}

export function markingLabel(list: Marking[] | undefined, id: number | null): string | undefined {
  return list?.find((m) => m.id === id)?.label;
}

/**
 * The choices of a marking menu: "none of its own" first (worded for where it is, e.g.
 * "Negotiation default"), then every marking, lowest first.
 */
export function markingOptions(
  list: Marking[] | undefined,
  none: string,
): { value: number | null; label: string }[] {
  return [{ value: null, label: none }, ...markingChoices(list)];
}

/** Every marking as a menu choice, lowest first (where there is no "none of its own"). */
export function markingChoices(list: Marking[] | undefined): { value: number; label: string }[] {
  return (list ?? []).map((m) => ({ value: m.id, label: m.label }));
}
