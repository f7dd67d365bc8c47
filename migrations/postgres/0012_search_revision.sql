-- Search revisions (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- Every change to a practice, or to who relayed it, stamps the practice
-- with the id of the writing transaction. The store's in-memory facet
-- index remembers the oldest transaction still running when it last
-- looked (pg_snapshot_xmin) and reloads the practices stamped at or after
-- it: nothing committed late by a concurrent writer is missed, and several
-- ecities processes sharing this database all see each other's changes.
ALTER TABLE practices ADD COLUMN search_rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX practices_search_rev ON practices (search_rev);

CREATE FUNCTION practices_stamp_search_rev() RETURNS trigger AS $$
BEGIN
    NEW.search_rev := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER practices_search_rev BEFORE INSERT OR UPDATE ON practices
    FOR EACH ROW EXECUTE FUNCTION practices_stamp_search_rev();

CREATE FUNCTION practice_relays_stamp_search_rev() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE practices SET search_rev = 0 WHERE id = OLD.practice_id;
        RETURN OLD;
    END IF;
    UPDATE practices SET search_rev = 0 WHERE id = NEW.practice_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER practice_relays_search_rev AFTER INSERT OR DELETE ON practice_relays
    FOR EACH ROW EXECUTE FUNCTION practice_relays_stamp_search_rev();
