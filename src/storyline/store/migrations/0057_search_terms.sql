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
CREATE TABLE IF NOT EXISTS search_terms (
    term TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    tf   INTEGER NOT NULL,
    dl   INTEGER NOT NULL,
    PRIMARY KEY (term, seq)
) WITHOUT ROWID;
