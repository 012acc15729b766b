import type { Migration } from './types';

// Helpers that write the SQL of shipped migrations. Frozen like the migrations themselves:
// libraries out there were migrated by what these return, so their output for the versions
// that use them must never change (test/unit/migrationsFrozen.test.ts holds them to it). A new
// migration that needs something different writes a new helper rather than editing these.

/** A migration that is one SQL script, run as a whole. */
export function sqlMigration(version: number, name: string, sql: string): Migration {
  return {
    version,
    name,
    up(db) {
      db.exec(sql);
    },
  };
}

/**
 * Fills the search index with the four kinds it held first — positions, red lines, sources and
 * rounds (kinds 0 to 3) — under the key id * `keyWidth` + kind. Migration 4 filled it with a
 * width of 4; migration 9 re-keyed it with 16 when more kinds came.
 */
export function indexFirstFourKinds(keyWidth: 4 | 16): string {
  return `INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT p.id * ${keyWidth}, '', p.text, p.notes,
         'n' || r.negotiation_id || ' k0 p' || p.party_id || ' i' || p.issue_id || ' r' || p.round_id
  FROM position p JOIN round r ON r.id = p.round_id;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT l.id * ${keyWidth} + 1, l.declared_by, l.text, l.notes,
         'n' || p.negotiation_id || ' k1 p' || l.party_id || ' i' || l.issue_id
  FROM red_line l JOIN party p ON p.id = l.party_id;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * ${keyWidth} + 2, trim(speaker || ' ' || outlet), quote, trim(reference || ' ' || notes),
         'n' || negotiation_id || ' k2'
  FROM source;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * ${keyWidth} + 3, title, trim(summary || char(10) || outcome || char(10) || next_steps),
         trim(location || ' ' || channel || ' ' || date_note), 'n' || negotiation_id || ' k3 r' || id
  FROM round;`;
}

/**
 * A join table tying two entities, one row a pair: unique per pair and indexed on its second
 * key too, so either side finds its partners without reading the whole table.
 */
export function joinTable(table: string, left: string, right: string): string {
  return `CREATE TABLE ${table} (
  id INTEGER PRIMARY KEY,
  ${left}_id INTEGER NOT NULL REFERENCES ${left} (id) ON DELETE CASCADE,
  ${right}_id INTEGER NOT NULL REFERENCES ${right} (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX ${table}_unique ON ${table} (${left}_id, ${right}_id);
CREATE INDEX ${table}_${right} ON ${table} (${right}_id);`;
}
