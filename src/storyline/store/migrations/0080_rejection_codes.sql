-- storyline schema, version 80: a rejection's reason as a stable code and its
-- parameters (storyline/reasons.py), beside the English words in `reason`, so the
-- web's rejections page can word it in the page's language. `params` is a JSON
-- object of text values. Rows stored before this version keep NULL in both and
-- are shown with their stored words. Replayed over a table that has the columns,
-- the runner skips them (store/opening.py `_column_there`). PostgreSQL's twin:
-- ../pg_migrations/0080_rejection_codes.sql.
ALTER TABLE rejections ADD COLUMN code TEXT;
ALTER TABLE rejections ADD COLUMN params TEXT;
