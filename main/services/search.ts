// Full-text search over positions, red lines, sources, rounds, issues, parties, people and
// developments (SQLite FTS5, kept in step by
// triggers). What the officer types is never handed to FTS5 as syntax: it is read as words and
// "quoted phrases", each turned into a quoted FTS5 string, so no input can be a syntax error.
import { describeFuzzyDate } from '../../shared/dates';
import { DOCUMENT_TYPE_LABELS, partWord, type DocumentType } from '../../shared/documents';
import type { ParsedOf } from '../../shared/contract';
import {
  SEARCH_KINDS,
  type SearchGroup,
  type SearchHit,
  type SearchKind,
  type SearchResults,
  type SnippetPart,
} from '../../shared/search';
import {
  countByKind,
  decodeKey,
  hitContexts,
  indexTableOf,
  KIND_CODES,
  matchingKeys,
  rankedKeysByKind,
  roundIdsBetween,
  entryText,
  type HitContext,
  type Where,
} from '../db/queries/search';
import { choiceLabel } from '../db/entities';
import { sqliteCode } from '../db/errors';
import {
  IndexUnreadableError,
  positionKeys,
  rebuildIndex,
  type IndexTable,
} from '../db/searchIndex';
import type { Store } from '../db/store';
import type { Reader } from '../db/types';
import { requireIn, scopeOf } from './common';
import { AppError } from './errors';

export interface QueryWord {
  /** Folded (see `fold`). */
  word: string;
  prefix: boolean;
}

export interface ParsedQuery {
  /** The FTS5 expression, or null when the input holds nothing searchable. */
  match: string | null;
  /** The words and phrases as understood, for display. */
  terms: string[];
  /** Every word to mark in results. */
  words: QueryWord[];
}

/**
 * The words of a text as SQLite's unicode61 tokenizer sees them: runs of ASCII letters and
 * digits, or of any other character that is not a space, punctuation or a control character.
 */
const TOKEN = /(?:[A-Za-z0-9]|[^\p{ASCII}\p{Z}\p{P}\p{Cc}\p{Cf}])+/gu;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** Case and (Latin) accents folded, as the index does (`remove_diacritics 2`). */
export function fold(word: string): string {
  return word.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * Reads a search box's text. Words are all required (AND); "double quotes" make a phrase; a
 * trailing * asks for a prefix. While typing, the last word is also read as a prefix (once it has
 * two letters), so results appear as the word is being written. Operators (AND, OR, NOT, NEAR),
 * brackets, colons and stray quotes are plain words or punctuation here: each chunk becomes a
 * quoted FTS5 string, which the tokenizer splits as it split the indexed text.
 */
export function parseQuery(input: string, { typing = true } = {}): ParsedQuery {
  // Control characters (NUL would end the expression early in SQLite's parser) are spaces.
  const text = input.normalize('NFC').replace(/\p{Cc}/gu, ' ');
  const parts: string[] = [];
  const terms: string[] = [];
  const words: QueryWord[] = [];
  const chunks = [...text.matchAll(/"([^"]*)"?|([^\s"]+)/g)];
  chunks.forEach((m, index) => {
    const isPhrase = m[1] !== undefined;
    let body = isPhrase ? m[1]! : m[2]!;
    let prefix = false;
    if (!isPhrase && body.endsWith('*')) {
      prefix = true;
      body = body.replace(/\*+$/, '');
    }
    // Stars elsewhere are punctuation to the tokenizer; quotes cannot remain inside.
    body = body.replace(/\*/g, ' ').trim();
    const tokens = body.match(TOKEN) ?? [];
    if (!SEARCHABLE.test(body) || tokens.length === 0) return;
    const stillTyping = typing && index === chunks.length - 1 && !isPhrase && !/\s$/.test(text);
    if (stillTyping && !prefix) prefix = [...tokens.at(-1)!].length >= 2;
    parts.push(`"${body}"${prefix ? '*' : ''}`);
    terms.push(isPhrase ? `“${body}”` : `${body}${prefix && !stillTyping ? '*' : ''}`);
    tokens.forEach((token, i) =>
      words.push({ word: fold(token), prefix: prefix && i === tokens.length - 1 }),
    );
  });
  return { match: parts.length ? parts.join(' ') : null, terms, words };
}

const SNIPPET_WORDS = 28;

/**
 * The part of a text around its first matching word, matching words marked. Marks whole words
 * (a phrase's words each), as the index matched them.
 */
export function highlight(text: string, words: QueryWord[]): SnippetPart[] {
  const tokens = [...text.matchAll(TOKEN)];
  const isHit = (token: string) => {
    const folded = fold(token);
    return words.some((w) => (w.prefix ? folded.startsWith(w.word) : folded === w.word));
  };
  const hits = tokens.map((t) => isHit(t[0]));
  const first = Math.max(0, hits.indexOf(true));
  const from = tokens.length <= SNIPPET_WORDS ? 0 : Math.max(0, first - 6);
  const to = Math.min(tokens.length, from + SNIPPET_WORDS);
  const parts: SnippetPart[] = [];
  const push = (value: string, hit: boolean) => {
    const last = parts.at(-1);
    if (!value) return;
    if (last && last.hit === hit) last.text += value;
    else parts.push({ text: value, hit });
  };
  let at = from === 0 ? 0 : tokens[from]!.index;
  if (from > 0) push('…', false);
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    push(text.slice(at, token.index), false);
    push(token[0], hits[i]!);
    at = token.index + token[0].length;
  }
  const end = to < tokens.length ? at : text.length;
  push(text.slice(at, end).replace(/\s+/g, ' '), false);
  if (to < tokens.length) push('…', false);
  return parts.map((p) => (p.hit ? p : { ...p, text: p.text.replace(/\s+/g, ' ') }));
}

/** The column to show, marked: the one with most matching words, the main text on a tie. */
function bestColumn(columns: string[], words: QueryWord[]): SnippetPart[] {
  let best: SnippetPart[] = [];
  let bestCount = -1;
  for (const i of [1, 0, 2]) {
    const parts = highlight(columns[i] ?? '', words);
    const count = parts.filter((p) => p.hit).length;
    if (count > bestCount) {
      best = parts;
      bestCount = count;
    }
  }
  return best;
}

/**
 * What a hit shows, marked. A party, person or issue is short and known by its name: the name
 * always shows, with what else matched (a short code, a title, a description) after it.
 */
function snippet(kind: SearchKind, columns: string[], words: QueryWord[]): SnippetPart[] {
  if (kind === 'party' || kind === 'person' || kind === 'issue') {
    return highlight(columns.slice(0, 2).filter(Boolean).join(' — '), words);
  }
  return bestColumn(columns, words);
}

function describe(kind: SearchKind, c: HitContext): string {
  const date = c.date ? describeFuzzyDate(c.date) : '';
  const join = (...bits: (string | null | undefined)[]) => bits.filter(Boolean).join(' · ');
  switch (kind) {
    case 'position':
      return join(
        choiceLabel('position', 'kind', c.kind),
        choiceLabel('position', 'status', c.status),
      );
    case 'red_line':
      return join('Red line', choiceLabel('red_line', 'status', c.status), c.who, date);
    case 'source':
      return join(choiceLabel('source', 'kind', c.kind), c.who, date);
    case 'round':
      return join(choiceLabel('round', 'format', c.kind), c.who, date);
    case 'issue':
      return 'Issue';
    case 'party':
      return join(choiceLabel('party', 'role', c.kind), c.who);
    case 'person':
      return c.party_name ?? '';
    case 'development':
      return join(
        choiceLabel('development', 'kind', c.kind),
        `${choiceLabel('development', 'significance', c.status)} significance`,
        c.who,
        date,
      );
    case 'linkage':
      return join(
        `${choiceLabel('linkage', 'kind', c.kind)} linkage`,
        choiceLabel('linkage', 'status', c.status),
        c.who,
      );
    case 'document_part': {
      const type = c.kind as DocumentType;
      const where = partWord(type) === 'page' ? 'page' : 'paragraph';
      return join(c.who, `${where} ${c.part_number}`, DOCUMENT_TYPE_LABELS[type]);
    }
  }
}

function toHit(kind: SearchKind, c: HitContext, snippet: SnippetPart[]): SearchHit {
  return {
    kind,
    id: c.id,
    negotiationId: c.negotiation_id,
    negotiationTitle: c.negotiation_title,
    snippet,
    label: describe(kind, c),
    party:
      c.party_id === null
        ? null
        : {
            id: c.party_id,
            name: c.party_name!,
            shortCode: c.party_code!,
            colour: c.party_colour!,
          },
    issue: c.issue_id === null ? null : { id: c.issue_id, title: c.issue_title! },
    round:
      c.round_id === null
        ? null
        : { id: c.round_id, sequence: c.round_sequence!, title: c.round_title! },
    document:
      c.document_id === null
        ? null
        : { id: c.document_id, part: c.part_number!, sourceId: c.source_id! },
  };
}

/** Above this many matches of a kind, it lists the most recent first (ranking them all costs). */
export const RELEVANCE_LIMIT = 2000;

/**
 * Searches, grouped by kind: each group's best matches and its total. The index is derived
 * from the tables: should SQLite ever report it damaged, it is rebuilt and the search run again.
 */
export function search(store: Store, input: ParsedOf<'search:query'>): SearchResults {
  try {
    return searchOnce(store, input);
  } catch (error) {
    if (!sqliteCode(error)?.startsWith('SQLITE_CORRUPT')) throw error;
    console.error('[parley] the search index was damaged; rebuilding it from the data.');
    try {
      rebuildIndex(store.db);
    } catch (rebuild) {
      if (!(rebuild instanceof IndexUnreadableError)) throw rebuild;
      throw new AppError(
        'unavailable',
        'The search index is damaged and cannot be rebuilt while the library is open. Quit and start Parley again: it rebuilds the index from your data as it starts (your data is not affected).',
      );
    }
    return searchOnce(store, input);
  }
}

/**
 * Each kind's best keys. A kind with more matches than `RELEVANCE_LIMIT` lists its most recent;
 * the others are ranked, those sharing a table together, as few at a time as keeps each ranking
 * within the limit.
 */
function rankedKeys(
  db: Reader,
  scope: Record<IndexTable, Where>,
  kinds: SearchKind[],
  totals: Map<number, number>,
  limit: number,
): Map<SearchKind, number[]> {
  const found = new Map<SearchKind, number[]>();
  // Only where the table holds matches of other kinds are the kinds picked by their tags
  // (positions have their table to themselves).
  const ofKinds = (kinds: SearchKind[]): Where => {
    const table = indexTableOf(kinds[0]!);
    const others = [...totals.keys()].filter((code) => {
      const kind = decodeKey(code).kind;
      return indexTableOf(kind) === table && !kinds.includes(kind);
    });
    if (others.length === 0) return scope[table];
    const tags = kinds.map((kind) => `"k${KIND_CODES[kind]}"`).join(' OR ');
    return { ...scope[table], match: `${scope[table].match} AND tags: (${tags})` };
  };
  const batches: SearchKind[][] = [];
  let ranked = 0;
  for (const kind of kinds) {
    const total = totals.get(KIND_CODES[kind])!;
    const table = indexTableOf(kind);
    const last = batches.at(-1);
    if (total > RELEVANCE_LIMIT) {
      found.set(kind, matchingKeys(db, table, ofKinds([kind]), 'recent', limit));
    } else if (last && indexTableOf(last[0]!) === table && ranked + total <= RELEVANCE_LIMIT) {
      last.push(kind);
      ranked += total;
    } else {
      batches.push([kind]);
      ranked = total;
    }
  }
  for (const batch of batches) {
    for (const key of rankedKeysByKind(db, indexTableOf(batch[0]!), ofKinds(batch), limit)) {
      const kind = decodeKey(key).kind;
      found.set(kind, [...(found.get(kind) ?? []), key]);
    }
  }
  return found;
}

function searchOnce(store: Store, input: ParsedOf<'search:query'>): SearchResults {
  return store.read((db) => {
    const none = (terms: string[]): SearchResults => ({ terms, groups: [], total: 0 });
    // Filters are words of the tags column; a negotiation's positions are a range of keys.
    const tags: string[] = [];
    if (input.negotiationId !== null) {
      scopeOf(db, 'negotiation', input.negotiationId, 'negotiationId');
      if (input.partyId !== null) {
        requireIn(db, input.negotiationId, 'party', input.partyId, 'partyId');
        tags.push(`"p${input.partyId}"`);
      }
      if (input.issueId !== null) {
        requireIn(db, input.negotiationId, 'issue', input.issueId, 'issueId');
        tags.push(`"i${input.issueId}"`);
      }
    }
    const { match: expression, terms, words } = parseQuery(input.query);
    if (expression === null) return none(terms);
    // The officer's words search the text columns only.
    let match = `{title body extra}: (${expression})`;
    if (tags.length) match += ` AND tags: (${tags.join(' ')})`;
    if (input.negotiationId !== null && (input.fromSequence ?? input.toSequence) !== null) {
      const rounds = roundIdsBetween(
        db,
        input.negotiationId,
        input.fromSequence ?? 1,
        input.toSequence ?? Number.MAX_SAFE_INTEGER,
      );
      if (rounds.length === 0) return none(terms);
      match += ` AND tags: (${rounds.map((id) => `"r${id}"`).join(' OR ')})`;
    }
    const scope: Record<IndexTable, Where> =
      input.negotiationId === null
        ? { search_index: { match, range: null }, search_index_position: { match, range: null } }
        : {
            search_index: { match: `${match} AND tags: "n${input.negotiationId}"`, range: null },
            search_index_position: { match, range: positionKeys(input.negotiationId) },
          };

    const totals = countByKind(db, scope, input.kind);
    const kinds = SEARCH_KINDS.filter(
      (kind) => (totals.get(KIND_CODES[kind]) ?? 0) > 0 && (input.kind ?? kind) === kind,
    );
    const keysOf = rankedKeys(db, scope, kinds, totals, input.limit);
    const groups: SearchGroup[] = [];
    for (const kind of kinds) {
      const total = totals.get(KIND_CODES[kind])!;
      const order = total <= RELEVANCE_LIMIT ? 'relevance' : 'recent';
      const keys = keysOf.get(kind) ?? [];
      const contexts = hitContexts(
        db,
        kind,
        keys.map((key) => decodeKey(key).id),
      );
      const hits = keys.flatMap((key) => {
        const c = contexts.get(decodeKey(key).id);
        return c ? [toHit(kind, c, snippet(kind, entryText(db, key), words))] : [];
      });
      groups.push({ kind, total, order, hits });
    }
    return { terms, groups, total: groups.reduce((sum, g) => sum + g.total, 0) };
  });
}
