-- storyline schema, version 85: PostgreSQL's postings key carries the postings'
-- counts (../pg_migrations/0085_search_postings_covering.sql). SQLite's
-- `search_postings` is a WITHOUT ROWID table whose key is its rows already, so a
-- scoring range reads no other page; this version only keeps both schemas' numbers
-- in step.
SELECT 1;
