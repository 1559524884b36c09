-- storyline schema, version 73, PostgreSQL (see ../migrations/0073_entity_order.sql):
-- the entity list's order (most mentioned first, ties by id) as one index.
--
-- Every story-list page lists the 50 most mentioned entities. 0010's index is
-- ascending on both keys, so `mention_count DESC, id` could not be read from it:
-- each page cast all 3,126 entity documents to jsonb and sorted them (15-30 ms of
-- a list page at 100k bsnlp-ru replayed, load ~13). `pg_read.translate` writes the
-- read side's `json_extract(data, '$.mention_count')` as this expression.
CREATE INDEX IF NOT EXISTS entities_mentions_desc
    ON entities((((data::jsonb ->> 'mention_count'))::bigint) DESC NULLS LAST, id);
