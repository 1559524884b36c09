-- storyline schema, version 30: the feed watcher (`storyline watch`, `storyline sources`).
-- IF NOT EXISTS, like 0010 and 0020: a database put back to an older version re-runs it.

-- One row per watched source, as listed in the sources file. `feed_url` is the feed
-- actually polled (the listed URL itself, or the feed discovered on that page);
-- `etag` / `last_modified` are the validators of its last 200 answer, sent back as
-- If-None-Match / If-Modified-Since. Times are unix seconds; `interval_s` is the
-- adaptive polling interval, `failures` the consecutive failed polls.
CREATE TABLE IF NOT EXISTS watch_sources (
    url           TEXT PRIMARY KEY,
    feed_url      TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_poll     REAL,
    next_poll     REAL,
    interval_s    REAL NOT NULL,
    status        TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0,
    entries       INTEGER NOT NULL DEFAULT 0
);

-- Feed entries already handled, so a restart fetches none of them again. `entry_key`
-- is the entry's id (else its link); `fingerprint` changes when the feed says the
-- entry changed (its updated date, title or text), which triggers one refetch of its
-- page; `article_id` is what it became (NULL: it was rejected, see rejections).
CREATE TABLE IF NOT EXISTS watch_seen (
    source_url  TEXT NOT NULL,
    entry_key   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    article_id  TEXT,
    seen_at     REAL NOT NULL,
    PRIMARY KEY (source_url, entry_key)
);

-- Earlier versions of edited articles: the row `articles` held before an edit
-- replaced its text. Version 1 is the text first stored; the current text is the
-- article itself (version = count of rows here + 1).
CREATE TABLE IF NOT EXISTS article_versions (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    version      INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL,
    published    TEXT,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);
