-- storyline schema, version 47: the stories grouping touched and the story stage has
-- not built since, one row each (were 'pipeline/unbuilt-story/ID' keys in `state`).
-- Written in the grouping's transaction, deleted once the story is built, so a run
-- killed in between leaves them to the next run.
CREATE TABLE IF NOT EXISTS unbuilt_stories (
    story_id TEXT PRIMARY KEY
);
INSERT INTO unbuilt_stories (story_id)
    SELECT substr(key, 24) FROM state
    WHERE key >= 'pipeline/unbuilt-story/' AND key < 'pipeline/unbuilt-story0';
DELETE FROM state WHERE key >= 'pipeline/unbuilt-story/' AND key < 'pipeline/unbuilt-story0';
