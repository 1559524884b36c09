-- storyline schema, version 20: the full-text search index (`storyline/search.py`).
-- Numbered 20 so the write side's and the read side's migrations (0003-0019) land
-- first; everything here is IF NOT EXISTS.
--
-- One row per annotated article: its tokens' lemmas, space-separated in text order
-- ("токаев заявить ..."), so a query lemmatised the same way finds every inflected
-- form. A lemma's inner punctuation is written "_" ("касым_жомарт"), which the
-- tokenizer keeps inside the word, so one lemma is one FTS token and lines up
-- with its span in `search_spans`. rowid is the article's seq, so a hit joins
-- `articles` by its primary key.
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(lemmas, tokenize = "unicode61 tokenchars '_'");
-- Where each indexed lemma sits in the text (a JSON list of [start, end] pairs, one
-- per lemma of `search.lemmas`): the snippet highlights the words themselves.
CREATE TABLE IF NOT EXISTS search_spans (
    seq   INTEGER PRIMARY KEY,
    spans TEXT NOT NULL
);
-- The entities an article mentions, for the entity filter and facet of a search:
-- read from the grouping's entity links (0005), so an entity merge is seen at once.
CREATE VIEW IF NOT EXISTS search_entities AS
    SELECT DISTINCT l.entity_id AS entity_id, a.seq AS seq
    FROM entity_links l JOIN articles a ON a.id = l.article_id
    WHERE l.kind = 'mention';

-- The web's story list filters by date range on the stories' spans: their
-- first publication is indexed as their last one is (0010_query_indexes.sql).
CREATE INDEX IF NOT EXISTS stories_first_published ON stories(json_extract(data, '$.first_published'), id);
