-- Revision history and harvest datestamps (postgres). Keep in lockstep with
-- migrations/sqlite.
--
-- practice_versions: every version of a practice this node has held, one
-- immutable row each, numbered 1..n per practice (1 = the first
-- publication, or the first copy received of a remote practice). Written in
-- the transaction of the insert or edit that makes the version; the
-- columns are those of `practices`, in the same formats, plus the time
-- this node recorded it. Rows are never updated (the trigger refuses it)
-- and leave only with their practice (which is never deleted: a deleted
-- practice is a Tombstone whose history is hidden, 410).
CREATE TABLE practice_versions (
    practice_id      BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    version          BIGINT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    content_markdown TEXT,
    content_html     TEXT NOT NULL,
    language         TEXT,
    kind             TEXT,
    sdgs             TEXT NOT NULL,
    country          TEXT,
    translations     TEXT NOT NULL,
    details          TEXT NOT NULL,
    published_at     BIGINT NOT NULL,
    updated_at       BIGINT,
    recorded_at      BIGINT NOT NULL,
    PRIMARY KEY (practice_id, version)
);

CREATE FUNCTION practice_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'practice versions are immutable';
END
$$;

CREATE TRIGGER practice_versions_immutable BEFORE UPDATE ON practice_versions
FOR EACH ROW EXECUTE FUNCTION practice_versions_immutable();

-- Practices stored before this migration: their present text is version 1
-- (what came before was overwritten and is lost).
INSERT INTO practice_versions (practice_id, version, title, summary, content_markdown, content_html, language, kind,
                               sdgs, country, translations, details, published_at, updated_at, recorded_at)
SELECT id, 1, title, summary, content_markdown, content_html, language, kind, sdgs, country, translations, details,
       published_at, updated_at, COALESCE(updated_at, published_at)
FROM practices;

-- When this node last changed the record (created, edited, deleted, a new
-- copy received): the OAI-PMH datestamp, so that an incremental harvest
-- with `from` sees an imported item dated years ago but stored today.
ALTER TABLE practices ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE practices SET changed_at = COALESCE(deleted_at, updated_at, published_at);
CREATE INDEX practices_changed ON practices (local, changed_at, id);
