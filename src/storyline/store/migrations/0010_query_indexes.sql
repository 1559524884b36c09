-- storyline schema, version 10: indexes for the read side (`storyline/query/`).
-- Numbered 10 so the write side's migrations (0003+) come first; each index is
-- IF NOT EXISTS, so the order they land in does not matter.
--
-- An article by its URL; articles newest first and the activity window.
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
-- Story sizes and thread counts come from the assignments alone (covering).
CREATE INDEX IF NOT EXISTS assignments_story_thread ON assignments(story_id, thread_id);
-- Stories by recency, entities by mentions: the sort keys of the JSON documents.
CREATE INDEX IF NOT EXISTS stories_last_published ON stories(json_extract(data, '$.last_published'));
CREATE INDEX IF NOT EXISTS entities_mentions ON entities(json_extract(data, '$.mention_count'));
