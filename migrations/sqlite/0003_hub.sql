-- The hub (SQLite): moderation, submissions, provenance, domain rules.
-- Keep in lockstep with migrations/postgres.

-- 'auto' or 'manual' for associations; NULL (auto) for everyone else.
ALTER TABLE actors ADD COLUMN moderation TEXT;

-- Member posts waiting for (or decided by) an association's moderators.
CREATE TABLE submissions (
    id             INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    practice_id    INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    state          TEXT NOT NULL,
    reason         TEXT,
    received_at    INTEGER NOT NULL,
    decided_at     INTEGER,
    UNIQUE (association_id, practice_id)
);
CREATE INDEX submissions_queue ON submissions (association_id, state, id);

-- Provenance: which actors relayed (announced) a practice, in order. A row
-- for a local association also means "announced once, never again".
CREATE TABLE practice_relays (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    actor_id    INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    approved    INTEGER NOT NULL,
    relayed_at  INTEGER NOT NULL,
    UNIQUE (practice_id, actor_id)
);

-- Node-wide domain rules: 'block' or 'allow' (the latter matters in
-- allowlist-only mode). A rule for example.org covers its subdomains.
CREATE TABLE domain_rules (
    domain     TEXT PRIMARY KEY,
    rule       TEXT NOT NULL,
    note       TEXT,
    created_at INTEGER NOT NULL
);
