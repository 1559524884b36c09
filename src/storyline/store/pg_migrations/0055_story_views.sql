-- storyline schema, version 55, PostgreSQL (see ../migrations/0055_story_views.sql):
-- the web's built story page per story, keyed by the story's and the code's version.
CREATE TABLE IF NOT EXISTS story_views (
    story_id TEXT COLLATE "C" PRIMARY KEY,
    version  TEXT NOT NULL,
    data     BYTEA NOT NULL
);
