-- Readiness probe (postgres). Keep in lockstep with migrations/sqlite.
-- `GET /readyz` writes here to learn whether the database takes writes: row 1
-- is updated and committed (a read-only server or a full disk fails the
-- commit), row 2 is inserted with a 16 KiB probe and deleted in the same
-- transaction.
CREATE TABLE node_health (
    id         BIGINT PRIMARY KEY,
    checked_at BIGINT NOT NULL,
    probe      TEXT NOT NULL DEFAULT ''
);
