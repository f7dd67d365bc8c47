-- Search revisions (SQLite). Keep in lockstep with migrations/postgres.
-- Every change to a practice, or to who relayed it, gives the practice a
-- new search revision, so the store's in-memory facet index can load just
-- what changed since it last looked. SQLite has one writer at a time, so a
-- counter (the largest revision + 1) grows in commit order.
ALTER TABLE practices ADD COLUMN search_rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX practices_search_rev ON practices (search_rev);

CREATE TRIGGER practices_search_rev_insert AFTER INSERT ON practices
BEGIN
    UPDATE practices SET search_rev = (SELECT COALESCE(MAX(search_rev), 0) + 1 FROM practices) WHERE id = NEW.id;
END;

CREATE TRIGGER practices_search_rev_update
AFTER UPDATE OF author_id, local, title, summary, content_html, language, kind, sdgs, country, translations,
    details, published_at, deleted_at ON practices
BEGIN
    UPDATE practices SET search_rev = (SELECT COALESCE(MAX(search_rev), 0) + 1 FROM practices) WHERE id = NEW.id;
END;

CREATE TRIGGER practice_relays_search_rev_insert AFTER INSERT ON practice_relays
BEGIN
    UPDATE practices SET search_rev = (SELECT COALESCE(MAX(search_rev), 0) + 1 FROM practices)
        WHERE id = NEW.practice_id;
END;

CREATE TRIGGER practice_relays_search_rev_delete AFTER DELETE ON practice_relays
BEGIN
    UPDATE practices SET search_rev = (SELECT COALESCE(MAX(search_rev), 0) + 1 FROM practices)
        WHERE id = OLD.practice_id;
END;
