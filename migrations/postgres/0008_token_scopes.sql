-- Token scopes (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- 'write' tokens may change things; 'read' tokens may only look.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
