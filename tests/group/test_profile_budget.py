"""Grouping profiles kept within a memory budget: a grouper that drops every profile
after each add (and reads it back when asked again) groups exactly as one that keeps
them all, merges included, and the estimate the budget uses follows a profile's size."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from storyline.group import Grouper
from storyline.group.lazy import ENTRY_BYTES, LazyProfiles, profile_bytes
from storyline.group.params import Params
from storyline.group.profile import Profile
from storyline.model import Article
from storyline.store import open_store
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article

# Params that join loosely and merge readily, so the corpus exercises thread and
# story merges (the paths where a profile read back could differ from one kept).
MERGING = Params(
    story_threshold=0.95,
    story_merge_threshold=0.3,
    story_pair_threshold=0.1,
    story_consolidate_threshold=2.0,
)
TOPICS = [
    ["газ", "труба", "поставка", "контракт", "цена", "баррель", "танкер"],
    ["выборы", "кандидат", "голос", "участок", "бюллетень", "явка", "комиссия"],
    ["матч", "гол", "тренер", "команда", "сезон", "турнир", "болельщик"],
    ["суд", "приговор", "адвокат", "обвинение", "заседание", "свидетель", "иск"],
]
BRIDGE = ["заявление", "министр", "встреча", "переговоры"]
ENTITIES = [("Газпром", "ORG"), ("ЦИК", "ORG"), ("Спартак", "ORG"), ("Мосгорсуд", "ORG")]


def _corpus(count: int, seed: int = 7) -> list[Article]:
    """Reports on four topics over three weeks, a quarter of them with words of two topics
    (bridges), each naming its topic's organisation: a few hundred adds with merges."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        topic = rnd.randrange(len(TOPICS))
        words = rnd.sample(TOPICS[topic], 4) + rnd.sample(BRIDGE, 1)
        if rnd.random() < 0.25:
            words += rnd.sample(TOPICS[(topic + 1) % len(TOPICS)], 3)
        name, kind = ENTITIES[topic]
        day = 1 + rnd.randrange(21)
        text = f"{name} " + " ".join(words)
        out.append(
            make_article(
                f"a{i:03d}",
                text,
                title=" ".join(words[:3]),
                published=f"2022-03-{day:02d}",
                entities=[(name, kind)],
            )  # fmt: skip
        )
    return out


def _group(path: Path, articles: list[Article], budget: int) -> tuple[Store, Grouper]:
    store = open_store(path)
    ingest(store, articles)
    grouper = Grouper(store, params=MERGING)
    grouper.threads.budget = grouper.stories.budget = budget
    for article in articles:
        with store.transaction():
            grouper.add(store.get_article(article.id))
    return store, grouper


def _grouping(store: Store, path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        profiles = conn.execute(
            "SELECT level, id, parent, data FROM group_profiles ORDER BY level, id"
        ).fetchall()
        merges = conn.execute(
            "SELECT level, kept_id, merged_id, article_id FROM merges ORDER BY id"
        ).fetchall()
    return {
        "assignments": store.assignments(),
        "stories": [(s.id, s.title, s.article_ids, s.thread_ids, s.entity_ids) for s in store.stories()],
        "threads": [(t.id, t.story_id, t.title, t.article_ids) for t in store.threads()],
        "profiles": profiles,
        "merges": merges,
    }


def test_dropping_every_profile_after_each_add_groups_as_keeping_them_all(tmp_path: Path) -> None:
    articles = _corpus(240)
    kept_store, kept = _group(tmp_path / "kept.db", articles, budget=10**12)
    tiny_store, tiny = _group(tmp_path / "tiny.db", articles, budget=0)
    try:
        assert kept.threads.evicted == kept.stories.evicted == 0
        assert tiny.threads.evicted > len(articles) and tiny.stories.evicted > len(articles)
        assert tiny.threads.loaded() == tiny.stories.loaded() == 1  # the one used last stays
        assert tiny.threads.reads > len(tiny.threads)  # profiles were read back, again and again
        with sqlite3.connect(tmp_path / "kept.db") as conn:
            assert conn.execute("SELECT COUNT(*) FROM merges").fetchone()[0] > 0, "the corpus must merge"
        assert _grouping(tiny_store, tmp_path / "tiny.db") == _grouping(kept_store, tmp_path / "kept.db")
    finally:
        kept_store.close()
        tiny_store.close()


def test_the_least_recently_used_profile_is_dropped_first(tmp_path: Path) -> None:
    articles = _corpus(60)
    store, grouper = _group(tmp_path / "g.db", articles, budget=10**12)
    try:
        lazy = LazyProfiles(store, "thread")
        ids = sorted(lazy.ids())[:3]
        sizes = [profile_bytes(lazy[i]) for i in ids]
        lazy.trim()
        lazy.get(ids[0])  # the oldest is used again: the second is now the least recent
        lazy.budget = sizes[0] + sizes[2]
        lazy.trim()
        assert lazy.evicted == 1 and lazy.loaded() == 2
        assert lazy.counters().kept_bytes == sizes[0] + sizes[2] <= lazy.budget
        reads = lazy.reads
        again = lazy[ids[1]]  # read back from the store
        assert lazy.reads == reads + 1 and again.dumps() == grouper.threads[ids[1]].dumps()
    finally:
        store.close()


def test_the_estimate_grows_with_a_profiles_entries() -> None:
    small = Profile(id="t", level="thread", terms={"газ": 1.0})
    big = Profile(id="t", level="thread", terms={f"слово{i}": 1.0 for i in range(100)})
    assert profile_bytes(big) - profile_bytes(small) == 99 * ENTRY_BYTES
