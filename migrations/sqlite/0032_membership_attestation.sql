-- Association attestation (sqlite). Keep in lockstep with migrations/postgres.
-- The associations a local actor says it belongs to (their actor URLs, in
-- the order its editor named them), and what the association's own members
-- collection said at the last check: the admission date while it lists the
-- actor (NULL: not confirmed). Epoch milliseconds, as every timestamp.
CREATE TABLE membership_claims (
    actor_id         INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    association_url  TEXT NOT NULL,
    position         INTEGER NOT NULL,
    association_name TEXT,
    member_since     INTEGER,
    checked_at       INTEGER,
    PRIMARY KEY (actor_id, association_url)
);
