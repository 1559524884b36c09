-- storyline schema, version 3: the runtime of one writer among many readers.

-- The writer lease: at most one row. A writer holds it while it works and renews
-- `heartbeat_at` / `expires_at`; another writer waits for it, and takes it over
-- only once `expires_at` (unix seconds) has passed, i.e. its holder died.
CREATE TABLE writer_lease (
    slot         INTEGER PRIMARY KEY CHECK (slot = 1),
    token        TEXT NOT NULL,
    owner        TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    acquired_at  REAL NOT NULL,
    heartbeat_at REAL NOT NULL,
    expires_at   REAL NOT NULL
);

-- Id counters (threads, stories, corpus entities): the last number handed out,
-- advanced inside the writer's transaction, so two processes never issue one id twice.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- Carried over from the grouping state of earlier versions ('next_*' was the next one to issue).
INSERT INTO counters (name, value)
    SELECT 'thread', json_extract(CAST(value AS TEXT), '$.next_thread') - 1 FROM state WHERE key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'story', json_extract(CAST(value AS TEXT), '$.next_story') - 1 FROM state WHERE key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'entity', json_extract(CAST(value AS TEXT), '$.next_entity') - 1 FROM state WHERE key = 'group.meta';

-- Per-item failures: an exception in one stage for one article (or one story, for
-- the story stage) is recorded here and the run goes on. `code_version` says which
-- storyline and annotator failed; a run of another version retries the item.
CREATE TABLE failures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    stage        TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    error_type   TEXT NOT NULL,
    message      TEXT NOT NULL,
    code_version TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 1,
    at           TEXT NOT NULL,
    UNIQUE (stage, item_id)
);

-- Input ids of exact duplicates: an input whose text was already stored under
-- another id resolves to the article kept.
CREATE TABLE article_aliases (
    alias_id   TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    input      TEXT NOT NULL
);
CREATE INDEX article_aliases_article ON article_aliases(article_id);
