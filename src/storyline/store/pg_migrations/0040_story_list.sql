-- storyline schema, version 40, PostgreSQL (see ../migrations/0040_story_list.sql):
-- every story's list row (article count, title, first and last publication),
-- kept by trigger functions. Here the store moves an article with an upsert
-- (INSERT ... ON CONFLICT DO UPDATE), which fires the UPDATE triggers, not a
-- delete and an insert as SQLite's INSERT OR REPLACE does: an insert adds one to
-- its story, an update moves one from the old story to the new, a delete takes
-- one off.
CREATE TABLE IF NOT EXISTS story_list (
    story_id        TEXT COLLATE "C" PRIMARY KEY,
    articles        INTEGER NOT NULL DEFAULT 0,
    title           TEXT,
    first_published TEXT,
    last_published  TEXT
);
CREATE INDEX IF NOT EXISTS story_list_articles ON story_list(articles, story_id);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_id_dates ON articles(id, published, source);

INSERT INTO story_list (story_id, articles, title, first_published, last_published)
    SELECT s.id, COALESCE(z.n, 0), s.data::jsonb ->> 'title', s.data::jsonb ->> 'first_published',
           s.data::jsonb ->> 'last_published'
    FROM stories s LEFT JOIN (SELECT story_id, COUNT(*) AS n FROM assignments GROUP BY story_id) z
        ON z.story_id = s.id
    ON CONFLICT (story_id) DO UPDATE SET articles = EXCLUDED.articles, title = EXCLUDED.title,
        first_published = EXCLUDED.first_published, last_published = EXCLUDED.last_published;

CREATE OR REPLACE FUNCTION storyline_story_list_count() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE story_list SET articles = story_list.articles - 1 WHERE story_id = OLD.story_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO story_list (story_id, articles) VALUES (NEW.story_id, 1)
            ON CONFLICT (story_id) DO UPDATE SET articles = story_list.articles + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_list_count ON assignments;
CREATE TRIGGER story_list_count AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION storyline_story_list_count();

CREATE OR REPLACE FUNCTION storyline_story_list_story() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO story_list (story_id, title, first_published, last_published)
        VALUES (NEW.id, NEW.data::jsonb ->> 'title', NEW.data::jsonb ->> 'first_published',
                NEW.data::jsonb ->> 'last_published')
        ON CONFLICT (story_id) DO UPDATE SET title = EXCLUDED.title,
            first_published = EXCLUDED.first_published, last_published = EXCLUDED.last_published;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_list_story ON stories;
CREATE TRIGGER story_list_story AFTER INSERT OR UPDATE OF data ON stories
    FOR EACH ROW EXECUTE FUNCTION storyline_story_list_story();
