-- storyline schema, version 1, PostgreSQL. The same tables and columns as
-- ../migrations/0001_initial.sql; see docs/schema.md. Ids and keys are TEXT with
-- the "C" collation, so that they sort (ORDER BY id, the state key ranges) byte
-- for byte as SQLite sorts them, whatever the database's locale.
CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    seq                 BIGSERIAL PRIMARY KEY,
    id                  TEXT COLLATE "C" NOT NULL UNIQUE,
    content_hash        TEXT COLLATE "C" NOT NULL UNIQUE,
    source              TEXT,
    url                 TEXT,
    title               TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    published           TEXT COLLATE "C",
    published_precision TEXT NOT NULL DEFAULT 'unknown',
    lang                TEXT,
    meta                TEXT NOT NULL DEFAULT '{}',
    duplicate_of        TEXT COLLATE "C" REFERENCES articles(id),
    ingested_at         TEXT NOT NULL
);

CREATE TABLE minhash (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    signature  BYTEA NOT NULL
);
CREATE TABLE minhash_bands (
    band_key   TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id)
);
CREATE INDEX minhash_bands_key ON minhash_bands(band_key);

CREATE TABLE rejections (
    id     BIGSERIAL PRIMARY KEY,
    input  TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (input, reason)
);

-- `data` is BYTEA: the annotation is stored zlib-compressed (store/codec.py),
-- which SQLite keeps in its TEXT column as a blob; old uncompressed JSON records
-- copied from SQLite (`storyline migrate`) are kept as their UTF-8 bytes.
CREATE TABLE annotations (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    version    TEXT NOT NULL,
    data       BYTEA NOT NULL
);

CREATE TABLE threads (
    id   TEXT COLLATE "C" PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE stories (
    id   TEXT COLLATE "C" PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE assignments (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    thread_id  TEXT COLLATE "C" NOT NULL,
    story_id   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX assignments_thread ON assignments(thread_id);
CREATE INDEX assignments_story ON assignments(story_id);

CREATE TABLE merges (
    id         BIGSERIAL PRIMARY KEY,
    level      TEXT NOT NULL,
    kept_id    TEXT COLLATE "C" NOT NULL,
    merged_id  TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C",
    at         TEXT NOT NULL
);

CREATE TABLE entities (
    id   TEXT COLLATE "C" PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE novelty (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    data       TEXT NOT NULL
);

CREATE TABLE state (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BYTEA NOT NULL
);
