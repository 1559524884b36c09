-- storyline schema, version 1. See docs/schema.md for what each table holds.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per accepted article. `seq` is the ingest order; `content_hash` is
-- the hash of the normalised text, unique so an exact duplicate is never stored twice.
CREATE TABLE articles (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    content_hash        TEXT NOT NULL UNIQUE,
    source              TEXT,
    url                 TEXT,
    title               TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    published           TEXT,
    published_precision TEXT NOT NULL DEFAULT 'unknown',
    lang                TEXT,
    meta                TEXT NOT NULL DEFAULT '{}',
    duplicate_of        TEXT REFERENCES articles(id),
    ingested_at         TEXT NOT NULL
);

-- MinHash signatures and their LSH band keys: a persistent LSH index, so a
-- near-duplicate lookup is an indexed query, not a rebuild of the index.
CREATE TABLE minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature  BLOB NOT NULL
);
CREATE TABLE minhash_bands (
    band_key   TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id)
);
CREATE INDEX minhash_bands_key ON minhash_bands(band_key);

CREATE TABLE rejections (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    input  TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (input, reason)
);

CREATE TABLE annotations (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    version    TEXT NOT NULL,
    data       TEXT NOT NULL
);

CREATE TABLE threads (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE stories (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE assignments (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    thread_id  TEXT NOT NULL,
    story_id   TEXT NOT NULL
);
CREATE INDEX assignments_thread ON assignments(thread_id);
CREATE INDEX assignments_story ON assignments(story_id);

CREATE TABLE merges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    level      TEXT NOT NULL,
    kept_id    TEXT NOT NULL,
    merged_id  TEXT NOT NULL,
    article_id TEXT,
    at         TEXT NOT NULL
);

CREATE TABLE entities (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE novelty (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    data       TEXT NOT NULL
);

-- Named state blobs of the grouping stage (IDF counts, index snapshots).
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
