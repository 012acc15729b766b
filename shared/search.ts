// Full-text search: what the search box sends and what it gets back.

// In the order the results list them: the parties, people and issues a name points at first,
// then what was said and recorded.
export const SEARCH_KINDS = [
  'party',
  'person',
  'issue',
  'position',
  'red_line',
  'source',
  'round',
  'development',
  'linkage',
  'document_part',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  position: { one: 'position', many: 'Positions' },
  red_line: { one: 'red line', many: 'Red lines' },
  source: { one: 'source', many: 'Sources and quotes' },
  round: { one: 'round', many: 'Rounds' },
  issue: { one: 'issue', many: 'Issues' },
  party: { one: 'party', many: 'Parties' },
  person: { one: 'person', many: 'People' },
  development: { one: 'development', many: 'Developments' },
  linkage: { one: 'linkage', many: 'Linkages' },
  document_part: { one: 'document', many: 'Inside documents' },
};

/** A piece of a snippet; `hit` pieces are the words that matched. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  kind: SearchKind;
  id: number;
  negotiationId: number;
  negotiationTitle: string;
  /** The text around the matching words, matches marked. */
  snippet: SnippetPart[];
  /** What the item is, in words ("Demand · On the table", "Round 3: Geneva"). */
  label: string;
  party: { id: number; name: string; shortCode: string; colour: string } | null;
  issue: { id: number; title: string } | null;
  round: { id: number; sequence: number; title: string } | null;
  /** For a hit inside a document: the document and the page (PDF) or paragraph it is on. */
  document: { id: number; part: number; sourceId: number } | null;
}

export interface SearchGroup {
  kind: SearchKind;
  /** Every match of this kind; `hits` holds the first of them. */
  total: number;
  /**
   * How `hits` are ordered: best match first, or — for a word found in thousands of entries,
   * where ranking every one would be slow — most recently recorded first.
   */
  order: 'relevance' | 'recent';
  hits: SearchHit[];
}

export interface SearchResults {
  /** The words searched for, as understood (for "no results for …"). */
  terms: string[];
  groups: SearchGroup[];
  total: number;
}
