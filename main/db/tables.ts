import { STORED_TABLES } from '../../shared/domain';
import type { Row, SqlValue } from './store';
import { textHash } from './textHash';

// Which tables the history-recording writer may touch, and how rows depend on each other.
// Deleting a row first deletes (or detaches) its dependents through the writer, so every row
// that disappears has its own history entry and an undo can put all of them back.

export const TABLES = STORED_TABLES;
export type TableName = (typeof TABLES)[number];

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

interface Dependent {
  table: TableName;
  column: string;
  /** 'cascade': the dependent is deleted too; 'detach': its reference is set to NULL. */
  mode: 'cascade' | 'detach';
}

// Order matters: dependents are removed in this order, so positions go before the parties,
// issues and rounds they hang from, and citations before their sources.
export const DEPENDENTS: Record<TableName, readonly Dependent[]> = {
  negotiation: [
    { table: 'round', column: 'negotiation_id', mode: 'cascade' },
    { table: 'party', column: 'negotiation_id', mode: 'cascade' },
    { table: 'issue', column: 'negotiation_id', mode: 'cascade' },
    { table: 'source', column: 'negotiation_id', mode: 'cascade' },
  ],
  party: [
    { table: 'position', column: 'party_id', mode: 'cascade' },
    { table: 'red_line', column: 'party_id', mode: 'cascade' },
    { table: 'person', column: 'party_id', mode: 'cascade' },
  ],
  person: [
    { table: 'round_participant', column: 'person_id', mode: 'cascade' },
    { table: 'red_line', column: 'declared_by_person_id', mode: 'detach' },
  ],
  issue: [
    { table: 'position', column: 'issue_id', mode: 'cascade' },
    { table: 'red_line', column: 'issue_id', mode: 'cascade' },
  ],
  round: [
    { table: 'position', column: 'round_id', mode: 'cascade' },
    { table: 'round_participant', column: 'round_id', mode: 'cascade' },
    { table: 'citation', column: 'round_id', mode: 'cascade' },
  ],
  round_participant: [],
  position: [
    { table: 'position', column: 'previous_id', mode: 'detach' },
    { table: 'citation', column: 'position_id', mode: 'cascade' },
    { table: 'conflict_assessment', column: 'position_id', mode: 'cascade' },
  ],
  red_line: [
    { table: 'citation', column: 'red_line_id', mode: 'cascade' },
    { table: 'conflict_assessment', column: 'red_line_id', mode: 'cascade' },
  ],
  source: [{ table: 'citation', column: 'source_id', mode: 'cascade' }],
  citation: [],
  conflict_assessment: [],
};

/** Every column that holds another row's id, and the table it points into. */
export const REFERENCES: Record<TableName, Readonly<Record<string, TableName | 'marking'>>> = {
  negotiation: { marking_id: 'marking' },
  party: { negotiation_id: 'negotiation' },
  person: { party_id: 'party', marking_id: 'marking' },
  issue: { negotiation_id: 'negotiation' },
  round: { negotiation_id: 'negotiation', marking_id: 'marking' },
  round_participant: { round_id: 'round', person_id: 'person' },
  position: {
    round_id: 'round',
    party_id: 'party',
    issue_id: 'issue',
    previous_id: 'position',
    marking_id: 'marking',
  },
  red_line: {
    party_id: 'party',
    issue_id: 'issue',
    declared_by_person_id: 'person',
    marking_id: 'marking',
  },
  source: { negotiation_id: 'negotiation', marking_id: 'marking' },
  citation: {
    source_id: 'source',
    round_id: 'round',
    position_id: 'position',
    red_line_id: 'red_line',
  },
  conflict_assessment: { position_id: 'position', red_line_id: 'red_line' },
};

/**
 * Columns computed from others of the same row, filled in by the writer whenever their source
 * is written (also when undo puts back a row recorded before the column existed).
 */
export const DERIVED: Partial<Record<TableName, Record<string, (row: Row) => SqlValue>>> = {
  position: { text_hash: (row) => textHash(String(row.text)) },
};
