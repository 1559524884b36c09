-- storyline schema, version 40: every story's article count as an indexed row,
-- for the read side's "largest first" lists (`query/reader.py`, `web/catalog.py`).
--
-- Counting the assignments per story on each request (a GROUP BY over the
-- covering index) cost ~90 ms at 100k articles, and more under load, for every
-- size-sorted or activity-sorted page; the index below gives the page's ids in
-- its order, at any size. Kept by triggers, as `story_entities` is (0010), so
-- every writer keeps it without knowing of it. `INSERT OR REPLACE INTO
-- assignments` (the store's way to move an article) deletes the old row without
-- firing a delete trigger (recursive triggers are off), so the BEFORE INSERT
-- trigger takes the old row's article off its story first. Upserts and plain
-- triggers only: PostgreSQL mirrors them with trigger functions.
CREATE TABLE IF NOT EXISTS story_sizes (
    story_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_sizes_articles ON story_sizes(articles, story_id);

INSERT OR REPLACE INTO story_sizes (story_id, articles)
    SELECT story_id, COUNT(*) FROM assignments GROUP BY story_id;

CREATE TRIGGER IF NOT EXISTS story_sizes_before_insert BEFORE INSERT ON assignments
BEGIN
    UPDATE story_sizes SET articles = articles - 1
        WHERE story_id = (SELECT story_id FROM assignments WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER IF NOT EXISTS story_sizes_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO story_sizes (story_id, articles) VALUES (NEW.story_id, 1)
        ON CONFLICT (story_id) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_sizes_delete AFTER DELETE ON assignments
BEGIN
    UPDATE story_sizes SET articles = articles - 1 WHERE story_id = OLD.story_id;
END;
CREATE TRIGGER IF NOT EXISTS story_sizes_update AFTER UPDATE OF story_id ON assignments
BEGIN
    UPDATE story_sizes SET articles = articles - 1 WHERE story_id = OLD.story_id;
    INSERT INTO story_sizes (story_id, articles) VALUES (NEW.story_id, 1)
        ON CONFLICT (story_id) DO UPDATE SET articles = articles + 1;
END;
