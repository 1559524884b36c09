-- storyline schema, version 45, PostgreSQL (see ../migrations/0045_serve_reads.sql):
-- the entities each article mentions with their mention counts, kept by one
-- trigger function on `entity_links` (an upsert of a link fires its UPDATE
-- branch: the old link's mention moves to the new one), and story_list's dates
-- indexed for the story list, a row per story (dropped with it, recounted
-- when it is saved).
CREATE TABLE IF NOT EXISTS article_entities (
    seq       BIGINT NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (seq, entity_id)
);
CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities(entity_id, seq);

INSERT INTO article_entities (seq, entity_id, mentions)
    SELECT a.seq, l.entity_id, COUNT(*) FROM entity_links l JOIN articles a ON a.id = l.article_id
    WHERE l.kind = 'mention' GROUP BY a.seq, l.entity_id
    ON CONFLICT (seq, entity_id) DO UPDATE SET mentions = EXCLUDED.mentions;

CREATE OR REPLACE FUNCTION storyline_article_entities() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'mention' THEN
        UPDATE article_entities SET mentions = article_entities.mentions - 1
            WHERE seq = (SELECT seq FROM articles WHERE id = OLD.article_id) AND entity_id = OLD.entity_id;
        DELETE FROM article_entities
            WHERE seq = (SELECT seq FROM articles WHERE id = OLD.article_id) AND entity_id = OLD.entity_id
              AND mentions <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'mention' THEN
        INSERT INTO article_entities (seq, entity_id, mentions)
            SELECT seq, NEW.entity_id, 1 FROM articles WHERE id = NEW.article_id
            ON CONFLICT (seq, entity_id) DO UPDATE SET mentions = article_entities.mentions + 1;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS article_entities_links ON entity_links;
CREATE TRIGGER article_entities_links AFTER INSERT OR UPDATE OR DELETE ON entity_links
    FOR EACH ROW EXECUTE FUNCTION storyline_article_entities();

DELETE FROM story_list WHERE story_id NOT IN (SELECT id FROM stories);
CREATE INDEX IF NOT EXISTS story_list_recency ON story_list(last_published DESC NULLS LAST, story_id);
CREATE INDEX IF NOT EXISTS story_list_size ON story_list(articles DESC NULLS LAST, story_id);
CREATE INDEX IF NOT EXISTS story_list_first ON story_list(first_published, story_id);
CREATE OR REPLACE FUNCTION storyline_story_list_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM story_list WHERE story_id = OLD.id;
    ELSE
        INSERT INTO story_list (story_id, articles)
            SELECT NEW.id, COUNT(*) FROM assignments WHERE story_id = NEW.id
            ON CONFLICT (story_id) DO UPDATE SET articles = EXCLUDED.articles;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_list_row ON stories;
CREATE TRIGGER story_list_row AFTER INSERT OR UPDATE OF data OR DELETE ON stories
    FOR EACH ROW EXECUTE FUNCTION storyline_story_list_row();
CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at, id);
-- A search's pool of 1,000 hits reads each hit's date and source by seq: from this
-- covering index, not from the article rows, where both sit after the text (6 ms
-- of a 49 ms search for "Трамп" at 100k).
CREATE INDEX IF NOT EXISTS articles_seq_dates ON articles(seq, published, source);
