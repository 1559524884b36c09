-- storyline schema, version 60, PostgreSQL (see ../migrations/0060_article_entity_sets.sql).
-- SQLite keeps each article's entities as one row for a search's entity facet; on
-- PostgreSQL the facet stays one aggregate over `article_entities` (a hash
-- aggregate there, not SQLite's temporary B-tree), so this version only keeps both
-- schemas' numbers in step.
SELECT 1;
