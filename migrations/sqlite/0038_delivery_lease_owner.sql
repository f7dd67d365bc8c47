-- Delivery lease owners (sqlite). Keep in lockstep with migrations/postgres.
-- lease_owner: the worker that claimed the delivery (a random token per
-- delivery worker), set with lease_until by every claim. A worker renews
-- the leases of the deliveries it is still sending (its heartbeat) only
-- where lease_owner is still its own: a lease another worker has taken
-- over since is never extended by the first one. NULL: never claimed, or
-- claimed without an owner (tools, tests).
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
