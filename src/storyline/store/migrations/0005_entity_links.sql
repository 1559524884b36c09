-- storyline schema, version 5: cross-document entity links in their own table.
-- The grouping resolves each entity mention (and each figure's subject and quote's
-- speaker) to a corpus entity; it used to write those ids back into the stored
-- annotation, and rewrite every affected annotation when two entities merged.
-- Now the annotation stays as the annotate stage made it, the links live here, and
-- a merge is one UPDATE. `kind` is `mention`, `quantity` or `quote`; `idx` is the
-- position in the annotation's `entities`, `quantities` or `quotes` list.
CREATE TABLE entity_links (
    article_id TEXT NOT NULL REFERENCES articles(id),
    kind       TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, idx)
);
CREATE INDEX entity_links_entity ON entity_links(entity_id);
-- Existing links are inside the annotations, where SQL cannot reach: the grouping
-- is rebuilt once (as after an annotator upgrade) by forgetting which annotations
-- it was built from.
DELETE FROM state WHERE key = 'pipeline/grouped-with-annotation';
