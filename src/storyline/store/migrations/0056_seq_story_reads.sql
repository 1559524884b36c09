-- storyline schema, version 56: the story list's text filter (`?q=`) reads, for every
-- article matching a search, its story, from two small covering indexes instead of
-- the article rows (each a seek into a table of 100k texts: 34 ms for the 29,414
-- hits of «суд» at 100k, bsnlp-ru replayed) and the assignment rows.
CREATE INDEX IF NOT EXISTS articles_seq_id ON articles(seq, id);
CREATE INDEX IF NOT EXISTS assignments_article_story ON assignments(article_id, story_id);
