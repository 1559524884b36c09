-- storyline schema, version 50, PostgreSQL (see ../migrations/0050_search_blocks.sql):
-- each block of 1,024 seqs with its newest publication, kept by a trigger on
-- `articles`, and what the BM25 ranking of store/pg_search.py read with a scan
-- on every search: each lemma's document count (`search_lexemes`) and the index's
-- size and total length (`search_totals`, one row), kept by a trigger on
-- `search`. FTS5 keeps the same numbers inside its index.
--
-- Measured at 10k (bsnlp-ru replayed): a search's ranking counted each query
-- lemma's documents with a GIN scan and the documents and their average length
-- with a sequential scan of `search` (p50 461 ms against SQLite's 3.4 ms).
CREATE TABLE IF NOT EXISTS search_blocks (
    block  BIGINT PRIMARY KEY,
    newest TEXT COLLATE "C" NOT NULL
);
INSERT INTO search_blocks (block, newest)
    SELECT seq / 1024, MAX(COALESCE(published, substr(ingested_at, 1, 10))) FROM articles GROUP BY seq / 1024
    ON CONFLICT (block) DO UPDATE SET newest = GREATEST(search_blocks.newest, EXCLUDED.newest);
CREATE OR REPLACE FUNCTION storyline_search_blocks() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_blocks (block, newest) VALUES (NEW.seq / 1024, COALESCE(NEW.published, substr(NEW.ingested_at, 1, 10)))
        ON CONFLICT (block) DO UPDATE SET newest = GREATEST(search_blocks.newest, EXCLUDED.newest);
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS search_blocks_article ON articles;
CREATE TRIGGER search_blocks_article AFTER INSERT OR UPDATE OF published ON articles
    FOR EACH ROW EXECUTE FUNCTION storyline_search_blocks();

-- One row per lemma in the index: how many documents hold it (BM25's document
-- frequency). A document counts each of its lemmas once.
CREATE TABLE IF NOT EXISTS search_lexemes (
    lexeme TEXT COLLATE "C" PRIMARY KEY,
    docs   BIGINT NOT NULL
);
-- The index's document count and total length in lemmas (BM25's N and, divided,
-- the average document length); `id` is always 1.
CREATE TABLE IF NOT EXISTS search_totals (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    docs   BIGINT NOT NULL,
    tokens BIGINT NOT NULL
);
DELETE FROM search_lexemes;
INSERT INTO search_lexemes (lexeme, docs)
    SELECT lexeme, COUNT(*) FROM search, unnest(tsvector_to_array(terms)) AS lexeme GROUP BY lexeme;
INSERT INTO search_totals (id, docs, tokens)
    SELECT 1, COUNT(*), COALESCE(SUM(tokens), 0) FROM search
    ON CONFLICT (id) DO UPDATE SET docs = EXCLUDED.docs, tokens = EXCLUDED.tokens;
-- An upsert of a search row fires UPDATE: the old row's lemmas are taken off and
-- the new row's counted. Lemmas counted down to zero are dropped.
CREATE OR REPLACE FUNCTION storyline_search_lexemes() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE search_lexemes SET docs = search_lexemes.docs - 1
            WHERE lexeme = ANY (tsvector_to_array(OLD.terms));
        DELETE FROM search_lexemes WHERE lexeme = ANY (tsvector_to_array(OLD.terms)) AND docs <= 0;
        UPDATE search_totals SET docs = docs - 1, tokens = tokens - OLD.tokens WHERE id = 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_lexemes (lexeme, docs)
            SELECT lexeme, 1 FROM unnest(tsvector_to_array(NEW.terms)) AS lexeme
            ON CONFLICT (lexeme) DO UPDATE SET docs = search_lexemes.docs + 1;
        INSERT INTO search_totals (id, docs, tokens) VALUES (1, 1, NEW.tokens)
            ON CONFLICT (id) DO UPDATE SET docs = search_totals.docs + 1,
                tokens = search_totals.tokens + EXCLUDED.tokens;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS search_lexemes_rows ON search;
CREATE TRIGGER search_lexemes_rows AFTER INSERT OR UPDATE OR DELETE ON search
    FOR EACH ROW EXECUTE FUNCTION storyline_search_lexemes();
