-- Roles (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- An API token or admin user is held by the node operator (no actor) or by
-- an editor or moderator of one local actor. Tokens and users that existed
-- before become editors of their actor: they keep publishing as before.

ALTER TABLE api_tokens ALTER COLUMN actor_id DROP NOT NULL;
ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'editor';
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role CHECK (
    (role = 'operator' AND actor_id IS NULL) OR (role IN ('editor', 'moderator') AND actor_id IS NOT NULL)
);

ALTER TABLE admin_users ALTER COLUMN actor_id DROP NOT NULL;
ALTER TABLE admin_users ADD COLUMN role TEXT NOT NULL DEFAULT 'editor';
ALTER TABLE admin_users ADD CONSTRAINT admin_users_role CHECK (
    (role = 'operator' AND actor_id IS NULL) OR (role IN ('editor', 'moderator') AND actor_id IS NOT NULL)
);
