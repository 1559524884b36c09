-- storyline schema, version 51: each story's members counted by (thread,
-- publication date, source), for the story list's counts (`web/catalog.py`).
--
-- A list row shows a story's articles, threads, sources, recent articles and
-- articles per day. They were counted from a join of the page's assignments to
-- their articles' dates and sources: ~3,000 index look-ups for a page of the
-- largest stories at 100k (bsnlp-ru replayed), 3-4 ms of a 5.5 ms page. A story's
-- articles share few (thread, date, source) triples (the largest story, 154
-- articles, has 73), so the list now reads a few rows per story.
--
-- Kept by triggers, as `story_list` is (0040): an assignment added, moved or
-- removed moves its article's count, and an article re-dated or given another
-- source (a watched page that changed) moves its counts. `INSERT OR REPLACE INTO
-- assignments` deletes the old row without a delete trigger (recursive triggers
-- are off): the BEFORE INSERT trigger takes the replaced assignment off first.
-- A missing date or source is written '' (the key has no NULLs). Rows counted
-- down to zero are dropped.
CREATE TABLE IF NOT EXISTS story_members (
    story_id  TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    published TEXT NOT NULL,
    source    TEXT NOT NULL,
    articles  INTEGER NOT NULL,
    PRIMARY KEY (story_id, thread_id, published, source)
) WITHOUT ROWID;

DELETE FROM story_members;
INSERT INTO story_members (story_id, thread_id, published, source, articles)
    SELECT m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, ''), COUNT(*)
    FROM assignments m JOIN articles a ON a.id = m.article_id
    GROUP BY m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, '');

CREATE TRIGGER IF NOT EXISTS story_members_before_assign BEFORE INSERT ON assignments
WHEN EXISTS (SELECT 1 FROM assignments WHERE article_id = NEW.article_id)
BEGIN
    UPDATE story_members SET articles = articles - 1
        WHERE (story_id, thread_id, published, source) = (
            SELECT m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, '')
            FROM assignments m JOIN articles a ON a.id = m.article_id WHERE m.article_id = NEW.article_id);
    DELETE FROM story_members WHERE articles <= 0
        AND story_id = (SELECT story_id FROM assignments WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER IF NOT EXISTS story_members_assign AFTER INSERT ON assignments
BEGIN
    INSERT INTO story_members (story_id, thread_id, published, source, articles)
        SELECT NEW.story_id, NEW.thread_id, COALESCE(published, ''), COALESCE(source, ''), 1
        FROM articles WHERE id = NEW.article_id
        ON CONFLICT (story_id, thread_id, published, source) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_members_unassign AFTER DELETE ON assignments
BEGIN
    UPDATE story_members SET articles = articles - 1
        WHERE (story_id, thread_id, published, source) = (
            SELECT OLD.story_id, OLD.thread_id, COALESCE(published, ''), COALESCE(source, '')
            FROM articles WHERE id = OLD.article_id);
    DELETE FROM story_members WHERE articles <= 0 AND story_id = OLD.story_id;
END;
CREATE TRIGGER IF NOT EXISTS story_members_reassign AFTER UPDATE OF story_id, thread_id ON assignments
BEGIN
    UPDATE story_members SET articles = articles - 1
        WHERE (story_id, thread_id, published, source) = (
            SELECT OLD.story_id, OLD.thread_id, COALESCE(published, ''), COALESCE(source, '')
            FROM articles WHERE id = OLD.article_id);
    DELETE FROM story_members WHERE articles <= 0 AND story_id = OLD.story_id;
    INSERT INTO story_members (story_id, thread_id, published, source, articles)
        SELECT NEW.story_id, NEW.thread_id, COALESCE(published, ''), COALESCE(source, ''), 1
        FROM articles WHERE id = NEW.article_id
        ON CONFLICT (story_id, thread_id, published, source) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_members_redate AFTER UPDATE OF published, source ON articles
BEGIN
    UPDATE story_members SET articles = articles - 1
        WHERE published = COALESCE(OLD.published, '') AND source = COALESCE(OLD.source, '')
          AND (story_id, thread_id) IN (SELECT story_id, thread_id FROM assignments WHERE article_id = OLD.id);
    DELETE FROM story_members WHERE articles <= 0
        AND story_id IN (SELECT story_id FROM assignments WHERE article_id = OLD.id);
    INSERT INTO story_members (story_id, thread_id, published, source, articles)
        SELECT story_id, thread_id, COALESCE(NEW.published, ''), COALESCE(NEW.source, ''), 1
        FROM assignments WHERE article_id = NEW.id
        ON CONFLICT (story_id, thread_id, published, source) DO UPDATE SET articles = articles + 1;
END;
