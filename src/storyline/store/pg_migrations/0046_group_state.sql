-- storyline schema, version 46, PostgreSQL (see ../migrations/0046_group_state.sql):
-- the grouping state as tables instead of 'group.*' blobs in `state`.
CREATE TABLE IF NOT EXISTS group_profiles (
    level  TEXT COLLATE "C" NOT NULL,
    id     TEXT COLLATE "C" NOT NULL,
    parent TEXT COLLATE "C",
    data   BYTEA NOT NULL,
    PRIMARY KEY (level, id)
);
CREATE TABLE IF NOT EXISTS group_df (
    kind TEXT COLLATE "C" NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    df   BIGINT NOT NULL,
    PRIMARY KEY (kind, term)
);
CREATE TABLE IF NOT EXISTS group_entities (
    id   TEXT COLLATE "C" PRIMARY KEY,
    data BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_redirects (
    old_id TEXT COLLATE "C" PRIMARY KEY,
    new_id TEXT COLLATE "C" NOT NULL
);

INSERT INTO group_profiles (level, id, parent, data)
    SELECT 'thread', substr(key, 14), convert_from(value, 'UTF8')::jsonb ->> 'parent', value
    FROM state WHERE key >= 'group.thread/' AND key < 'group.thread0';
INSERT INTO group_profiles (level, id, parent, data)
    SELECT 'story', substr(key, 13), NULL, value
    FROM state WHERE key >= 'group.story/' AND key < 'group.story0';
INSERT INTO group_df (kind, term, df)
    SELECT substr(key, 10, 1), substr(key, 12), convert_from(value, 'UTF8')::bigint
    FROM state WHERE key >= 'group.df/' AND key < 'group.df0';
INSERT INTO group_entities (id, data)
    SELECT substr(key, 14), value FROM state WHERE key >= 'group.entity/' AND key < 'group.entity0';
INSERT INTO entity_redirects (old_id, new_id)
    SELECT r.key, r.value FROM state, jsonb_each_text(convert_from(state.value, 'UTF8')::jsonb -> 'redirects') AS r
    WHERE state.key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'idf_documents', (convert_from(value, 'UTF8')::jsonb ->> 'docs')::bigint FROM state WHERE key = 'group.meta'
    ON CONFLICT (name) DO NOTHING;
INSERT INTO state (key, value)
    SELECT 'grouping/reindex', ''::bytea FROM state
    WHERE key = 'group.meta' AND COALESCE((convert_from(value, 'UTF8')::jsonb ->> 'version')::int, 1) < 2;
DELETE FROM state WHERE key >= 'group.' AND key < 'group/';
