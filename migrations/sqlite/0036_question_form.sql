-- The citizen question form (sqlite). Keep in lockstep with migrations/postgres.
-- A question sent through the form on a practice page, by someone without
-- a fediverse account, is a reply like the others (same queue, same
-- moderation), written on this node in the name of the practice's author
-- (author_id) and marked via_form = 1; asker_name is the display name the
-- citizen chose to give, if any (nothing else about them is kept).
ALTER TABLE replies ADD COLUMN via_form INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN asker_name TEXT;

-- Local actors that show the form (a row: on; none: off, the default).
CREATE TABLE question_forms (
    actor_id   INTEGER PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    enabled_at INTEGER NOT NULL
);

-- Secrets the node makes for itself, by purpose ('question_form': the HMAC
-- key of the form's time tokens), created on first use and kept across
-- restarts and shared by every process on the database.
CREATE TABLE node_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
