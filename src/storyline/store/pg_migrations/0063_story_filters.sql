-- storyline schema, version 63, PostgreSQL (see ../migrations/0063_story_filters.sql):
-- `story_members` indexed by source, and each story's members counted by the
-- moment they were ingested, kept by a trigger function on `assignments` (an
-- upsert that moves an article fires its UPDATE branch) and one on `articles`.
CREATE INDEX IF NOT EXISTS story_members_source ON story_members(source, story_id);

CREATE TABLE IF NOT EXISTS story_ingests (
    story_id    TEXT COLLATE "C" NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (story_id, ingested_at)
);
CREATE INDEX IF NOT EXISTS story_ingests_moment ON story_ingests(ingested_at, story_id);

DELETE FROM story_ingests;
INSERT INTO story_ingests (story_id, ingested_at, articles)
    SELECT m.story_id, a.ingested_at, COUNT(*)
    FROM assignments m JOIN articles a ON a.id = m.article_id
    GROUP BY m.story_id, a.ingested_at;

CREATE OR REPLACE FUNCTION storyline_story_ingests() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.story_id IS NOT DISTINCT FROM NEW.story_id
       AND OLD.article_id IS NOT DISTINCT FROM NEW.article_id THEN
        RETURN NULL;  -- a thread change: the story's members are the same
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE story_ingests SET articles = story_ingests.articles - 1
            WHERE (story_id, ingested_at) = (
                SELECT OLD.story_id, ingested_at FROM articles WHERE id = OLD.article_id);
        DELETE FROM story_ingests WHERE articles <= 0 AND story_id = OLD.story_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO story_ingests (story_id, ingested_at, articles)
            SELECT NEW.story_id, ingested_at, 1 FROM articles WHERE id = NEW.article_id
            ON CONFLICT (story_id, ingested_at) DO UPDATE SET articles = story_ingests.articles + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_ingests_assignments ON assignments;
CREATE TRIGGER story_ingests_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION storyline_story_ingests();

CREATE OR REPLACE FUNCTION storyline_story_ingests_reingest() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.ingested_at IS DISTINCT FROM NEW.ingested_at THEN
        UPDATE story_ingests SET articles = story_ingests.articles - 1
            WHERE ingested_at = OLD.ingested_at
              AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
        DELETE FROM story_ingests WHERE articles <= 0
            AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
        INSERT INTO story_ingests (story_id, ingested_at, articles)
            SELECT story_id, NEW.ingested_at, 1 FROM assignments WHERE article_id = NEW.id
            ON CONFLICT (story_id, ingested_at) DO UPDATE SET articles = story_ingests.articles + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_ingests_articles ON articles;
CREATE TRIGGER story_ingests_articles AFTER UPDATE OF ingested_at ON articles
    FOR EACH ROW EXECUTE FUNCTION storyline_story_ingests_reingest();
