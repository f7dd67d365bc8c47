-- Relay subscriptions (SQLite). Keep in lockstep with migrations/postgres.
-- relay = 1: the follower subscribed to a Mastodon-style relay; besides
-- following it, it sends its own public activities to the relay's inbox.
ALTER TABLE follows ADD COLUMN relay INTEGER NOT NULL DEFAULT 0;
