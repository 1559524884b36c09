-- storyline schema, version 30, PostgreSQL (see ../migrations/0030_watch.sql): the
-- feed watcher's sources, seen entries and earlier versions of edited articles.
-- Times are unix seconds as DOUBLE PRECISION, where SQLite keeps REAL.
CREATE TABLE IF NOT EXISTS watch_sources (
    url           TEXT COLLATE "C" PRIMARY KEY,
    feed_url      TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_poll     DOUBLE PRECISION,
    next_poll     DOUBLE PRECISION,
    interval_s    DOUBLE PRECISION NOT NULL,
    status        TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0,
    entries       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS watch_seen (
    source_url  TEXT COLLATE "C" NOT NULL,
    entry_key   TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT NOT NULL,
    article_id  TEXT COLLATE "C",
    seen_at     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source_url, entry_key)
);
CREATE TABLE IF NOT EXISTS article_versions (
    article_id   TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
    version      INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL,
    published    TEXT,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);
