-- Deleted local actors (postgres). Keep in lockstep with migrations/sqlite.
-- A deleted local actor (a removed topic) keeps its row: its key signs the
-- Delete its followers' servers receive, its URL answers 410 Gone, and its
-- name is never given to someone else. Lookups skip it.
ALTER TABLE actors ADD COLUMN deleted_at BIGINT;
