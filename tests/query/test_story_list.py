"""The story list rows kept by migration 40's triggers follow every write of an
assignment and of a story, and the lists read the same rows from them as from
counting and from the documents."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Story
from storyline.query import Reader, StorySort
from storyline.store import open_store


def stored(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {s: n for s, n in conn.execute("SELECT story_id, articles FROM story_list") if n}


def counted(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT story_id, COUNT(*) FROM assignments GROUP BY story_id"))


def test_sizes_match_the_assignments_of_the_seeds(seeds_db: Path) -> None:
    assert stored(seeds_db) == counted(seeds_db) != {}


def heads(db: Path) -> tuple[set[tuple[str, str, str, str]], set[tuple[str, str, str, str]]]:
    with sqlite3.connect(db) as conn:
        stored = set(conn.execute("SELECT story_id, title, first_published, last_published FROM story_list"))
        documents = set(
            conn.execute(
                "SELECT id, json_extract(data, '$.title'), json_extract(data, '$.first_published'),"
                " json_extract(data, '$.last_published') FROM stories"
            )
        )
    return stored, documents


def test_titles_and_dates_follow_the_story_documents(seeds_db: Path) -> None:
    stored, documents = heads(seeds_db)
    assert stored == documents != set()
    with open_store(seeds_db) as store:
        story = store.stories()[0]
        story.title = "Новый заголовок"
        with store.transaction():
            store.update_story_skeleton(story)
        with store.transaction():
            store.save_story(Story("sty-new", "Новый", [], [], first_published="2022-01-01"))
    stored, documents = heads(seeds_db)
    assert documents <= stored
    assert (story.id, "Новый заголовок") in {(s[0], s[1]) for s in stored}


def test_the_lists_read_as_from_counting_and_documents(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        fast = [r.id for r in reader.stories(StorySort.size, limit=0).items]
        activity = [r.id for r in reader.stories(StorySort.activity, limit=0).items]
        rows = reader.stories(StorySort.recency, limit=0).items
    with sqlite3.connect(seeds_db) as conn:
        conn.execute("DROP TABLE story_list")
    with Reader(seeds_db) as reader:
        assert not reader.has_story_list
        assert [r.id for r in reader.stories(StorySort.size, limit=0).items] == fast
        assert [r.id for r in reader.stories(StorySort.activity, limit=0).items] == activity
        assert reader.stories(StorySort.recency, limit=0).items == rows


# An operation: (kind, article number, story number); moves go through the store's
# own INSERT OR REPLACE, the rest through plain SQL as any other writer would.
OPS = st.lists(
    st.tuples(st.sampled_from(["set", "delete", "update"]), st.integers(0, 6), st.integers(0, 3)),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_sizes_follow_any_sequence_of_writes(tmp_path: Path, ops: list[tuple[str, int, int]]) -> None:
    db = tmp_path / "sizes.db"
    db.unlink(missing_ok=True)
    with open_store(db) as store:
        with store.transaction():
            for n in range(7):
                store.add_article(Article(id=f"a{n}", text=f"Статья номер {n}.", content_hash=f"h{n}"))
        for kind, article, story in ops:
            article_id, story_id = f"a{article}", f"s{story}"
            with store.transaction():
                if kind == "set":
                    store.set_assignment(article_id, f"t{story}", story_id)
                elif kind == "delete":
                    store._db.execute("DELETE FROM assignments WHERE article_id = ?", (article_id,))  # type: ignore[attr-defined]
                else:
                    store._db.execute(  # type: ignore[attr-defined]
                        "UPDATE assignments SET story_id = ? WHERE article_id = ?", (story_id, article_id)
                    )
    assert stored(db) == counted(db)
