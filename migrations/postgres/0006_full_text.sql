-- Full-text search (PostgreSQL). Keep versions in lockstep with
-- migrations/sqlite (which uses an FTS5 table instead).
-- The 'simple' configuration: no stemming, so every language of the
-- network is matched the same way; the store writes the vector from the
-- plain text of title, summary and body on every insert and update.
ALTER TABLE practices ADD COLUMN search tsvector;
UPDATE practices SET search = to_tsvector('simple', title || ' ' || summary || ' ' || content_html);
CREATE INDEX practices_search ON practices USING GIN (search);
