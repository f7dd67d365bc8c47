-- Relay subscriptions (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- relay = 1: the follower subscribed to a Mastodon-style relay; besides
-- following it, it sends its own public activities to the relay's inbox.
ALTER TABLE follows ADD COLUMN relay BIGINT NOT NULL DEFAULT 0;
