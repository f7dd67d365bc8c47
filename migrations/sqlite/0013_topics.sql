-- Topics (sqlite): saved searches published as actors that announce new
-- matches. Keep in lockstep with migrations/postgres.
CREATE TABLE topics (
    actor_id   INTEGER PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    owner_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    -- The search as the query string of /search, e.g. sdg=11&country=KR.
    query      TEXT NOT NULL,
    -- Practices with ids up to this one have been considered.
    cursor     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Which practices a topic announced: each at most once.
CREATE TABLE topic_announces (
    topic_id     INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    announced_at INTEGER NOT NULL,
    PRIMARY KEY (topic_id, practice_id)
);
