-- The node's profile (sqlite). Keep in lockstep with migrations/postgres.
-- One row (id 1): the name, description and logo URL the operator set,
-- shown in every page header and title and on /about. NULL: not set.
CREATE TABLE node_profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT,
    description TEXT,
    logo_url    TEXT,
    updated_at  INTEGER NOT NULL
);
