-- storyline schema, version 57, PostgreSQL (see ../migrations/0057_search_postings.sql):
-- each lexeme's postings beside the tsvectors, so a search scores its hits from one
-- B-tree range (`store/pg_search.py`'s `posting_scored`).
--
-- A hit's BM25 read its tsvector: the GIN index found it, then its whole vector was
-- read back from TOAST (several KB compressed), filtered to the query's lexemes
-- and unnested (~52 ms inside PostgreSQL for a search at 10k bsnlp-ru replayed).
-- A row here holds what that read: the lexeme, the article's seq, its number of
-- positions (`tf`, at most 256 as a tsvector keeps) and the article's length in
-- lemmas. Kept by a trigger on `search` from the stored tsvector, so the counts
-- are the vector's own.
CREATE TABLE IF NOT EXISTS search_postings (
    term TEXT COLLATE "C" NOT NULL,
    seq  BIGINT NOT NULL,
    tf   INTEGER NOT NULL,
    dl   INTEGER NOT NULL,
    PRIMARY KEY (term, seq)
);
INSERT INTO search_postings (term, seq, tf, dl)
    SELECT u.lexeme, s.seq, COALESCE(array_length(u.positions, 1), 1), s.tokens FROM search s, unnest(s.terms) AS u
    ON CONFLICT (term, seq) DO NOTHING;
CREATE OR REPLACE FUNCTION storyline_search_postings() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM search_postings WHERE term = ANY (tsvector_to_array(OLD.terms)) AND seq = OLD.seq;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_postings (term, seq, tf, dl)
            SELECT u.lexeme, NEW.seq, COALESCE(array_length(u.positions, 1), 1), NEW.tokens FROM unnest(NEW.terms) AS u
            ON CONFLICT (term, seq) DO UPDATE SET tf = EXCLUDED.tf, dl = EXCLUDED.dl;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS search_postings_rows ON search;
CREATE TRIGGER search_postings_rows AFTER INSERT OR UPDATE OR DELETE ON search
    FOR EACH ROW EXECUTE FUNCTION storyline_search_postings();
