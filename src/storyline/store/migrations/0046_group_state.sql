-- storyline schema, version 46: the grouping state as tables instead of key/value
-- blobs under 'group.*' in `state`. Each has a shape, so each gets its table:
--
-- group_profiles: one row per thread or story profile (`group/profile.py`): `level`
--   'thread' or 'story', `parent` a thread's story, `data` the profile's summed
--   vectors as JSON (lemma, title, entity, figure, date and place weights, days,
--   headline, a thread's core and member sketches). Members are not stored here:
--   the assignments hold them. A grouper reads a profile when a candidate search or
--   a join first needs it, by primary key.
-- group_df: the corpus document frequency of each lemma (`kind` 't') and corpus
--   entity id ('e'), read whole when a grouper opens; an add rewrites the rows of
--   its own lemmas and entities.
-- group_entities: the entity resolver's record of each corpus entity (keys, names,
--   surnames, roles, counts: `group/entities.py`), as JSON; `entities` keeps what
--   readers see.
-- entity_redirects: a merged entity id -> the id it was merged into.
-- The IDF's document count is the counter 'idf_documents' in `counters`.
CREATE TABLE IF NOT EXISTS group_profiles (
    level  TEXT NOT NULL,
    id     TEXT NOT NULL,
    parent TEXT,
    data   BLOB NOT NULL,
    PRIMARY KEY (level, id)
);
CREATE TABLE IF NOT EXISTS group_df (
    kind TEXT NOT NULL,
    term TEXT NOT NULL,
    df   INTEGER NOT NULL,
    PRIMARY KEY (kind, term)
);
CREATE TABLE IF NOT EXISTS group_entities (
    id   TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
);

-- An existing store's blobs move over ('group.thread/ID', 'group.story/ID',
-- 'group.df/K:TERM', 'group.entity/ID' and 'group.meta'), then leave `state`.
INSERT INTO group_profiles (level, id, parent, data)
    SELECT 'thread', substr(key, 14), json_extract(CAST(value AS TEXT), '$.parent'), value
    FROM state WHERE key >= 'group.thread/' AND key < 'group.thread0';
INSERT INTO group_profiles (level, id, parent, data)
    SELECT 'story', substr(key, 13), NULL, value
    FROM state WHERE key >= 'group.story/' AND key < 'group.story0';
INSERT INTO group_df (kind, term, df)
    SELECT substr(key, 10, 1), substr(key, 12), CAST(CAST(value AS TEXT) AS INTEGER)
    FROM state WHERE key >= 'group.df/' AND key < 'group.df0';
INSERT INTO group_entities (id, data)
    SELECT substr(key, 14), value FROM state WHERE key >= 'group.entity/' AND key < 'group.entity0';
INSERT INTO entity_redirects (old_id, new_id)
    SELECT r.key, r.value FROM state, json_each(json_extract(CAST(state.value AS TEXT), '$.redirects')) AS r
    WHERE state.key = 'group.meta';
INSERT INTO counters (name, value)
    SELECT 'idf_documents', json_extract(CAST(value AS TEXT), '$.docs') FROM state WHERE key = 'group.meta'
    ON CONFLICT (name) DO NOTHING;
-- A state from before the candidate index was a table (its version 1) has its index
-- built from the profiles by the next grouper that opens it.
INSERT INTO state (key, value)
    SELECT 'grouping/reindex', X'' FROM state
    WHERE key = 'group.meta' AND COALESCE(json_extract(CAST(value AS TEXT), '$.version'), 1) < 2;
DELETE FROM state WHERE key >= 'group.' AND key < 'group/';
