-- storyline schema, version 55: the web's story page as built, so a story's first
-- view costs what a page kept in memory does (`web/page_store.py`).
--
-- Building the page of bsnlp-ru's largest story (154 articles) decodes every one of
-- its articles' sentences and quotes and names ~200 speakers: 120-190 ms of CPU at
-- 100k articles, against ~5 ms to render a built one. One row per story: `version`
-- is the story's version (a digest of its stored document and its article count)
-- and the code's (a digest of the modules that build a page), so a row written
-- before the story or the code changed is never used; `data` the page (JSON).
-- Written by the server's writer after it stores an article and after a page is
-- built on a first view; a reader only reads it.
CREATE TABLE IF NOT EXISTS story_views (
    story_id TEXT PRIMARY KEY,
    version  TEXT NOT NULL,
    data     BLOB NOT NULL
);
