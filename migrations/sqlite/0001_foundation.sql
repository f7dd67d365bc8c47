-- ecities schema v1 (SQLite). Keep in lockstep with migrations/postgres.
-- Timestamps are milliseconds since the Unix epoch (UTC); booleans are 0/1
-- integers (the sqlx Any driver has no portable BOOLEAN/DATETIME).

CREATE TABLE actors (
    id                INTEGER PRIMARY KEY,
    url               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    host              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    local             INTEGER NOT NULL,
    display_name      TEXT,
    summary           TEXT,
    country           TEXT,
    profile_url       TEXT,
    icon_url          TEXT,
    inbox             TEXT NOT NULL,
    shared_inbox      TEXT,
    outbox            TEXT,
    followers_url     TEXT,
    following_url     TEXT,
    public_key_pem    TEXT NOT NULL,
    private_key_pem   TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    last_refreshed_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX actors_local_name ON actors (name) WHERE local = 1;

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_actor ON api_tokens (actor_id);

CREATE TABLE practices (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    ap_id            TEXT NOT NULL UNIQUE,
    url              TEXT NOT NULL,
    author_id        INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    local            INTEGER NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    content_markdown TEXT,
    content_html     TEXT NOT NULL,
    language         TEXT,
    kind             TEXT,
    -- SDG numbers as ',3,11,' so that one goal is found with LIKE '%,11,%'.
    sdgs             TEXT NOT NULL,
    country          TEXT,
    translations     TEXT NOT NULL,
    details          TEXT NOT NULL,
    published_at     INTEGER NOT NULL,
    updated_at       INTEGER,
    deleted_at       INTEGER
);
CREATE INDEX practices_author ON practices (author_id, id);
CREATE INDEX practices_country ON practices (country, id);
CREATE INDEX practices_published ON practices (published_at);

CREATE TABLE follows (
    id          INTEGER PRIMARY KEY,
    follower_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    target_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    activity_id TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (follower_id, target_id)
);
CREATE INDEX follows_target ON follows (target_id, state);
CREATE INDEX follows_activity ON follows (activity_id);

-- Ids of activities already processed by the inbox (deduplication).
CREATE TABLE incoming_activities (
    activity_id TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
);

-- Activities this node sends, stored in the transaction of the change that
-- caused them.
CREATE TABLE outgoing_activities (
    id         INTEGER PRIMARY KEY,
    ap_id      TEXT NOT NULL UNIQUE,
    actor_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX outgoing_activities_actor ON outgoing_activities (actor_id, kind, id);

-- One row per (activity, target inbox).
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES outgoing_activities (id) ON DELETE CASCADE,
    inbox           TEXT NOT NULL,
    host            TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (activity_id, inbox)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
