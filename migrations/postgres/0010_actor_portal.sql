-- A city's own portal (PostgreSQL). Keep in lockstep with migrations/sqlite.
ALTER TABLE actors ADD COLUMN portal_url TEXT;
