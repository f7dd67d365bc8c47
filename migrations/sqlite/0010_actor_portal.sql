-- A city's own portal (SQLite). Keep in lockstep with migrations/postgres.
ALTER TABLE actors ADD COLUMN portal_url TEXT;
