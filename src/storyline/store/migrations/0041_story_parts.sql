-- storyline schema, version 41: a story's long parts (timeline events, ledger
-- facts, quotes) as rows, one per item, instead of arrays inside the story
-- document. An article joining a story changes a few events and facts; with the
-- parts inside one document every add re-encoded and rewrote all of them (the
-- 2,000-article bsnlp Brexit story: a 1.6 MB document, 122 ms per add on a quiet
-- machine). The store now writes only the rows whose text changed
-- (`store/story_rows.py`), and the document keeps the short fields (title,
-- summary, dates, entity ids, summary sentences) that the triggers of 0010 and
-- 0040 and the read side's json_extract read.
--
-- `rid` names a row within its story and part for as long as it lives; `ord`
-- places it: a row inserted between two others takes a rank between theirs, so
-- an event dated in the middle of a timeline moves no other row.
CREATE TABLE IF NOT EXISTS story_parts (
    story_id TEXT NOT NULL,
    part     TEXT NOT NULL,
    rid      INTEGER NOT NULL,
    ord      REAL NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (story_id, part, rid)
);
CREATE INDEX IF NOT EXISTS story_parts_order ON story_parts(story_id, part, ord);

INSERT OR IGNORE INTO story_parts (story_id, part, rid, ord, data)
    SELECT s.id, 'timeline', j.key, j.key, j.value FROM stories s, json_each(s.data, '$.timeline') j;
INSERT OR IGNORE INTO story_parts (story_id, part, rid, ord, data)
    SELECT s.id, 'facts', j.key, j.key, j.value FROM stories s, json_each(s.data, '$.facts') j;
INSERT OR IGNORE INTO story_parts (story_id, part, rid, ord, data)
    SELECT s.id, 'quotes', j.key, j.key, j.value FROM stories s, json_each(s.data, '$.quotes') j;
UPDATE stories SET data = json_remove(data, '$.timeline', '$.facts', '$.quotes')
    WHERE json_type(data, '$.timeline') IS NOT NULL OR json_type(data, '$.facts') IS NOT NULL
       OR json_type(data, '$.quotes') IS NOT NULL;
