-- storyline schema, version 57, PostgreSQL (see ../migrations/0057_search_terms.sql).
-- SQLite's search scores its hits from per-lemma postings beside FTS5. PostgreSQL
-- needs no such table: the tsvector holds each lemma's positions and
-- `search_lexemes`/`search_totals` (0050) hold the counts BM25 needs, so its
-- ranking reads the GIN index's hits directly (`store/pg_search.py`). This version
-- only keeps both schemas' numbers in step.
SELECT 1;
