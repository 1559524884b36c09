-- storyline schema, version 56, PostgreSQL (see ../migrations/0056_seq_story_reads.sql):
-- covering indexes from an article's seq to its id and from its id to its story, for the
-- story list's text filter.
CREATE INDEX IF NOT EXISTS articles_seq_id ON articles(seq, id);
CREATE INDEX IF NOT EXISTS assignments_article_story ON assignments(article_id, story_id);
