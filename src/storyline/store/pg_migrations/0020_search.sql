-- storyline schema, version 20, PostgreSQL (see ../migrations/0020_search.sql).
-- The full-text index: one row per annotated article, `seq` its article's seq and
-- `lemmas` its tokens' lemmas in text order, as in SQLite. `terms` is their
-- tsvector in the `simple` configuration (the text is lemmatised already: no
-- stemming, no stop words), with a GIN index for the match.
CREATE TABLE IF NOT EXISTS search (
    seq    BIGINT PRIMARY KEY,
    lemmas TEXT NOT NULL,
    terms  TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED
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
