import { sqlMigration } from './sql';
import type { Migration } from './types';

// Shared negotiations (issue 19): stable identity for every row, and the merge engine's state,
// all inside the encrypted library.
//
// - `row_uid`: a UUID for every row of every negotiation table, kept beside the rows rather than
//   as a column of each table, so the registry, the row types, history's JSON and every query
//   stay as they were. Row ids are never reused (the writer numbers new rows above every id
//   history remembers), so an id keeps its UUID for good: undoing a deletion puts the row back
//   under the same identity. The tables are listed here by name, not from the registry: a
//   shipped migration never changes when the registry does.
// - `share_doc`, `share_chunk`: the Automerge document of each shared negotiation, saved whole
//   and then in incremental chunks (compacted now and then); `version` tells a lane whose copy in
//   memory is stale.
// - `share_peer`: per negotiation and colleague (public key), the heads their last update showed
//   they have, so the next update to them carries only what they lack.
// - `share_conflict`: the fields with concurrent values still open, found when an update is
//   merged and cleared when an officer chooses.
// - `share_identity`: this library's officer: display name and Ed25519 key pair (the private key
//   never leaves the encrypted file). `share_trusted`: the colleagues whose updates are accepted.
//   `share_policy`: the highest marking an update may carry to be received here (none: any).
const TABLES = [
  'negotiation',
  'party',
  'person',
  'issue',
  'round',
  'round_participant',
  'position',
  'red_line',
  'source',
  'citation',
  'conflict_assessment',
  'development',
  'development_party',
  'development_issue',
  'linkage',
  'linkage_issue',
  'linkage_position',
  'package',
  'package_position',
  'document',
  'document_part',
];

/** A version 4 UUID made by SQLite itself (lower-case, 8-4-4-4-12). */
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
  substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
  substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

const SQL = `
CREATE TABLE row_uid (
  entity TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  uid TEXT NOT NULL UNIQUE CHECK (length(uid) = 36),
  PRIMARY KEY (entity, row_id)
) STRICT;
${TABLES.map((t) => `INSERT INTO row_uid (entity, row_id, uid) SELECT '${t}', id, ${UUID} FROM ${t};`).join('\n')}

CREATE TABLE share_doc (
  negotiation_id INTEGER PRIMARY KEY REFERENCES negotiation (id) ON DELETE CASCADE,
  doc BLOB NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  shared_at TEXT NOT NULL
) STRICT;

CREATE TABLE share_chunk (
  negotiation_id INTEGER NOT NULL REFERENCES share_doc (negotiation_id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (negotiation_id, seq)
) STRICT;

CREATE TABLE share_peer (
  negotiation_id INTEGER NOT NULL REFERENCES share_doc (negotiation_id) ON DELETE CASCADE,
  public_key TEXT NOT NULL,
  heads TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (negotiation_id, public_key)
) STRICT;

CREATE TABLE share_conflict (
  negotiation_id INTEGER NOT NULL REFERENCES share_doc (negotiation_id) ON DELETE CASCADE,
  entity TEXT NOT NULL,
  uid TEXT NOT NULL,
  field TEXT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (negotiation_id, entity, uid, field)
) STRICT;

CREATE TABLE share_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  public_key TEXT NOT NULL,
  private_key BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE share_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  refuse_above_marking_id INTEGER REFERENCES marking (id)
) STRICT;

CREATE TABLE share_trusted (
  public_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT;
`;

export const sharedNegotiations: Migration = sqlMigration(
  16,
  'stable row identity and shared negotiations',
  SQL,
);
