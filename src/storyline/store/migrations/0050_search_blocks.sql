-- storyline schema, version 50: the newest publication of each block of 1,024
-- article seqs, so a search ranks the best hits without scoring every hit
-- (`web/search_rank.py`).
--
-- A search orders its hits by BM25 damped by age (web/search.py). Scoring every
-- hit of a common word ("суд": 29,414 of 100k replayed bsnlp-ru articles) cost
-- FTS5 25 ms per query. With a block's newest date, a block's best possible
-- score is known before it is read (the query's largest BM25 over the block's
-- least damping), so the blocks are scored newest first and the rest are
-- skipped once they cannot reach the results: the same top hits, from the few
-- blocks that can hold them. `newest` is an upper bound, not an exact maximum:
-- a deleted or re-dated article leaves it as it was, which only means a block
-- is read when it need not be. An article without a publication date is damped
-- by the day it was stored (the search counts its age from then too).
CREATE TABLE IF NOT EXISTS search_blocks (
    block  INTEGER PRIMARY KEY,
    newest TEXT NOT NULL
);
INSERT OR REPLACE INTO search_blocks (block, newest)
    SELECT seq / 1024, MAX(COALESCE(published, substr(ingested_at, 1, 10))) FROM articles GROUP BY seq / 1024;
CREATE TRIGGER IF NOT EXISTS search_blocks_article AFTER INSERT ON articles
BEGIN
    INSERT INTO search_blocks (block, newest) VALUES (NEW.seq / 1024, COALESCE(NEW.published, substr(NEW.ingested_at, 1, 10)))
        ON CONFLICT (block) DO UPDATE SET newest = MAX(newest, excluded.newest);
END;
CREATE TRIGGER IF NOT EXISTS search_blocks_redate AFTER UPDATE OF published ON articles
BEGIN
    INSERT INTO search_blocks (block, newest) VALUES (NEW.seq / 1024, COALESCE(NEW.published, substr(NEW.ingested_at, 1, 10)))
        ON CONFLICT (block) DO UPDATE SET newest = MAX(newest, excluded.newest);
END;
