-- Archives that reach the network, translations with a workflow (sqlite).
-- Keep in lockstep with migrations/postgres.

-- An archive delivery is queued after the latest delivery still pending
-- for its inbox (the pace): that lookup reads this index, not every
-- pending delivery.
CREATE INDEX deliveries_inbox_pending ON deliveries (inbox, next_attempt_at) WHERE state IN ('queued', 'retrying');

-- Requests for a translation of a practice into a language: made here by a
-- local association or knowledge space (for a remote practice, also sent
-- to its author as a TranslationRequest), or received from a remote one
-- for a practice of ours. 'open' until the language is added ('fulfilled'),
-- once per practice, language and requester.
CREATE TABLE translation_requests (
    id           INTEGER PRIMARY KEY,
    practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    fulfilled_at INTEGER,
    UNIQUE (practice_id, language, requester_id)
);
CREATE INDEX translation_requests_open ON translation_requests (practice_id, language) WHERE state = 'open';
