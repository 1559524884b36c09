"""The query layer on real stores: the answers agree with the store, pages add up, nothing is written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import NotFoundError, StoreError
from storyline.query import ArticleSort, MissingDatabaseError, Reader, StorySort
from storyline.store import open_store


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def all_pages(fetch, size: int) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    items, offset, totals = [], 0, set()
    while True:
        page = fetch(limit=size, offset=offset)
        totals.add(page.total)
        items += page.items
        offset += len(page.items)
        if not page.items:
            break
    assert len(totals) == 1
    return items, totals.pop()


def test_counts_agree_with_the_store(topic_db: Path) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        counts = reader.counts()
        assert counts.articles == store.count_articles() > 50
        assert counts.duplicates == store.count_duplicates()
        assert counts.rejections == len(store.rejections())
        assert counts.threads == len(store.threads()) > 10
        assert counts.stories == len(store.stories())
        assert counts.entities == len(store.entities()) > 100


@pytest.mark.parametrize("size", [1, 7, 50])
def test_article_pages_cover_every_article_once_in_ingest_order(topic_db: Path, size: int) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        rows, total = all_pages(reader.articles, size)
        assert [r.id for r in rows] == store.article_ids()
        assert total == len(rows)
        groups = store.assignments()
        assert all((r.thread_id, r.story_id) == groups[r.id] for r in rows)
        page = reader.articles(limit=size, offset=3)
        assert page.remaining == max(0, total - 3 - size)


def test_newest_articles_first(topic_db: Path) -> None:
    with Reader(topic_db) as reader:
        rows = reader.articles(limit=0, sort=ArticleSort.newest).items
    dates = [r.published for r in rows if r.published]
    assert dates == sorted(dates, reverse=True)


def test_articles_of_one_story(topic_db: Path) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        for story in store.stories():
            page = reader.articles(story.id, limit=0)
            assert [r.id for r in page.items] == story.article_ids
            assert page.total == len(story.article_ids)
        with pytest.raises(NotFoundError, match="no story"):
            reader.articles("sty-nope")


@pytest.mark.parametrize("sort", list(StorySort))
def test_story_pages_add_up_and_follow_their_order(topic_db: Path, sort: StorySort) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        rows, total = all_pages(lambda **kw: reader.stories(sort, **kw), 1)
        expected = {s.id: s for s in store.stories()}
        assert total == len(rows) == len(expected)
        assert {r.id for r in rows} == set(expected)
        for row in rows:
            story = expected[row.id]
            assert (row.articles, row.threads, row.title) == (
                len(story.article_ids),
                len(story.thread_ids),
                story.title,
            )
            assert row.recent_articles <= row.articles
        if sort is StorySort.size:
            assert [r.articles for r in rows] == sorted((r.articles for r in rows), reverse=True)
        if sort is StorySort.activity:
            assert [r.recent_articles for r in rows] == sorted(
                (r.recent_articles for r in rows), reverse=True
            )
        if sort is StorySort.recency:
            lasts = [r.last_published for r in rows if r.last_published]
            assert lasts == sorted(lasts, reverse=True)


def test_story_record_matches_the_store(seeds_db: Path) -> None:
    with open_store(seeds_db) as store, Reader(seeds_db) as reader:
        for expected in store.stories():
            assert reader.story(expected.id) == expected
        with pytest.raises(NotFoundError):
            reader.story("sty-nope")
        assert list(reader.story_ids()) == [s.id for s in reader.stories(limit=0).items]


def test_thread_pages(topic_db: Path) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        rows, total = all_pages(reader.threads, 9)
        expected = {t.id: t for t in store.threads()}
        assert total == len(rows) == len(expected)
        assert all(r.articles == len(expected[r.id].article_ids) for r in rows)
        assert [r.articles for r in rows] == sorted((r.articles for r in rows), reverse=True)
        story = max(store.stories(), key=lambda s: len(s.thread_ids))
        own = reader.threads(story.id, limit=0)
        assert {r.id for r in own.items} == set(story.thread_ids) and own.total == len(story.thread_ids)


def test_entity_pages_and_the_stories_of_an_entity(topic_db: Path) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        rows, total = all_pages(reader.entities, 100)
        assert total == len(rows) == len(store.entities())
        counts = [r.mention_count for r in rows]
        assert counts == sorted(counts, reverse=True)
        people = reader.entities("PER", limit=0)
        assert people.items and all(r.type == "PER" for r in people.items)
        top = rows[0]
        assert reader.entity(top.id).name == top.name
        expected = {s.id for s in store.stories() if top.id in s.entity_ids}
        assert {r.id for r in reader.stories_of_entity(top.id, limit=0).items} == expected
        assert reader.stories_of_entity(top.id).total == len(expected) > 0
        with pytest.raises(NotFoundError, match="no entity"):
            reader.stories_of_entity("ent-nope")


def test_article_by_id_and_by_url(topic_db: Path) -> None:
    with open_store(topic_db) as store, Reader(topic_db) as reader:
        first = next(a for a in store.iter_articles() if a.url)
        assert reader.article(first.id) == first
        by_url = reader.article_by_url(first.url or "")
        assert by_url.url == first.url and by_url.annotation is not None
        assert reader.article(first.id, with_annotation=False).annotation is None
        with pytest.raises(NotFoundError):
            reader.article("nope")
        with pytest.raises(NotFoundError):
            reader.article_by_url("https://example.invalid/none")


def test_novelty_and_entities_by_id(seeds_db: Path) -> None:
    with open_store(seeds_db) as store, Reader(seeds_db) as reader:
        ids = store.article_ids()
        assert reader.novelty(ids) == {i: store.novelty(i) for i in ids if store.novelty(i)}
        entities = store.entities()
        wanted = [e.id for e in entities[:5]] + ["ent-nope"]
        assert reader.entities_by_id(wanted) == {e.id: e for e in entities[:5]}


def test_reads_write_nothing(seeds_db: Path) -> None:
    before = fingerprint(seeds_db)
    with Reader(seeds_db) as reader:
        reader.counts()
        for row in reader.stories(limit=0).items:
            reader.story(row.id)
            reader.threads(row.id)
            reader.articles(row.id)
        reader.entities()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._db.execute("DELETE FROM articles")
    assert fingerprint(seeds_db) == before


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(MissingDatabaseError, match="no database at"):
        Reader(path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all\n" * 200],
    ids=["empty", "text"],
)
def test_a_foreign_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "foreign.db"
    path.write_bytes(content)
    before = fingerprint(path)
    with pytest.raises(StoreError, match="not a storyline database") as caught:
        Reader(path)
    assert "\n" not in str(caught.value)
    assert fingerprint(path) == before


def test_an_sqlite_file_of_someone_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (x TEXT)")
        db.execute("PRAGMA user_version=3")
    before = fingerprint(path)
    with pytest.raises(StoreError, match="not a storyline database"):
        Reader(path)
    assert fingerprint(path) == before


def test_a_newer_schema_is_refused(seeds_db: Path) -> None:
    with sqlite3.connect(seeds_db) as db:
        db.execute("PRAGMA user_version=9999")
    with pytest.raises(StoreError, match="newer than this storyline"):
        Reader(seeds_db)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(min_value=0, max_value=120), offset=st.integers(min_value=0, max_value=120))
def test_any_page_is_the_slice_of_the_whole_list(topic_db: Path, limit: int, offset: int) -> None:
    with Reader(topic_db) as reader:
        for fetch in (
            reader.articles,
            reader.threads,
            reader.entities,
            lambda **kw: reader.stories(StorySort.activity, **kw),
        ):
            whole = fetch(limit=0, offset=0).items
            page = fetch(limit=limit, offset=offset)
            assert page.items == (whole[offset:] if limit == 0 else whole[offset : offset + limit])
            assert page.total == len(whole)
            assert page.remaining == max(0, len(whole) - offset - len(page.items))
