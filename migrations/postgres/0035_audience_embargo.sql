-- Audiences and embargo (postgres). Keep in lockstep with migrations/sqlite.
-- audience_public: 1 when the practice is addressed to as:Public (its
-- audience itself, followers or named actors, is in `details`); 0 keeps it
-- off every public surface. embargo_until: a local practice's publish_at
-- while it waits (epoch milliseconds); NULL once released, or never
-- embargoed. Public surfaces show audience_public = 1 AND embargo_until IS NULL.
-- (The search revision trigger of 0012 stamps every update already.)
ALTER TABLE practices ADD COLUMN audience_public BIGINT NOT NULL DEFAULT 1;
ALTER TABLE practices ADD COLUMN embargo_until BIGINT;
CREATE INDEX practices_embargo_until ON practices (embargo_until) WHERE embargo_until IS NOT NULL;
