-- Roles (SQLite). Keep in lockstep with migrations/postgres.
-- An API token or admin user is held by the node operator (no actor) or by
-- an editor or moderator of one local actor. Tokens and users that existed
-- before become editors of their actor: they keep publishing as before.
-- SQLite cannot drop NOT NULL in place, so both tables are rebuilt (with
-- admin_sessions, which refers to admin_users), keeping every row.

ALTER TABLE api_tokens RENAME TO api_tokens_0018;
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER REFERENCES actors (id) ON DELETE CASCADE,
    role         TEXT NOT NULL DEFAULT 'editor',
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT,
    scope        TEXT NOT NULL DEFAULT 'write',
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    CONSTRAINT api_tokens_role CHECK (
        (role = 'operator' AND actor_id IS NULL) OR (role IN ('editor', 'moderator') AND actor_id IS NOT NULL)
    )
);
INSERT INTO api_tokens (id, actor_id, role, token_hash, label, scope, created_at, last_used_at)
    SELECT id, actor_id, 'editor', token_hash, label, scope, created_at, last_used_at FROM api_tokens_0018;
DROP TABLE api_tokens_0018;
CREATE INDEX api_tokens_actor ON api_tokens (actor_id);

ALTER TABLE admin_sessions RENAME TO admin_sessions_0018;
ALTER TABLE admin_users RENAME TO admin_users_0018;
CREATE TABLE admin_users (
    id            INTEGER PRIMARY KEY,
    actor_id      INTEGER REFERENCES actors (id) ON DELETE CASCADE,
    role          TEXT NOT NULL DEFAULT 'editor',
    login         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    CONSTRAINT admin_users_role CHECK (
        (role = 'operator' AND actor_id IS NULL) OR (role IN ('editor', 'moderator') AND actor_id IS NOT NULL)
    )
);
CREATE TABLE admin_sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO admin_users (id, actor_id, role, login, password_hash, created_at)
    SELECT id, actor_id, 'editor', login, password_hash, created_at FROM admin_users_0018;
INSERT INTO admin_sessions (id, token_hash, user_id, csrf, expires_at, created_at)
    SELECT id, token_hash, user_id, csrf, expires_at, created_at FROM admin_sessions_0018;
DROP TABLE admin_sessions_0018;
DROP TABLE admin_users_0018;
