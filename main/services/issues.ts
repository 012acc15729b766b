import type { ParsedOf } from '../../shared/contract';
import type { Issue } from '../../shared/domain';
import { getIssue, insertIssue, updateIssue } from '../db/queries/issues';
import { applyOrder, itemWith, nextOrder, orderedIds } from '../db/queries/order';
import type { Store } from '../db/store';
import { quoted, scopeOf } from './common';
import { invalid, notFound } from './errors';
import { checkOrder } from './parties';

const duplicate = (title: string) =>
  invalid('title', `Another issue is already called “${title}”.`);

export function create(store: Store, input: ParsedOf<'issues:create'>): Issue {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  if (itemWith(store, 'issue', 'title', input.negotiationId, input.title))
    throw duplicate(input.title);
  const sortOrder = nextOrder(store, 'issue', input.negotiationId);
  return store.write(
    { label: `Add issue ${quoted(input.title)}`, scopeId: input.negotiationId },
    (w) => insertIssue(w, { ...input, sortOrder }),
  );
}

export function update(store: Store, input: ParsedOf<'issues:update'>): Issue {
  const { id, ...patch } = input;
  const scopeId = scopeOf(store, 'issue', id);
  if (patch.title !== undefined && itemWith(store, 'issue', 'title', scopeId, patch.title, id)) {
    throw duplicate(patch.title);
  }
  return store.write({ label: 'Edit issue', scopeId }, (w) => updateIssue(w, id, patch));
}

export function remove(store: Store, id: number): null {
  const issue = getIssue(store, id);
  if (!issue) throw notFound('This issue', 'id');
  store.write({ label: `Delete issue ${quoted(issue.title)}`, scopeId: issue.negotiationId }, (w) =>
    w.remove('issue', id),
  );
  return null;
}

export function reorder(store: Store, input: ParsedOf<'issues:reorder'>): null {
  scopeOf(store, 'negotiation', input.negotiationId, 'negotiationId');
  checkOrder(orderedIds(store, 'issue', input.negotiationId), input.ids, 'issues');
  store.write({ label: 'Reorder issues', scopeId: input.negotiationId }, (w) =>
    applyOrder(w, 'issue', input.ids),
  );
  return null;
}
