-- Delivery health per remote host (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- state: 'ok' or 'unreachable'. A host is unreachable after failing for
-- longer than delivery.unreachable_after; it is then probed now and then
-- (next_probe_at) and resumed by the first success.
CREATE TABLE remote_hosts (
    host             TEXT PRIMARY KEY,
    state            TEXT NOT NULL,
    failures         BIGINT NOT NULL DEFAULT 0,
    first_failure_at BIGINT,
    last_failure_at  BIGINT,
    last_success_at  BIGINT,
    next_probe_at    BIGINT,
    last_error       TEXT
);
CREATE INDEX deliveries_host ON deliveries (host, state);
