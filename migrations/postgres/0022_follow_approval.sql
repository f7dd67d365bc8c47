-- Follower approval (postgres). Keep in lockstep with migrations/sqlite.
-- Per local actor: 'auto' (every Follow accepted at once) or 'manual' (a
-- Follow waits as a pending follow until an editor accepts or rejects it;
-- the actor document says manuallyApprovesFollowers). NULL reads as 'auto'.
ALTER TABLE actors ADD COLUMN follow_approval TEXT;
-- Follow requests are read through follows_target (target_id, state).
