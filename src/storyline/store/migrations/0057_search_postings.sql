-- storyline schema, version 57: each lemma's postings beside the FTS5 index, so a
-- search scores its hits from one B-tree range (`store/search_postings.py`).
--
-- One row per (lemma, article): the lemma as FTS5 stores it, the article's seq, how
-- many times the article holds it and the article's length in lemmas: every number
-- BM25 needs of a hit, in the order a seq range is read. FTS5's bm25() cost ~1.4 µs a
-- hit and ~1 ms a query (it counts each phrase's documents over the whole doclist
-- first) at 100k bsnlp-ru replayed; a range of this table ~0.5 µs a hit, dates
-- joined. The table is filled from FTS5's vocabulary when a store is migrated
-- (`search_postings.fill`, run by `store/opening.py`) and kept by the writer
-- (`search_index.index_article`). About 250 rows an article (~50 bytes each).
CREATE TABLE IF NOT EXISTS search_postings (
    term TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    tf   INTEGER NOT NULL,
    dl   INTEGER NOT NULL,
    PRIMARY KEY (term, seq)
) WITHOUT ROWID;
-- Each article's day number, what a search damps its score by: the proleptic ordinal
-- (`date.toordinal()`) of its publication (a month or a year counts from its first
-- day) or, undated, of the day it was stored; NULL when the date does not parse
-- (never damped). Kept by triggers on the articles. Computing it per hit with
-- julianday() cost ~0.3 µs a hit, as much as reading the hit's posting.
CREATE TABLE IF NOT EXISTS search_days (
    seq INTEGER PRIMARY KEY,
    day INTEGER
);
INSERT OR REPLACE INTO search_days (seq, day)
    SELECT seq, CAST(julianday(substr(COALESCE(published, substr(ingested_at, 1, 10)) || '-01-01', 1, 10)) - 1721424.5 AS INTEGER)
    FROM articles;
CREATE TRIGGER IF NOT EXISTS search_days_article AFTER INSERT ON articles
BEGIN
    INSERT OR REPLACE INTO search_days (seq, day) VALUES (NEW.seq,
        CAST(julianday(substr(COALESCE(NEW.published, substr(NEW.ingested_at, 1, 10)) || '-01-01', 1, 10)) - 1721424.5 AS INTEGER));
END;
CREATE TRIGGER IF NOT EXISTS search_days_redate AFTER UPDATE OF published, ingested_at ON articles
BEGIN
    INSERT OR REPLACE INTO search_days (seq, day) VALUES (NEW.seq,
        CAST(julianday(substr(COALESCE(NEW.published, substr(NEW.ingested_at, 1, 10)) || '-01-01', 1, 10)) - 1721424.5 AS INTEGER));
END;
