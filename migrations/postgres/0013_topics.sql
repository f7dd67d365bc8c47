-- Topics (postgres): saved searches published as actors that announce new
-- matches. Keep in lockstep with migrations/sqlite.
CREATE TABLE topics (
    actor_id   BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    owner_id   BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    -- The search as the query string of /search, e.g. sdg=11&country=KR.
    query      TEXT NOT NULL,
    -- Practices with ids up to this one have been considered.
    cursor     BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Which practices a topic announced: each at most once.
CREATE TABLE topic_announces (
    topic_id     BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    practice_id  BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    announced_at BIGINT NOT NULL,
    PRIMARY KEY (topic_id, practice_id)
);
