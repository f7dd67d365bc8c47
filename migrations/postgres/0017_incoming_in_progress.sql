-- Inbox deduplication (postgres). Keep in lockstep with migrations/sqlite.
-- An incoming activity id is claimed before processing (done = 0) and marked
-- done after it. A claim whose process died mid-way is taken over by the
-- sender's retry once it is stale, instead of the retry being answered as a
-- duplicate and the activity lost. Ids recorded before this were processed.
ALTER TABLE incoming_activities ADD COLUMN done INTEGER NOT NULL DEFAULT 1;
