-- Language-aware search (SQLite). Keep in lockstep with migrations/postgres.
-- The full-text index now holds analysed terms (ecities_core::analysis:
-- normalised words, stems tagged with their language, bigrams of unspaced
-- scripts), written by the store. Which version of that analysis the
-- index was written with is kept here; after the migrations the store
-- re-indexes every practice whose text was analysed by an older version
-- (0: before analysis existed), then records the new one.
CREATE TABLE search_analysis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_analysis (id, version) VALUES (1, 0);
