-- The Announce of each curated practice (sqlite). Keep in lockstep with
-- migrations/postgres. Unfeaturing sends Undo of that Announce, by its id;
-- NULL for practices featured before this was kept.
ALTER TABLE curated ADD COLUMN announce_id TEXT;
