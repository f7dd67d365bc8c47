-- Portal feed import (SQLite). Keep in lockstep with migrations/postgres.
CREATE TABLE feed_sources (
    id              INTEGER PRIMARY KEY,
    actor_id        INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    -- Mapping options as JSON: defaults (kind, sdgs, country, language,
    -- themes) and rules from feed categories to taxonomy.
    options         TEXT NOT NULL,
    delete_missing  INTEGER NOT NULL DEFAULT 0,
    etag            TEXT,
    last_modified   TEXT,
    polls           INTEGER NOT NULL DEFAULT 0,
    last_polled_at  INTEGER,
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER,
    items_imported  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    UNIQUE (actor_id, url)
);

-- One row per feed item ever imported: its GUID, its practice, and a hash
-- of its content (a changed hash is an edit).
CREATE TABLE feed_items (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES feed_sources (id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    seen_at      INTEGER NOT NULL,
    UNIQUE (source_id, guid)
);
