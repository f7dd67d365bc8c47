-- Moderation decisions (sqlite). Keep in lockstep with migrations/postgres.
-- What an association decided about a practice, as this node knows it: on
-- the association's node, written with the submission it decides; on the
-- city's node, written when the association's Reject (or approved Announce)
-- arrives. One row per practice and association; a later decision replaces
-- an earlier one. The city's API shows them as `moderation`.
CREATE TABLE moderation_decisions (
    id             INTEGER PRIMARY KEY,
    practice_id    INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    association_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state          TEXT NOT NULL,
    reason         TEXT,
    decided_at     INTEGER NOT NULL,
    UNIQUE (practice_id, association_id)
);

-- Submissions made before this table existed.
INSERT INTO moderation_decisions (practice_id, association_id, state, reason, decided_at)
SELECT practice_id, association_id, state, reason, COALESCE(decided_at, received_at) FROM submissions;
