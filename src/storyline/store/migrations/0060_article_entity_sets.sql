-- storyline schema, version 60: each article's entities as one row, for a search's
-- entity facet (`web/search.py`).
--
-- The facet counts the entities of a search's 200 best hits. As one aggregate over
-- `article_entities` (0045) it read ~4,300 rows and grouped them in a temporary
-- B-tree: ~2 ms, a fifth of a search at 100k (bsnlp-ru replayed, «суд»). Here the
-- 200 rows are read by their keys and counted in Python. `ids` are the article's
-- entity ids joined by char(31) (a character no id holds), '' for none; triggers on
-- `article_entities` keep the row when an entity is added to or taken off the
-- article (a changed mention count leaves the set as it is).
CREATE TABLE IF NOT EXISTS article_entity_sets (
    seq INTEGER PRIMARY KEY,
    ids TEXT NOT NULL
);
INSERT OR REPLACE INTO article_entity_sets (seq, ids)
    SELECT seq, group_concat(entity_id, char(31)) FROM article_entities GROUP BY seq;
CREATE TRIGGER IF NOT EXISTS article_entity_sets_add AFTER INSERT ON article_entities
BEGIN
    INSERT OR REPLACE INTO article_entity_sets (seq, ids)
        SELECT NEW.seq, COALESCE(group_concat(entity_id, char(31)), '') FROM article_entities WHERE seq = NEW.seq;
END;
CREATE TRIGGER IF NOT EXISTS article_entity_sets_drop AFTER DELETE ON article_entities
BEGIN
    INSERT OR REPLACE INTO article_entity_sets (seq, ids)
        SELECT OLD.seq, COALESCE(group_concat(entity_id, char(31)), '') FROM article_entities WHERE seq = OLD.seq;
END;
CREATE TRIGGER IF NOT EXISTS article_entity_sets_move AFTER UPDATE OF seq, entity_id ON article_entities
BEGIN
    INSERT OR REPLACE INTO article_entity_sets (seq, ids)
        SELECT OLD.seq, COALESCE(group_concat(entity_id, char(31)), '') FROM article_entities WHERE seq = OLD.seq;
    INSERT OR REPLACE INTO article_entity_sets (seq, ids)
        SELECT NEW.seq, COALESCE(group_concat(entity_id, char(31)), '') FROM article_entities WHERE seq = NEW.seq;
END;
