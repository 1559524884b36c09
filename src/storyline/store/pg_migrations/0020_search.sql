-- storyline schema, version 20, PostgreSQL (see ../migrations/0020_search.sql).
-- The full-text index: one row per annotated article, `seq` its article's seq and
-- `lemmas` its tokens' lemmas in text order, as in SQLite. `terms` is their
-- tsvector with one lexeme per lemma at its position in the text, built by
-- `storyline_lemma_vector` rather than a text search parser (which would cut
-- "северо_запад" in two): the lemmas are the words FTS5 indexes, so a match, a
-- phrase and the BM25 ranking (store/pg_search.py) count the same tokens.
-- `tokens` is the document length BM25 normalises by. A tsvector keeps at most
-- 256 positions per lexeme, and positions past 16383 as 16383: a term's count in
-- a very long article saturates there.
CREATE OR REPLACE FUNCTION storyline_lemma_vector(lemmas TEXT) RETURNS TSVECTOR
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT COALESCE(string_agg(quote_literal(word) || ':' || LEAST(pos, 16383), ' ')::tsvector, ''::tsvector)
    FROM unnest(string_to_array(NULLIF(lemmas, ''), ' ')) WITH ORDINALITY AS t(word, pos)
$$;
CREATE TABLE IF NOT EXISTS search (
    seq    BIGINT PRIMARY KEY,
    lemmas TEXT NOT NULL,
    terms  TSVECTOR GENERATED ALWAYS AS (storyline_lemma_vector(lemmas)) STORED,
    tokens INTEGER GENERATED ALWAYS AS (COALESCE(array_length(string_to_array(NULLIF(lemmas, ''), ' '), 1), 0)) STORED
);
CREATE INDEX IF NOT EXISTS search_terms ON search USING GIN (terms);
CREATE TABLE IF NOT EXISTS search_spans (
    seq   BIGINT PRIMARY KEY,
    spans TEXT NOT NULL
);
CREATE OR REPLACE VIEW search_entities AS
    SELECT DISTINCT l.entity_id AS entity_id, a.seq AS seq
    FROM entity_links l JOIN articles a ON a.id = l.article_id
    WHERE l.kind = 'mention';
CREATE INDEX IF NOT EXISTS stories_first_published ON stories(((data::jsonb ->> 'first_published')), id);
