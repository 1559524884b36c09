-- storyline schema, version 85, PostgreSQL (see ../migrations/0085_search_postings_covering.sql):
-- the postings' primary key carries each posting's count and its article's length
-- (`INCLUDE (tf, dl)`), so a search's scoring range (`store/pg_search.py`'s
-- `posting_scored`) is an index-only scan instead of one heap visit per posting.
--
-- The rows of `search_postings` are written article by article, so one term's
-- postings lie on as many heap pages as it has hits: at 100k (bsnlp-ru replayed) the
-- range of «суд»'s first batch (299 postings) took 14.3 ms of a 34 ms statement in
-- its heap visits, and 0.1 ms as an index-only scan (EXPLAIN ANALYZE, session 17). One
-- index still (no second copy of the keys to write per posting); its pages grow by
-- the two integers.
ALTER TABLE search_postings
    DROP CONSTRAINT IF EXISTS search_postings_pkey,
    ADD CONSTRAINT search_postings_pkey PRIMARY KEY (term, seq) INCLUDE (tf, dl);
