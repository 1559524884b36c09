-- storyline schema, version 63: the story list's source and `updated_since`
-- filters read small per-story tables instead of joining articles to their
-- assignments (`web/catalog.py`).
--
-- Measured at 100k articles (bsnlp-ru replayed, benchmarks/story_filters.py): a
-- source filter ran `story_id IN (articles of the source JOIN assignments)`, one
-- assignment look-up per article of the source (60 ms of CPU for the largest
-- source, 36,960 articles); `story_members` (0051) already holds each story's
-- sources, and this index makes the filter one range of it. `updated_since`
-- joined every article ingested since the moment to its assignment (78 ms when
-- the moment precedes the store); `story_ingests` counts each story's members by
-- the moment they were ingested, as `story_members` counts them by date and
-- source, so the filter is one range of its index.
--
-- Kept by triggers, as `story_members` is: an assignment added, moved (to another
-- story) or removed moves its article's count, and an article whose ingest moment
-- changes moves its counts. `INSERT OR REPLACE INTO assignments` deletes the old
-- row without a delete trigger (recursive triggers are off): the BEFORE INSERT
-- trigger takes the replaced assignment off first. Rows counted down to zero are
-- dropped.
CREATE INDEX IF NOT EXISTS story_members_source ON story_members(source, story_id);

CREATE TABLE IF NOT EXISTS story_ingests (
    story_id    TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (story_id, ingested_at)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_ingests_moment ON story_ingests(ingested_at, story_id);

DELETE FROM story_ingests;
INSERT INTO story_ingests (story_id, ingested_at, articles)
    SELECT m.story_id, a.ingested_at, COUNT(*)
    FROM assignments m JOIN articles a ON a.id = m.article_id
    GROUP BY m.story_id, a.ingested_at;

CREATE TRIGGER IF NOT EXISTS story_ingests_before_assign BEFORE INSERT ON assignments
WHEN EXISTS (SELECT 1 FROM assignments WHERE article_id = NEW.article_id)
BEGIN
    UPDATE story_ingests SET articles = articles - 1
        WHERE (story_id, ingested_at) = (
            SELECT m.story_id, a.ingested_at
            FROM assignments m JOIN articles a ON a.id = m.article_id WHERE m.article_id = NEW.article_id);
    DELETE FROM story_ingests WHERE articles <= 0
        AND story_id = (SELECT story_id FROM assignments WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER IF NOT EXISTS story_ingests_assign AFTER INSERT ON assignments
BEGIN
    INSERT INTO story_ingests (story_id, ingested_at, articles)
        SELECT NEW.story_id, ingested_at, 1 FROM articles WHERE id = NEW.article_id
        ON CONFLICT (story_id, ingested_at) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_ingests_unassign AFTER DELETE ON assignments
BEGIN
    UPDATE story_ingests SET articles = articles - 1
        WHERE (story_id, ingested_at) = (SELECT OLD.story_id, ingested_at FROM articles WHERE id = OLD.article_id);
    DELETE FROM story_ingests WHERE articles <= 0 AND story_id = OLD.story_id;
END;
CREATE TRIGGER IF NOT EXISTS story_ingests_reassign AFTER UPDATE OF story_id ON assignments
BEGIN
    UPDATE story_ingests SET articles = articles - 1
        WHERE (story_id, ingested_at) = (SELECT OLD.story_id, ingested_at FROM articles WHERE id = OLD.article_id);
    DELETE FROM story_ingests WHERE articles <= 0 AND story_id = OLD.story_id;
    INSERT INTO story_ingests (story_id, ingested_at, articles)
        SELECT NEW.story_id, ingested_at, 1 FROM articles WHERE id = NEW.article_id
        ON CONFLICT (story_id, ingested_at) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_ingests_reingest AFTER UPDATE OF ingested_at ON articles
BEGIN
    UPDATE story_ingests SET articles = articles - 1
        WHERE ingested_at = OLD.ingested_at
          AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
    DELETE FROM story_ingests WHERE articles <= 0
        AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
    INSERT INTO story_ingests (story_id, ingested_at, articles)
        SELECT story_id, NEW.ingested_at, 1 FROM assignments WHERE article_id = NEW.id
        ON CONFLICT (story_id, ingested_at) DO UPDATE SET articles = articles + 1;
END;
