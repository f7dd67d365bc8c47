-- The node's profile (postgres). Keep in lockstep with migrations/sqlite.
-- One row (id 1): the name, description and logo URL the operator set,
-- shown in every page header and title and on /about. NULL: not set.
CREATE TABLE node_profile (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    name        TEXT,
    description TEXT,
    logo_url    TEXT,
    updated_at  BIGINT NOT NULL
);
