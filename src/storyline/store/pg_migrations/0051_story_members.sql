-- storyline schema, version 51, PostgreSQL (see ../migrations/0051_story_members.sql):
-- each story's members counted by (thread, publication date, source), kept by a
-- trigger function on `assignments` (an upsert that moves an article fires its
-- UPDATE branch) and one on `articles` (a re-dated or re-sourced article).
CREATE TABLE IF NOT EXISTS story_members (
    story_id  TEXT COLLATE "C" NOT NULL,
    thread_id TEXT COLLATE "C" NOT NULL,
    published TEXT COLLATE "C" NOT NULL,
    source    TEXT COLLATE "C" NOT NULL,
    articles  INTEGER NOT NULL,
    PRIMARY KEY (story_id, thread_id, published, source)
);

DELETE FROM story_members;
INSERT INTO story_members (story_id, thread_id, published, source, articles)
    SELECT m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, ''), COUNT(*)
    FROM assignments m JOIN articles a ON a.id = m.article_id
    GROUP BY m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, '');

CREATE OR REPLACE FUNCTION storyline_story_members() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE story_members SET articles = story_members.articles - 1
            WHERE (story_id, thread_id, published, source) = (
                SELECT OLD.story_id, OLD.thread_id, COALESCE(published, ''), COALESCE(source, '')
                FROM articles WHERE id = OLD.article_id);
        DELETE FROM story_members WHERE articles <= 0 AND story_id = OLD.story_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO story_members (story_id, thread_id, published, source, articles)
            SELECT NEW.story_id, NEW.thread_id, COALESCE(published, ''), COALESCE(source, ''), 1
            FROM articles WHERE id = NEW.article_id
            ON CONFLICT (story_id, thread_id, published, source)
            DO UPDATE SET articles = story_members.articles + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_members_assignments ON assignments;
CREATE TRIGGER story_members_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION storyline_story_members();

CREATE OR REPLACE FUNCTION storyline_story_members_redate() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.published IS DISTINCT FROM NEW.published OR OLD.source IS DISTINCT FROM NEW.source THEN
        UPDATE story_members SET articles = story_members.articles - 1
            WHERE published = COALESCE(OLD.published, '') AND source = COALESCE(OLD.source, '')
              AND (story_id, thread_id) IN (SELECT story_id, thread_id FROM assignments WHERE article_id = OLD.id);
        DELETE FROM story_members WHERE articles <= 0
            AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
        INSERT INTO story_members (story_id, thread_id, published, source, articles)
            SELECT story_id, thread_id, COALESCE(NEW.published, ''), COALESCE(NEW.source, ''), 1
            FROM assignments WHERE article_id = NEW.id
            ON CONFLICT (story_id, thread_id, published, source)
            DO UPDATE SET articles = story_members.articles + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_members_articles ON articles;
CREATE TRIGGER story_members_articles AFTER UPDATE OF published, source ON articles
    FOR EACH ROW EXECUTE FUNCTION storyline_story_members_redate();
