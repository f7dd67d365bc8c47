-- Deliveries (sqlite). Keep in lockstep with migrations/postgres.
-- Every queued delivery and every outcome updates each index on this table,
-- so it keeps only the indexes a query needs:
-- * claims read deliveries_pending (0014); the older (state,
--   next_attempt_at) index served nothing else;
-- * a host that answers again has its retrying deliveries made due: only
--   those rows need an index by host;
-- * failed deliveries (few) are listed and replayed: an index of them alone.
DROP INDEX IF EXISTS deliveries_due;
DROP INDEX IF EXISTS deliveries_host;
CREATE INDEX deliveries_retrying ON deliveries (host) WHERE state = 'retrying';
CREATE INDEX deliveries_failed ON deliveries (id) WHERE state = 'failed';
