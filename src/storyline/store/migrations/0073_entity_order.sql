-- storyline schema, version 73: the entity list's order (most mentioned first, ties
-- by id) as one index, so a story-list page's 50 most mentioned entities are its
-- first 50 entries rather than a sort of every entity (0010's index is ascending
-- on both keys). PostgreSQL's twin: ../pg_migrations/0073_entity_order.sql.
CREATE INDEX IF NOT EXISTS entities_mentions_desc
    ON entities(json_extract(data, '$.mention_count') DESC, id);
