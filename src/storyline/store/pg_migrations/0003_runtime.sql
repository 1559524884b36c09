-- storyline schema, version 3, PostgreSQL (see ../migrations/0003_runtime.sql).
-- The lease row says who holds the writer lease; on PostgreSQL the holder's
-- connection also holds a session advisory lock (store/pg_lease.py), so a writer
-- that died is seen at once, without waiting for `expires_at`.
CREATE TABLE writer_lease (
    slot         INTEGER PRIMARY KEY CHECK (slot = 1),
    token        TEXT NOT NULL,
    owner        TEXT NOT NULL,
    pid          BIGINT NOT NULL,
    host         TEXT NOT NULL,
    acquired_at  DOUBLE PRECISION NOT NULL,
    heartbeat_at DOUBLE PRECISION NOT NULL,
    expires_at   DOUBLE PRECISION NOT NULL
);

CREATE TABLE counters (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value)
    SELECT 'thread', (convert_from(value, 'UTF8')::jsonb ->> 'next_thread')::bigint - 1 FROM state WHERE key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'story', (convert_from(value, 'UTF8')::jsonb ->> 'next_story')::bigint - 1 FROM state WHERE key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'entity', (convert_from(value, 'UTF8')::jsonb ->> 'next_entity')::bigint - 1 FROM state WHERE key = 'group.meta';

CREATE TABLE failures (
    id           BIGSERIAL PRIMARY KEY,
    stage        TEXT NOT NULL,
    item_id      TEXT COLLATE "C" NOT NULL,
    error_type   TEXT NOT NULL,
    message      TEXT NOT NULL,
    code_version TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 1,
    at           TEXT NOT NULL,
    UNIQUE (stage, item_id)
);

-- `rowid` is the order the aliases were recorded in: SQLite has that column
-- built in, and the shared SQL orders by it.
CREATE TABLE article_aliases (
    rowid      BIGSERIAL NOT NULL UNIQUE,
    alias_id   TEXT COLLATE "C" PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
    input      TEXT NOT NULL
);
CREATE INDEX article_aliases_article ON article_aliases(article_id);
