-- Association attestation (postgres). Keep in lockstep with migrations/sqlite.
-- The associations a local actor says it belongs to (their actor URLs, in
-- the order its editor named them), and what the association's own members
-- collection said at the last check: the admission date while it lists the
-- actor (NULL: not confirmed). Epoch milliseconds, as every timestamp.
CREATE TABLE membership_claims (
    actor_id         BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    association_url  TEXT NOT NULL,
    position         BIGINT NOT NULL,
    association_name TEXT,
    member_since     BIGINT,
    checked_at       BIGINT,
    PRIMARY KEY (actor_id, association_url)
);
