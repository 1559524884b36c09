-- storyline schema, version 80, PostgreSQL (see ../migrations/0080_rejection_codes.sql):
-- a rejection's reason as a stable code and its parameters (a JSON object of text
-- values, kept as TEXT like SQLite's), beside the English words in `reason`. Rows
-- stored before keep NULL in both.
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS code TEXT;
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS params TEXT;
