-- Audiences and embargo (sqlite). Keep in lockstep with migrations/postgres.
-- audience_public: 1 when the practice is addressed to as:Public (its
-- audience itself, followers or named actors, is in `details`); 0 keeps it
-- off every public surface. embargo_until: a local practice's publish_at
-- while it waits (epoch milliseconds); NULL once released, or never
-- embargoed. Public surfaces show audience_public = 1 AND embargo_until IS NULL.
ALTER TABLE practices ADD COLUMN audience_public INTEGER NOT NULL DEFAULT 1;
ALTER TABLE practices ADD COLUMN embargo_until BIGINT;
CREATE INDEX practices_embargo_until ON practices (embargo_until) WHERE embargo_until IS NOT NULL;

-- The search index follows these columns too (see 0012).
CREATE TRIGGER practices_search_rev_visibility
AFTER UPDATE OF audience_public, embargo_until ON practices
BEGIN
    UPDATE practices SET search_rev = (SELECT COALESCE(MAX(search_rev), 0) + 1 FROM practices) WHERE id = NEW.id;
END;
