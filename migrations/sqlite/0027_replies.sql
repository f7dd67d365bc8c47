-- Replies to practices (sqlite). Keep in lockstep with migrations/postgres.
-- A public reply (a Note with inReplyTo one of our practices, or a reply
-- to one) from any fediverse account, and the answers a city writes. On the
-- practice's own node the state follows its author's policy (pending until
-- an editor or moderator decides, or approved at once when open); on a node
-- holding a copy, only what the origin forwarded or wrote is stored, as
-- approved. Only approved replies are ever shown.
CREATE TABLE replies (
    id           INTEGER PRIMARY KEY,
    ap_id        TEXT NOT NULL UNIQUE,
    practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    author_id    INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    in_reply_to  TEXT NOT NULL,
    content_html TEXT NOT NULL,
    state        TEXT NOT NULL,
    local        INTEGER NOT NULL DEFAULT 0,
    published_at INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    decided_at   INTEGER
);
CREATE INDEX replies_practice ON replies (practice_id, state, id);
CREATE INDEX replies_state ON replies (state, id);

-- Per local actor: 'open', 'moderated' or 'closed'. No row reads as
-- 'moderated' (what a municipal editor expects: nothing appears on the
-- city's pages before someone read it).
CREATE TABLE reply_policies (
    actor_id INTEGER PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    policy   TEXT NOT NULL
);

-- Authors an actor's editors blocked from its conversations: their
-- replies to its practices are dropped on receipt.
CREATE TABLE reply_blocks (
    actor_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    blocked_at INTEGER NOT NULL,
    PRIMARY KEY (actor_id, author_id)
);
