-- storyline schema, version 4: the grouping's candidate index as a table.
-- One row per (level, key, week, cluster): the thread or story that an article with
-- that lemma ('t:...') or corpus entity ('e:...') joined in that publication week
-- (week -1: undated). `seq` is the insertion order; a search reads each key's
-- postings newest first. A new process finds candidates with indexed range reads
-- instead of loading every thread profile to rebuild the index in memory.
CREATE TABLE group_postings (
    seq        INTEGER PRIMARY KEY,
    level      TEXT NOT NULL,
    key        TEXT NOT NULL,
    week       INTEGER NOT NULL,
    cluster_id TEXT NOT NULL,
    UNIQUE (level, key, week, cluster_id)
);
CREATE INDEX group_postings_search ON group_postings (level, key, week ASC, seq DESC);
