// Citations: a source cited for a round, a position, a red line, a development or a linkage.
import type { ParsedOf } from '../../shared/contract';
import type { Citation } from '../../shared/domain';
import type { ScopedEntity } from '../db/queries/scope';
import { citationExists, getCitation, insertCitation } from '../db/queries/sources';
import type { Store } from '../db/store';
import { requireIn, scopeOf } from './common';
import { partWord } from '../../shared/documents';
import { getDocument } from '../db/queries/documents';
import { AppError, invalid, notFound } from './errors';

/** The table each kind of cited item lives in. */
export const TARGET_ENTITY: Record<Citation['targetType'], ScopedEntity> = {
  round: 'round',
  position: 'position',
  redLine: 'red_line',
  development: 'development',
  linkage: 'linkage',
};

export function create(store: Store, input: ParsedOf<'citations:create'>): Citation {
  const scopeId = scopeOf(store, 'source', input.sourceId, 'sourceId');
  requireIn(store, scopeId, TARGET_ENTITY[input.targetType], input.targetId, 'targetId');
  if (citationExists(store, input.sourceId, input.targetType, input.targetId)) {
    throw new AppError('conflict', 'This source is already cited here.', 'sourceId');
  }
  requireDocumentPlace(store, input);
  return store.write({ label: 'Cite source', scopeId }, (w) => insertCitation(w, input));
}

/**
 * A cited document must be one of the cited source's, and a page or paragraph one it has; a page
 * or paragraph needs its document.
 */
function requireDocumentPlace(store: Store, input: ParsedOf<'citations:create'>): void {
  if (input.documentId === null) {
    if (input.partNumber !== null) {
      throw invalid('partNumber', 'Choose the document the page or paragraph is in.');
    }
    return;
  }
  const document = getDocument(store, input.documentId);
  if (!document) throw notFound('This document', 'documentId');
  if (document.sourceId !== input.sourceId) {
    throw invalid('documentId', 'This document is attached to another source: cite that source.');
  }
  if (input.partNumber !== null && input.partNumber > document.partCount) {
    const word = partWord(document.mediaType) ?? 'part';
    throw invalid(
      'partNumber',
      document.partCount === 0
        ? `“${document.fileName}” has no text to point into: leave the ${word} empty.`
        : `“${document.fileName}” has ${document.partCount} ${word}${document.partCount === 1 ? '' : 's'}; choose a ${word} from 1 to ${document.partCount}.`,
    );
  }
}

export function remove(store: Store, id: number): null {
  if (!getCitation(store, id)) throw notFound('This citation', 'id');
  const scopeId = scopeOf(store, 'citation', id);
  store.write({ label: 'Remove citation', scopeId }, (w) => w.remove('citation', id));
  return null;
}
