import { textHash } from '../textHash';
import type { Migration } from './types';

// The trajectory grid marks each cell new, unchanged or reworded against the position before
// it. Comparing wordings made SQLite read every row twice (the position and its predecessor),
// which grew faster than the data. Now each position carries a fingerprint of its wording
// (text_hash, kept by the writer whenever the text is written), and one covering index holds
// everything a grid cell needs, so the grid is read from the index alone.
const SQL = `
ALTER TABLE position ADD COLUMN text_hash INTEGER NOT NULL DEFAULT 0;
CREATE INDEX position_grid ON position
  (round_id, party_id, issue_id, status, movement, previous_id, sort_order, text_hash);
`;

export const positionFingerprints: Migration = {
  version: 5,
  name: 'position fingerprints and the grid index',
  up(db) {
    db.exec(SQL);
    const rows = db.prepare('SELECT id, text FROM position').all() as {
      id: number;
      text: string;
    }[];
    const set = db.prepare('UPDATE position SET text_hash = ? WHERE id = ?');
    for (const row of rows) set.run(textHash(row.text), row.id);
  },
};
