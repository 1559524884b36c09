-- storyline schema, version 4, PostgreSQL (see ../migrations/0004_group_postings.sql).
CREATE TABLE group_postings (
    seq        BIGSERIAL PRIMARY KEY,
    level      TEXT COLLATE "C" NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    week       INTEGER NOT NULL,
    cluster_id TEXT COLLATE "C" NOT NULL,
    UNIQUE (level, key, week, cluster_id)
);
CREATE INDEX group_postings_search ON group_postings (level, key, week ASC, seq DESC);
