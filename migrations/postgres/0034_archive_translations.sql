-- Archives that reach the network (postgres).
-- Keep in lockstep with migrations/sqlite.

-- An archive delivery is queued after the latest delivery still pending
-- for its inbox (the pace): that lookup reads this index, not every
-- pending delivery.
CREATE INDEX deliveries_inbox_pending ON deliveries (inbox, next_attempt_at) WHERE state IN ('queued', 'retrying');

