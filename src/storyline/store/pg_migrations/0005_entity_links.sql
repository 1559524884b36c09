-- storyline schema, version 5, PostgreSQL (see ../migrations/0005_entity_links.sql).
CREATE TABLE entity_links (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
    kind       TEXT COLLATE "C" NOT NULL,
    idx        INTEGER NOT NULL,
    entity_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, kind, idx)
);
CREATE INDEX entity_links_entity ON entity_links(entity_id);
DELETE FROM state WHERE key = 'pipeline/grouped-with-annotation';
