-- Language-aware search (PostgreSQL). Keep in lockstep with migrations/sqlite.
-- The tsvector now holds analysed terms (ecities_core::analysis:
-- normalised words, stems tagged with their language, bigrams of unspaced
-- scripts) under the 'simple' configuration, title weighted A and summary
-- B. Which version of that analysis the index was written with is kept
-- here; after the migrations the store re-indexes every practice whose
-- text was analysed by an older version (0: before analysis existed),
-- then records the new one.
CREATE TABLE search_analysis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO search_analysis (id, version) VALUES (1, 0);
