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
