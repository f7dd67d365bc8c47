-- Readiness probe (sqlite). Keep in lockstep with migrations/postgres.
-- `GET /readyz` writes here to learn whether the database takes writes: row 1
-- is updated and committed (a read-only file or a full disk fails the
-- commit), row 2 is inserted with a 16 KiB probe and deleted in the same
-- transaction (a database at its size limit has no room for it).
CREATE TABLE node_health (
    id         INTEGER PRIMARY KEY,
    checked_at INTEGER NOT NULL,
    probe      TEXT NOT NULL DEFAULT ''
);
