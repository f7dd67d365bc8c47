-- Feed archive paging (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- archive_next: the next archive page (RFC 5005 rel="next"/"prev-archive")
-- still to import; NULL when the archive is done or the feed has none.
ALTER TABLE feed_sources ADD COLUMN archive_next TEXT;
