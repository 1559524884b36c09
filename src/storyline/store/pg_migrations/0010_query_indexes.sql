-- storyline schema, version 10, PostgreSQL (see ../migrations/0010_query_indexes.sql).
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published, seq);
CREATE INDEX IF NOT EXISTS assignments_story_thread ON assignments(story_id, thread_id);
-- The JSON sort keys, as the expressions a PostgreSQL reader sorts by.
CREATE INDEX IF NOT EXISTS stories_last_published ON stories(((data::jsonb ->> 'last_published')), id);
CREATE INDEX IF NOT EXISTS entities_mentions ON entities((((data::jsonb ->> 'mention_count'))::bigint), id);

-- The stories an entity takes part in, kept by a trigger as in SQLite.
CREATE TABLE IF NOT EXISTS story_entities (
    entity_id TEXT COLLATE "C" NOT NULL,
    story_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, story_id)
);
CREATE INDEX IF NOT EXISTS story_entities_story ON story_entities(story_id);
INSERT INTO story_entities (entity_id, story_id)
    SELECT j.value, s.id FROM stories s, jsonb_array_elements_text(COALESCE(s.data::jsonb -> 'entity_ids', '[]'::jsonb)) j
    ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION storyline_story_entities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM story_entities WHERE story_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM story_entities WHERE story_id = NEW.id;
        INSERT INTO story_entities (entity_id, story_id)
            SELECT j.value, NEW.id
            FROM jsonb_array_elements_text(COALESCE(NEW.data::jsonb -> 'entity_ids', '[]'::jsonb)) j
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS story_entities_change ON stories;
CREATE TRIGGER story_entities_change AFTER INSERT OR UPDATE OF id, data OR DELETE ON stories
    FOR EACH ROW EXECUTE FUNCTION storyline_story_entities();
