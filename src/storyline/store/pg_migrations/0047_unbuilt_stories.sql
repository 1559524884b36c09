-- storyline schema, version 47, PostgreSQL (see ../migrations/0047_unbuilt_stories.sql).
CREATE TABLE IF NOT EXISTS unbuilt_stories (
    story_id TEXT COLLATE "C" PRIMARY KEY
);
INSERT INTO unbuilt_stories (story_id)
    SELECT substr(key, 24) FROM state
    WHERE key >= 'pipeline/unbuilt-story/' AND key < 'pipeline/unbuilt-story0';
DELETE FROM state WHERE key >= 'pipeline/unbuilt-story/' AND key < 'pipeline/unbuilt-story0';
