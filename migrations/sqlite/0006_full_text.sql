-- Full-text search (SQLite FTS5). Keep versions in lockstep with
-- migrations/postgres (which uses a tsvector column instead).
-- rowid = practices.id; the store writes the plain text of title, summary
-- and body (tags removed) on every insert and update, and removes the row
-- when a practice is deleted.
CREATE VIRTUAL TABLE practices_fts USING fts5 (title, summary, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO practices_fts (rowid, title, summary, body)
    SELECT id, title, summary, content_html FROM practices WHERE deleted_at IS NULL;
