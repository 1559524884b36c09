"""Schema 45's, 51's and 63's read tables stay equal to what they summarise, on SQLite
and on PostgreSQL, whatever the writer does: `article_entities` to the mention
links counted per (article, entity), `story_list` to one row per story with its
article count, and `story_members` to each story's assignments counted by
(thread, date, source), and `story_ingests` to them counted by their ingest moment."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
from storyline.store.sql_store import SQLStore
from tests.pg import Cluster

COUNTED = (
    "SELECT a.seq, l.entity_id, COUNT(*) FROM entity_links l JOIN articles a ON a.id = l.article_id"
    " WHERE l.kind = 'mention' GROUP BY a.seq, l.entity_id ORDER BY a.seq, l.entity_id"
)
KEPT = "SELECT seq, entity_id, mentions FROM article_entities ORDER BY seq, entity_id"
STORIES_COUNTED = (
    "SELECT s.id, (SELECT COUNT(*) FROM assignments m WHERE m.story_id = s.id) FROM stories s ORDER BY s.id"
)
STORIES_KEPT = "SELECT story_id, articles FROM story_list ORDER BY story_id"
MEMBERS_COUNTED = (
    "SELECT m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, ''), COUNT(*)"
    " FROM assignments m JOIN articles a ON a.id = m.article_id"
    " GROUP BY m.story_id, m.thread_id, COALESCE(a.published, ''), COALESCE(a.source, '')"
    " ORDER BY 1, 2, 3, 4"
)
MEMBERS_KEPT = (
    "SELECT story_id, thread_id, published, source, articles FROM story_members ORDER BY 1, 2, 3, 4"
)
INGESTS_COUNTED = (
    "SELECT m.story_id, a.ingested_at, COUNT(*) FROM assignments m JOIN articles a ON a.id = m.article_id"
    " GROUP BY m.story_id, a.ingested_at ORDER BY 1, 2"
)
INGESTS_KEPT = "SELECT story_id, ingested_at, articles FROM story_ingests ORDER BY 1, 2"


def _rows(store: SQLStore, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in store._db.execute(sql).fetchall()]


def _check(store: SQLStore) -> None:
    assert _rows(store, KEPT) == _rows(store, COUNTED)
    assert _rows(store, STORIES_KEPT) == _rows(store, STORIES_COUNTED)
    assert _rows(store, MEMBERS_KEPT) == _rows(store, MEMBERS_COUNTED)
    assert _rows(store, INGESTS_KEPT) == _rows(store, INGESTS_COUNTED)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "seeds.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database("reads")


def test_read_tables_follow_every_write(location: str, seeds_dir: Path) -> None:
    with open_store(location) as store:
        assert isinstance(store, SQLStore)
        ingest(store, [str(seeds_dir)])
        process(store, workers=1)
        _check(store)
        assert _rows(store, KEPT), "the seeds mention entities"
        # two entities merged: every link of the first moves to the second
        (first, second) = [r[0] for r in store._db.execute("SELECT id FROM entities ORDER BY id LIMIT 2")]
        with store.transaction():
            store.rename_entity_links({first: second})
        _check(store)
        assert not [r for r in _rows(store, KEPT) if r[1] == first]
        # an article's links saved again (as the grouper does): the same counts
        article_id = store._db.execute("SELECT id FROM articles ORDER BY seq LIMIT 1").fetchone()[0]
        annotation = store.get_article(article_id).annotation
        assert annotation is not None
        with store.transaction():
            store.save_entity_links(article_id, annotation)
        _check(store)
        # an article moved to another thread and story (the store's upsert), then
        # re-dated and given another source, then unassigned (schema 51's counts)
        (moved, thread_id, story_id), (_, other_thread, other_story) = store._db.execute(
            "SELECT article_id, thread_id, story_id FROM assignments ORDER BY article_id LIMIT 2"
        ).fetchall()
        with store.transaction():
            store.set_assignment(moved, f"{other_thread}-x", other_story)
        _check(store)
        with store.transaction():
            store._db.execute(
                "UPDATE articles SET published = ?, source = ? WHERE id = ?", ("2031-05-06", None, moved)
            )
        _check(store)
        with store.transaction():  # ingested again later (schema 63's counts)
            store._db.execute(
                "UPDATE articles SET ingested_at = ? WHERE id = ?", ("2031-05-07T00:00:00+00:00", moved)
            )
        _check(store)
        with store.transaction():
            store._db.execute("UPDATE assignments SET thread_id = ? WHERE article_id = ?", (thread_id, moved))
        _check(store)
        with store.transaction():  # moved to another story by an UPDATE
            store._db.execute("UPDATE assignments SET story_id = ? WHERE article_id = ?", (story_id, moved))
        _check(store)
        with store.transaction():
            store._db.execute("DELETE FROM assignments WHERE article_id = ?", (moved,))
        _check(store)
        with store.transaction():
            store.set_assignment(moved, thread_id, story_id)
        _check(store)
        # a story deleted and the grouping rebuilt from scratch
        story_id = store._db.execute("SELECT id FROM stories ORDER BY id LIMIT 1").fetchone()[0]
        with store.transaction():
            store.delete_story(story_id)
        assert story_id not in {r[0] for r in _rows(store, STORIES_KEPT)}
        with store.transaction():
            store.clear_grouping()
        assert _rows(store, KEPT) == [] and _rows(store, STORIES_KEPT) == []
        process(store, workers=1)
        _check(store)


def test_an_annotation_read_without_tokens_is_the_whole_decode_less_its_tokens(web_db: Path) -> None:
    """`annotation_spans_loads` inflates only what precedes the token columns; it
    must give what the whole decode gives without tokens, for every seed article,
    and for an annotation stored as plain JSON (before compaction)."""
    from storyline.store import codec

    db = sqlite3.connect(web_db)
    stored = [r[0] for r in db.execute("SELECT data FROM annotations")]
    db.close()
    assert stored
    for data in stored:
        light = codec.annotation_spans_loads(data)
        assert light == codec.annotation_loads(data, with_tokens=False)
        assert light.tokens == [] and light.sentences
        whole = codec.annotation_loads(data)
        plain = json.dumps(whole.to_dict(), ensure_ascii=False)
        assert codec.annotation_spans_loads(plain) == codec.annotation_loads(plain, with_tokens=False)


def test_a_story_view_from_the_partly_decoded_articles_is_the_full_one(web_db: Path) -> None:
    """The story view decodes only sentences and quotes of day-dated articles and no
    entity links; built from fully decoded articles it must be the same."""
    from storyline.query import Reader
    from storyline.query.story_view import ViewOptions, build_story_view, load_story_records

    db = sqlite3.connect(web_db)  # the seeds are month-dated (decoded whole): make some day-dated
    with db:
        db.execute(
            "UPDATE articles SET published = substr(published, 1, 7) || '-0' || (1 + seq % 9),"
            " published_precision = 'day' WHERE seq % 2 = 1 AND length(published) = 7"
        )
    db.close()
    reader = Reader(web_db)
    try:
        story_id = reader.stories(limit=1).items[0].id
        story, articles, named, novelty, threads = load_story_records(reader, story_id)
        assert any(a.annotation is not None and not a.annotation.entities for a in articles.values())
        whole = {a.id: a for a in reader.articles_by_id(story.article_ids)}
        for options in (ViewOptions(), ViewOptions.full()):
            assert build_story_view(story, articles, named, novelty, threads, options) == build_story_view(
                story, whole, named, novelty, threads, options
            )
    finally:
        reader.close()


def test_an_annotation_decoded_in_part_keeps_only_those_lists(web_db: Path) -> None:
    from storyline.store import codec

    db = sqlite3.connect(web_db)
    data = db.execute("SELECT data FROM annotations LIMIT 1").fetchone()[0]
    db.close()
    whole = codec.annotation_loads(data, with_tokens=False)
    part = codec.annotation_spans_loads(data, frozenset({"sentences", "quotes"}))
    assert part.sentences == whole.sentences and part.quotes == whole.quotes
    assert part.entities == [] and part.quantities == [] and whole.entities
