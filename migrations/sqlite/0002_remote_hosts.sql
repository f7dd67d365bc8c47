-- Delivery health per remote host (SQLite). Keep in lockstep with migrations/postgres.
-- state: 'ok' or 'unreachable'. A host is unreachable after failing for
-- longer than delivery.unreachable_after; it is then probed now and then
-- (next_probe_at) and resumed by the first success.
CREATE TABLE remote_hosts (
    host             TEXT PRIMARY KEY,
    state            TEXT NOT NULL,
    failures         INTEGER NOT NULL DEFAULT 0,
    first_failure_at INTEGER,
    last_failure_at  INTEGER,
    last_success_at  INTEGER,
    next_probe_at    INTEGER,
    last_error       TEXT
);
CREATE INDEX deliveries_host ON deliveries (host, state);
