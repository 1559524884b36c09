-- storyline schema, version 2, PostgreSQL (see ../migrations/0002_*.sql):
-- membership lives in `assignments` only.
UPDATE threads SET data = (data::jsonb - 'article_ids')::text;
UPDATE stories SET data = (data::jsonb - 'article_ids' - 'thread_ids')::text;
