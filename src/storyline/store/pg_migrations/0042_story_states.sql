-- storyline schema, version 42, PostgreSQL (see ../migrations/0042_story_states.sql):
-- a big story's fold state, so a new process extends the story instead of rebuilding it.
CREATE TABLE IF NOT EXISTS story_states (
    story_id TEXT COLLATE "C" PRIMARY KEY,
    format   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    data     BYTEA NOT NULL
);
