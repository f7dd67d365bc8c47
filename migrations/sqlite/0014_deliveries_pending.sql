-- Claiming deliveries (sqlite). Keep in lockstep with migrations/postgres.
-- Pending deliveries in the order workers take them: a claim reads the
-- first few instead of sorting every pending delivery each time.
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at, id) WHERE state IN ('queued', 'retrying');
