-- Token scopes (SQLite). Keep in lockstep with migrations/postgres.
-- 'write' tokens may change things; 'read' tokens may only look.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
