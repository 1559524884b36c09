"""The story list's source and `updated_since` filters (schema 63) give the pages
and totals of the queries they replace (every article of the source, or ingested
since the moment, joined to its assignment), for random filters, sorts, limits and
offsets (hypothesis), on a replayed store whose articles' ingest moments and
sources were redrawn after grouping (the triggers keep the read tables), so the
filters pick different stories."""

from __future__ import annotations

import importlib.util
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.query.rows import StorySort
from storyline.web.catalog import Catalog, StoryFilter

REPO = Path(__file__).resolve().parents[2]
# Replicas of the seeds (serve_load's replay), so the list has many stories.
REPLAYED_ARTICLES = 30
DRAW_SEED = 63
# Moments an article is said to have been ingested at, and sources it is given.
MOMENTS = [f"2026-0{m}-1{d}T0{h}:00:00+00:00" for m in (3, 4, 5) for d in (1, 5) for h in (1, 7)]
SOURCES = ["one.example", "two.example", "three.example", None]
LIMITS = (1, 3, 20)
# Tables the old queries do without: hidden, the catalog takes the joins.
NEW_TABLES = frozenset({"story_ingests"})


@pytest.fixture(scope="module")
def store(web_seeds_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("serve_load", REPO / "benchmarks" / "serve_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path_factory.mktemp("filters") / "replayed.db"
    module.replay(web_seeds_master, target, REPLAYED_ARTICLES, 365)
    draw = random.Random(DRAW_SEED)
    with sqlite3.connect(target) as conn:
        for (seq,) in conn.execute("SELECT seq FROM articles").fetchall():
            conn.execute(
                "UPDATE articles SET ingested_at = ?, source = ? WHERE seq = ?",
                (draw.choice(MOMENTS), draw.choice(SOURCES), seq),
            )
    return target


def _old(
    catalog: Catalog, flt: StoryFilter, sort: StorySort, limit: int, offset: int
) -> tuple[list[str], int]:
    """The page and total through the joins (the read tables hidden from the catalog)."""
    full = catalog.tables
    catalog.tables = full - NEW_TABLES - {"story_members"}
    try:
        page = catalog.stories(flt, sort, limit, offset)
    finally:
        catalog.tables = full
    return [s.id for s in page.items], page.total


def test_random_filters_list_as_the_joins_did(store: Path) -> None:
    catalog = Catalog(store)
    try:
        assert NEW_TABLES <= catalog.tables
        stories = int(catalog.db.execute("SELECT COUNT(*) FROM story_list").fetchone()[0])
        narrowed = [0]
        moments = [*MOMENTS, "2000-01-01", "2026-04-13", "2099-01-01"]
        sources = [s for s in SOURCES if s] + ["nowhere.example"]

        @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
        @given(
            st.one_of(st.none(), st.sampled_from(sources)),
            st.one_of(st.none(), st.sampled_from(moments)),
            st.one_of(st.none(), st.sampled_from(["2021-06-01", "2022-01-15"])),
            st.sampled_from(list(StorySort)),
            st.sampled_from(LIMITS),
            st.integers(0, 25),
        )
        def check(
            source: str | None, since: str | None, day: str | None, sort: StorySort, limit: int, offset: int
        ) -> None:
            flt = StoryFilter(date_from=day, source=source, updated_since=since)
            page = catalog.stories(flt, sort, limit, offset)
            assert ([s.id for s in page.items], page.total) == _old(catalog, flt, sort, limit, offset), flt
            narrowed[0] += 0 < page.total < stories

        check()
        assert narrowed[0] > 0  # some filters kept some stories and not others
    finally:
        catalog.close()


def test_a_filter_follows_an_article_moved_and_reingested(store: Path, tmp_path: Path) -> None:
    """After writes through the triggers (an article moved to another story, then
    ingested again later), the new filters still answer as the joins."""
    copy = tmp_path / "moved.db"
    copy.write_bytes(store.read_bytes())
    with sqlite3.connect(copy) as conn:
        (article_id,), (other_story,) = (
            conn.execute("SELECT article_id FROM assignments ORDER BY article_id LIMIT 1").fetchone(),
            conn.execute("SELECT story_id FROM assignments ORDER BY story_id DESC LIMIT 1").fetchone(),
        )
        conn.execute("UPDATE assignments SET story_id = ? WHERE article_id = ?", (other_story, article_id))
        conn.execute(
            "UPDATE articles SET ingested_at = ?, source = ? WHERE id = ?",
            ("2030-01-01T00:00:00+00:00", "moved.example", article_id),
        )
    catalog = Catalog(copy)
    try:
        for flt in (
            StoryFilter(updated_since="2029-12-31"),
            StoryFilter(source="moved.example"),
            StoryFilter(updated_since=MOMENTS[3], source=SOURCES[0]),
        ):
            page = catalog.stories(flt, StorySort.recency, 20, 0)
            assert ([s.id for s in page.items], page.total) == _old(catalog, flt, StorySort.recency, 20, 0)
        assert [s.id for s in catalog.stories(StoryFilter(updated_since="2029-12-31")).items] == [other_story]
    finally:
        catalog.close()
