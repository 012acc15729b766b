import type { Migration } from './types';

// Full-text search, and where each change set came from.
//
// `search_index` is an FTS5 table holding the searchable text of positions, red lines, sources
// and rounds. Triggers on those tables keep it in step, so every write updates the index in its
// own transaction and the two can never disagree. Each entry's rowid encodes what it is:
// id * 4 + kind (0 position, 1 red line, 2 source, 3 round), so rowid order is entry order.
// Text columns, weighted in this order when ranking: `title` (a round's title, a source's
// speaker and outlet, a red line's declarer), `body` (the wording, the quote, a round's summary,
// outcome and next steps) and `extra` (notes, references, places). `tags` holds what searches
// filter on as words of its own — n<negotiation> k<kind> p<party> i<issue> r<round> — so a
// filter is one more term of the full-text query, answered from the index without reading rows.
//
// `change_set.origin`: 'local' for work done in this database; 'file' for the history that
// came with an imported negotiation (kept so its items' histories stay whole, never undoable
// here); 'import' for the act of importing (undoable; left out when exporting again, so a file
// passed from desk to desk does not grow a copy of itself each time).

const SQL = `
CREATE VIRTUAL TABLE search_index USING fts5 (
  title, body, extra, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER position_search_insert AFTER INSERT ON position BEGIN
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4, '',
          new.text,
          new.notes,
          'n' || (SELECT negotiation_id FROM round WHERE id = new.round_id) || ' k0 p' || new.party_id || ' i' || new.issue_id || ' r' || new.round_id);
END;
CREATE TRIGGER position_search_update AFTER UPDATE OF text, notes, round_id, party_id, issue_id ON position BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4;
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4, '',
          new.text,
          new.notes,
          'n' || (SELECT negotiation_id FROM round WHERE id = new.round_id) || ' k0 p' || new.party_id || ' i' || new.issue_id || ' r' || new.round_id);
END;
CREATE TRIGGER position_search_delete AFTER DELETE ON position BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4;
END;

CREATE TRIGGER red_line_search_insert AFTER INSERT ON red_line BEGIN
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 1, new.declared_by,
          new.text,
          new.notes,
          'n' || (SELECT negotiation_id FROM party WHERE id = new.party_id) || ' k1 p' || new.party_id || ' i' || new.issue_id);
END;
CREATE TRIGGER red_line_search_update AFTER UPDATE OF text, notes, declared_by, party_id, issue_id ON red_line BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 1, new.declared_by,
          new.text,
          new.notes,
          'n' || (SELECT negotiation_id FROM party WHERE id = new.party_id) || ' k1 p' || new.party_id || ' i' || new.issue_id);
END;
CREATE TRIGGER red_line_search_delete AFTER DELETE ON red_line BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
END;

CREATE TRIGGER source_search_insert AFTER INSERT ON source BEGIN
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 2, trim(new.speaker || ' ' || new.outlet),
          new.quote,
          trim(new.reference || ' ' || new.notes),
          'n' || new.negotiation_id || ' k2');
END;
CREATE TRIGGER source_search_update AFTER UPDATE OF speaker, outlet, quote, reference, notes ON source BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 2, trim(new.speaker || ' ' || new.outlet),
          new.quote,
          trim(new.reference || ' ' || new.notes),
          'n' || new.negotiation_id || ' k2');
END;
CREATE TRIGGER source_search_delete AFTER DELETE ON source BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
END;

CREATE TRIGGER round_search_insert AFTER INSERT ON round BEGIN
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 3, new.title,
          trim(new.summary || char(10) || new.outcome || char(10) || new.next_steps),
          trim(new.location || ' ' || new.channel || ' ' || new.date_note),
          'n' || new.negotiation_id || ' k3 r' || new.id);
END;
CREATE TRIGGER round_search_update AFTER UPDATE OF title, summary, outcome, next_steps, location, channel, date_note ON round BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
  INSERT INTO search_index (rowid, title, body, extra, tags)
  VALUES (new.id * 4 + 3, new.title,
          trim(new.summary || char(10) || new.outcome || char(10) || new.next_steps),
          trim(new.location || ' ' || new.channel || ' ' || new.date_note),
          'n' || new.negotiation_id || ' k3 r' || new.id);
END;
CREATE TRIGGER round_search_delete AFTER DELETE ON round BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
END;

INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT p.id * 4, '', p.text, p.notes, 'n' || r.negotiation_id || ' k0 p' || p.party_id || ' i' || p.issue_id || ' r' || p.round_id FROM position p JOIN round r ON r.id = p.round_id;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT l.id * 4 + 1, l.declared_by, l.text, l.notes, 'n' || p.negotiation_id || ' k1 p' || l.party_id || ' i' || l.issue_id FROM red_line l JOIN party p ON p.id = l.party_id;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * 4 + 2, trim(speaker || ' ' || outlet), quote, trim(reference || ' ' || notes), 'n' || negotiation_id || ' k2' FROM source;
INSERT INTO search_index (rowid, title, body, extra, tags)
  SELECT id * 4 + 3, title, trim(summary || char(10) || outcome || char(10) || next_steps), trim(location || ' ' || channel || ' ' || date_note), 'n' || negotiation_id || ' k3 r' || id FROM round;

ALTER TABLE change_set ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'
  CHECK (origin IN ('local', 'file', 'import'));
`;

export const searchAndOrigins: Migration = {
  version: 4,
  name: 'full-text search and change origins',
  up(db) {
    db.exec(SQL);
  },
};
