import { sqlMigration } from './sql';
import type { Migration } from './types';

// A shared negotiation's merge document outlives the negotiation's deletion (issue 19). Deleting
// a negotiation is undoable: its rows stay in history and undo puts them back under the same
// ids. Until now its document went with it (`share_doc` cascaded from `negotiation`), so the
// negotiation came back unshared, and a colleague's next update for it was refused. The
// document now stays while the negotiation is deleted (it is as sensitive as the history beside
// it, and inside the same encrypted file); removing the negotiation permanently removes it.
//
// SQLite cannot drop a foreign key in place, and dropping `share_doc` would cascade to the
// tables that hang from it: those are kept aside (in memory), dropped, and made again.
const CHILDREN = `
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
`;

const SQL = `
CREATE TEMP TABLE kept_chunk AS SELECT * FROM share_chunk;
CREATE TEMP TABLE kept_peer AS SELECT * FROM share_peer;
CREATE TEMP TABLE kept_conflict AS SELECT * FROM share_conflict;
DROP TABLE share_chunk;
DROP TABLE share_peer;
DROP TABLE share_conflict;

CREATE TABLE share_doc_new (
  negotiation_id INTEGER PRIMARY KEY,
  doc BLOB NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  shared_at TEXT NOT NULL
) STRICT;
INSERT INTO share_doc_new (negotiation_id, doc, version, shared_at)
  SELECT negotiation_id, doc, version, shared_at FROM share_doc;
DROP TABLE share_doc;
ALTER TABLE share_doc_new RENAME TO share_doc;
${CHILDREN}
INSERT INTO share_chunk SELECT * FROM kept_chunk;
INSERT INTO share_peer SELECT * FROM kept_peer;
INSERT INTO share_conflict SELECT * FROM kept_conflict;
DROP TABLE kept_chunk;
DROP TABLE kept_peer;
DROP TABLE kept_conflict;
`;

export const sharedAfterDeletion: Migration = sqlMigration(
  18,
  'shared negotiations keep their document while deleted',
  SQL,
);
