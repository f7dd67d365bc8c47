-- Curated collections (SQLite). Keep in lockstep with migrations/postgres.
-- A knowledge-space curator features practices; each is announced once.
CREATE TABLE curated (
    id          INTEGER PRIMARY KEY,
    curator_id  INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    UNIQUE (curator_id, practice_id)
);
