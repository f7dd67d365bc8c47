-- Adoption and engagement (sqlite). Keep in lockstep with migrations/postgres.
--
-- adoptions: which practice adapted which. One row per (adopting practice,
-- URL it names in adopted_from). Written in the transaction that stores
-- the adopting practice (local or a remote copy), or, on the node of the
-- practice adopted, from the Create that tells it (the adopting practice
-- itself is then not stored: nobody here follows its author). The
-- adopting practice's title and country are kept so that "adopted by"
-- and the flows between countries need nothing else.
CREATE TABLE adoptions (
    adopting_id  TEXT NOT NULL,
    source_url   TEXT NOT NULL,
    adopter_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    country      TEXT,
    adopted_at   INTEGER NOT NULL,
    PRIMARY KEY (adopting_id, source_url)
);
CREATE INDEX adoptions_source ON adoptions (source_url);

-- reactions: likes and boosts of a local practice by fediverse accounts,
-- counted (one per actor and kind), never stored as content. The activity
-- id lets an Undo that names only the Like's id take it back.
CREATE TABLE reactions (
    practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    actor_id     INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('like', 'boost')),
    activity_id  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (practice_id, actor_id, kind)
);
CREATE INDEX reactions_activity ON reactions (activity_id);
