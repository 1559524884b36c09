-- storyline schema, version 40: every story's list row (article count, title,
-- first and last publication) as a small indexed table, for the read side's
-- story lists (`query/reader.py`, `web/catalog.py`).
--
-- Measured at 100k articles (bsnlp-ru replayed, benchmarks/serve_load.py): a
-- size-sorted page counted every assignment (a GROUP BY, ~90 ms), and reading a
-- page's titles and dates with json_extract parsed each story document (up to
-- 170 KB; 55-110 ms for a page of the largest stories). Both now read this table.
-- Kept by triggers, as `story_entities` is (0010), so every writer keeps it
-- without knowing of it. `INSERT OR REPLACE INTO assignments` (the store's way
-- to move an article) deletes the old row without firing a delete trigger
-- (recursive triggers are off), so the BEFORE INSERT trigger takes the old
-- row's article off its story first. Upserts and plain triggers only:
-- PostgreSQL mirrors them with trigger functions.
CREATE TABLE IF NOT EXISTS story_list (
    story_id        TEXT PRIMARY KEY,
    articles        INTEGER NOT NULL DEFAULT 0,
    title           TEXT,
    first_published TEXT,
    last_published  TEXT
);
CREATE INDEX IF NOT EXISTS story_list_articles ON story_list(articles, story_id);
-- Sources: the story list's filter choices and the source filter.
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
-- A list row's per-story counts (sources, articles per day, recent articles) join
-- a story's assignments to its articles' dates and sources: covered by this
-- index, they never read the article rows, whose texts fill most of the pages.
CREATE INDEX IF NOT EXISTS articles_id_dates ON articles(id, published, source);

INSERT OR REPLACE INTO story_list (story_id, articles, title, first_published, last_published)
    SELECT s.id, COALESCE(z.n, 0), json_extract(s.data, '$.title'), json_extract(s.data, '$.first_published'),
           json_extract(s.data, '$.last_published')
    FROM stories s LEFT JOIN (SELECT story_id, COUNT(*) AS n FROM assignments GROUP BY story_id) z
        ON z.story_id = s.id;

CREATE TRIGGER IF NOT EXISTS story_list_before_assign BEFORE INSERT ON assignments
BEGIN
    UPDATE story_list SET articles = articles - 1
        WHERE story_id = (SELECT story_id FROM assignments WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER IF NOT EXISTS story_list_assign AFTER INSERT ON assignments
BEGIN
    INSERT INTO story_list (story_id, articles) VALUES (NEW.story_id, 1)
        ON CONFLICT (story_id) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_list_unassign AFTER DELETE ON assignments
BEGIN
    UPDATE story_list SET articles = articles - 1 WHERE story_id = OLD.story_id;
END;
CREATE TRIGGER IF NOT EXISTS story_list_reassign AFTER UPDATE OF story_id ON assignments
BEGIN
    UPDATE story_list SET articles = articles - 1 WHERE story_id = OLD.story_id;
    INSERT INTO story_list (story_id, articles) VALUES (NEW.story_id, 1)
        ON CONFLICT (story_id) DO UPDATE SET articles = articles + 1;
END;

CREATE TRIGGER IF NOT EXISTS story_list_story_insert AFTER INSERT ON stories
BEGIN
    INSERT INTO story_list (story_id, title, first_published, last_published)
        VALUES (NEW.id, json_extract(NEW.data, '$.title'), json_extract(NEW.data, '$.first_published'),
                json_extract(NEW.data, '$.last_published'))
        ON CONFLICT (story_id) DO UPDATE SET title = excluded.title,
            first_published = excluded.first_published, last_published = excluded.last_published;
END;
CREATE TRIGGER IF NOT EXISTS story_list_story_update AFTER UPDATE OF data ON stories
BEGIN
    UPDATE story_list SET title = json_extract(NEW.data, '$.title'),
        first_published = json_extract(NEW.data, '$.first_published'),
        last_published = json_extract(NEW.data, '$.last_published')
        WHERE story_id = NEW.id;
END;
