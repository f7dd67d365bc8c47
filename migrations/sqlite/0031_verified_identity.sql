-- Verified institutional identity (sqlite). Keep in lockstep with migrations/postgres.
-- When the node last looked at a local actor's portal page, and since when
-- that page has linked back to the actor with rel="me" (NULL: not verified).
-- Epoch milliseconds, as every timestamp.
ALTER TABLE actors ADD COLUMN portal_checked_at BIGINT;
ALTER TABLE actors ADD COLUMN portal_verified_at BIGINT;
