-- storyline schema, version 10: indexes for the read side (`storyline/query/`).
-- Numbered 10 so the write side's migrations (0003+) come first; each index is
-- IF NOT EXISTS, so the order they land in does not matter.
--
-- An article by its URL; articles newest first and the activity window.
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published, seq);
-- Story sizes and thread counts come from the assignments alone (covering).
CREATE INDEX IF NOT EXISTS assignments_story_thread ON assignments(story_id, thread_id);
-- Stories by recency, entities by mentions: the sort keys of the JSON documents.
CREATE INDEX IF NOT EXISTS stories_last_published ON stories(json_extract(data, '$.last_published'), id);
CREATE INDEX IF NOT EXISTS entities_mentions ON entities(json_extract(data, '$.mention_count'), id);

-- The stories an entity takes part in, as rows: a story document lists its
-- entity ids, and reading them back with json_each would parse every story.
-- Kept by triggers, so every writer keeps it without knowing of it; measured
-- cost (benchmarks/query_read.py): a skeleton write of bsnlp-ru Brexit's story
-- record (170 KB, 294 entities) takes 0.66 ms instead of 0.35. An INSERT OR
-- REPLACE fires only the insert trigger (recursive triggers are off), which
-- therefore clears first.
CREATE TABLE IF NOT EXISTS story_entities (
    entity_id TEXT NOT NULL,
    story_id  TEXT NOT NULL,
    PRIMARY KEY (entity_id, story_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_entities_story ON story_entities(story_id);
INSERT OR IGNORE INTO story_entities (entity_id, story_id)
    SELECT j.value, s.id FROM stories s, json_each(s.data, '$.entity_ids') j;
CREATE TRIGGER IF NOT EXISTS story_entities_insert AFTER INSERT ON stories
BEGIN
    DELETE FROM story_entities WHERE story_id = NEW.id;
    INSERT OR IGNORE INTO story_entities (entity_id, story_id)
        SELECT value, NEW.id FROM json_each(NEW.data, '$.entity_ids');
END;
CREATE TRIGGER IF NOT EXISTS story_entities_update AFTER UPDATE OF id, data ON stories
BEGIN
    DELETE FROM story_entities WHERE story_id = OLD.id;
    INSERT OR IGNORE INTO story_entities (entity_id, story_id)
        SELECT value, NEW.id FROM json_each(NEW.data, '$.entity_ids');
END;
CREATE TRIGGER IF NOT EXISTS story_entities_delete AFTER DELETE ON stories
BEGIN
    DELETE FROM story_entities WHERE story_id = OLD.id;
END;
