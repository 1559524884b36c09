-- storyline schema, version 45: read tables for the web's uncached pages
-- (`web/search.py`, `web/catalog.py`), measured at 100k articles with
-- benchmarks/serve_load.py (bsnlp-ru replayed).
--
-- The entities each article mentions, one row per (article, entity) with the
-- number of mentions. A search's entity facet counted the `search_entities` view
-- (0020: a DISTINCT over every mention link of the 1,000-hit pool, ~0.45 s of a
-- 0.6 s search at 100k); it is now one aggregate over this table's primary key.
-- The entity filter and an entity's recent mentions read its (entity_id, seq)
-- index. Kept by triggers on `entity_links`, as `story_list` is (0040), so every
-- writer keeps it without knowing of it: a link added counts one more mention, a
-- link removed one fewer (the row goes at zero), a link renamed (two entities
-- merged) moves its mention. `INSERT OR REPLACE INTO entity_links` would delete
-- the old row without a delete trigger (recursive triggers are off): the BEFORE
-- INSERT trigger takes the replaced link's mention off first. Cost, measured on
-- bsnlp-ru (`save_entity_links`, CPU): ~0.35 ms more for the median article's 28
-- links, 0.6 -> 2.6 ms for the heaviest (178 links).
CREATE TABLE IF NOT EXISTS article_entities (
    seq       INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (seq, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities(entity_id, seq);

INSERT OR REPLACE INTO article_entities (seq, entity_id, mentions)
    SELECT a.seq, l.entity_id, COUNT(*) FROM entity_links l JOIN articles a ON a.id = l.article_id
    WHERE l.kind = 'mention' GROUP BY a.seq, l.entity_id;

CREATE TRIGGER IF NOT EXISTS article_entities_before_link BEFORE INSERT ON entity_links
WHEN NEW.kind = 'mention' AND EXISTS (
    SELECT 1 FROM entity_links WHERE article_id = NEW.article_id AND kind = NEW.kind AND idx = NEW.idx)
BEGIN
    UPDATE article_entities SET mentions = mentions - 1
        WHERE seq = (SELECT seq FROM articles WHERE id = NEW.article_id)
          AND entity_id = (SELECT entity_id FROM entity_links
                           WHERE article_id = NEW.article_id AND kind = NEW.kind AND idx = NEW.idx);
    DELETE FROM article_entities WHERE seq = (SELECT seq FROM articles WHERE id = NEW.article_id)
        AND mentions <= 0;
END;
CREATE TRIGGER IF NOT EXISTS article_entities_link AFTER INSERT ON entity_links
WHEN NEW.kind = 'mention'
BEGIN
    INSERT INTO article_entities (seq, entity_id, mentions)
        SELECT seq, NEW.entity_id, 1 FROM articles WHERE id = NEW.article_id
        ON CONFLICT (seq, entity_id) DO UPDATE SET mentions = mentions + 1;
END;
CREATE TRIGGER IF NOT EXISTS article_entities_unlink AFTER DELETE ON entity_links
WHEN OLD.kind = 'mention'
BEGIN
    UPDATE article_entities SET mentions = mentions - 1
        WHERE seq = (SELECT seq FROM articles WHERE id = OLD.article_id) AND entity_id = OLD.entity_id;
    DELETE FROM article_entities
        WHERE seq = (SELECT seq FROM articles WHERE id = OLD.article_id) AND entity_id = OLD.entity_id
          AND mentions <= 0;
END;
CREATE TRIGGER IF NOT EXISTS article_entities_relink AFTER UPDATE OF article_id, kind, entity_id ON entity_links
BEGIN
    UPDATE article_entities SET mentions = mentions - 1
        WHERE OLD.kind = 'mention' AND seq = (SELECT seq FROM articles WHERE id = OLD.article_id)
          AND entity_id = OLD.entity_id;
    DELETE FROM article_entities
        WHERE OLD.kind = 'mention' AND seq = (SELECT seq FROM articles WHERE id = OLD.article_id)
          AND entity_id = OLD.entity_id AND mentions <= 0;
    INSERT INTO article_entities (seq, entity_id, mentions)
        SELECT seq, NEW.entity_id, 1 FROM articles WHERE NEW.kind = 'mention' AND id = NEW.article_id
        ON CONFLICT (seq, entity_id) DO UPDATE SET mentions = mentions + 1;
END;

-- The story list as one indexed query on story_list (0040): its three orders and
-- two date bounds are indexes here. A page sorted by recency read the stories'
-- expression index and a size-sorted one joined every story's count. So that a
-- list row is a story, a deleted story's row goes with it (0040 kept it, counting
-- its moved articles down to zero), and a story saved recounts its articles from
-- the covering assignments index (a story's assignments may come before its
-- record; ~0.05 ms for bsnlp-ru's largest story), which also heals any row that
-- missed a count. Rows of stories that no longer exist are dropped here.
DELETE FROM story_list WHERE story_id NOT IN (SELECT id FROM stories);
CREATE INDEX IF NOT EXISTS story_list_recency ON story_list(last_published DESC, story_id);
CREATE INDEX IF NOT EXISTS story_list_size ON story_list(articles DESC, story_id);
CREATE INDEX IF NOT EXISTS story_list_first ON story_list(first_published, story_id);
CREATE TRIGGER IF NOT EXISTS story_list_recount AFTER INSERT ON stories
BEGIN
    INSERT INTO story_list (story_id, articles)
        SELECT NEW.id, COUNT(*) FROM assignments WHERE story_id = NEW.id
        ON CONFLICT (story_id) DO UPDATE SET articles = excluded.articles;
END;
CREATE TRIGGER IF NOT EXISTS story_list_story_delete AFTER DELETE ON stories
BEGIN
    DELETE FROM story_list WHERE story_id = OLD.id;
END;
-- `updated_since`: the stories that got an article ingested since a moment.
CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at, id);
-- A search's pool of 1,000 hits reads each hit's date and source by seq: from this
-- covering index, not from the article rows, where both sit after the text (6 ms
-- of a 49 ms search for "Трамп" at 100k).
CREATE INDEX IF NOT EXISTS articles_seq_dates ON articles(seq, published, source);
