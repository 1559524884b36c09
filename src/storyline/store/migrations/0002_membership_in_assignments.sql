-- storyline schema, version 2: thread and story membership lives in `assignments`
-- only. Thread and story records no longer carry `article_ids` / `thread_ids`
-- (rewriting them made every add cost as much as its story is large); the store
-- fills them in from the assignments, in ingest order, when it reads a record.
UPDATE threads SET data = json_remove(data, '$.article_ids');
UPDATE stories SET data = json_remove(data, '$.article_ids', '$.thread_ids');
