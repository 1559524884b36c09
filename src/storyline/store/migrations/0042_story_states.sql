-- storyline schema, version 42: the story stage's fold state of a big story, kept so
-- that a new process extends the story instead of rebuilding it from every article
-- (the 2,000-article bsnlp Brexit story: 7.9 s of CPU on a quiet machine). One row
-- per story: `format` names the code that wrote it (a state from other code is not
-- used), `articles` how many articles it has folded, `data` the state itself
-- (`story/snapshot.py`). Rewritten only every few dozen articles; a reader of the
-- story never looks at it.
CREATE TABLE IF NOT EXISTS story_states (
    story_id TEXT PRIMARY KEY,
    format   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    data     BLOB NOT NULL
);
