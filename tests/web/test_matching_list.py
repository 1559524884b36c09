"""A story list narrowed by a text query (`/?q=`) is one statement for its page and
total (the hits' join to their stories runs once): every page and total equal the
two-statement list's (a count, then the page: `_active_page` by activity), on the
seeds, on the replayed store of many stories and on a copy with redrawn days and sizes, for random queries, filters,
sorts and offsets (hypothesis)."""

from __future__ import annotations

import importlib.util
import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.query.rows import StorySort
from storyline.web.catalog import _ORDERS, Catalog, StoryFilter
from storyline.web.search import Searcher, SearchFilter

REPO = Path(__file__).resolve().parents[2]
# Words a query is drawn from: the stores' own title and lead words (so most queries hit).
WORDS_MAX = 40
LIMITS = (1, 3, 20)
SHUFFLE_SEED = 8


@pytest.fixture(scope="module")
def stores(web_seeds_master: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    spec = importlib.util.spec_from_file_location("serve_load", REPO / "benchmarks" / "serve_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path_factory.mktemp("matching") / "replayed.db"
    module.replay(web_seeds_master, target, 30, 365)
    return {"seeds": web_seeds_master, "replayed": target, "shuffled": _shuffled(target, tmp_path_factory)}


def _shuffled(replayed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replayed store with its articles' days and its stories' sizes and last
    days redrawn (seeded): stories then differ in their activity-window articles
    and sizes, so the activity order's every key is exercised. Both lists read the
    same rows, so they must agree however inconsistent the rows are."""
    target = tmp_path_factory.mktemp("shuffled") / "shuffled.db"
    shutil.copyfile(replayed, target)
    draw = random.Random(SHUFFLE_SEED)
    with sqlite3.connect(target) as conn:
        seqs = [seq for (seq,) in conn.execute("SELECT seq FROM articles")]
        for seq in seqs:
            day = f"2022-01-{draw.randint(18, 31):02d}"
            conn.execute("UPDATE articles SET published = ? WHERE seq = ?", (day, seq))
        for (story_id,) in conn.execute("SELECT story_id FROM story_list").fetchall():
            conn.execute(
                "UPDATE story_list SET articles = ?, last_published = ? WHERE story_id = ?",
                (draw.randint(1, 4), f"2022-01-{draw.randint(20, 31):02d}", story_id),
            )
    return target


def _words(catalog: Catalog) -> list[str]:
    titles = " ".join(
        t
        for (t,) in catalog.db.execute(
            "SELECT title || ' ' || substr(text, 1, 300) FROM articles ORDER BY seq LIMIT 200"
        )
    )
    return sorted({w.lower() for w in re.findall(r"\w{4,}", titles)})[:WORDS_MAX]


def _two_statements(
    catalog: Catalog, flt: StoryFilter, sort: StorySort, limit: int, offset: int
) -> tuple[list[str], int]:
    """The list as it was built before: a count, then the page (by its own query)."""
    where, args = catalog._story_where(flt)
    total = int(catalog.db.execute(f"SELECT COUNT(*) FROM story_list z {where}", args).fetchone()[0])
    if sort is StorySort.activity:
        return catalog._active_page(where, args, limit, offset), total
    rows = catalog.db.execute(
        f"SELECT z.story_id FROM story_list z {where} ORDER BY {_ORDERS[sort]} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return [r[0] for r in rows], total


@pytest.mark.parametrize("name", ["seeds", "replayed", "shuffled"])
def test_random_queries_list_and_count_as_two_statements(stores: dict[str, Path], name: str) -> None:
    catalog = Catalog(stores[name])
    try:
        searcher, words = Searcher(catalog), _words(catalog)
        sources = [
            s for (s,) in catalog.db.execute("SELECT DISTINCT source FROM articles ORDER BY source") if s
        ]
        assert words
        hits = [0]

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(
            st.lists(st.sampled_from(words), min_size=1, max_size=2),
            st.sampled_from(list(StorySort)),
            st.sampled_from(LIMITS),
            st.integers(0, 25),
            st.one_of(st.none(), *([st.sampled_from(sources)] if sources else [])),
            st.one_of(st.none(), st.sampled_from(["2021-06-01", "2022-01-15", "2023-01-01"])),
        )
        def check(
            terms: list[str], sort: StorySort, limit: int, offset: int, source: str | None, since: str | None
        ) -> None:
            query = " ".join(terms)
            matching = searcher.matching_clause(query, SearchFilter(None, source, since, None))
            flt = StoryFilter(date_from=since, source=source, articles_matching=matching)
            page = catalog.stories(flt, sort, limit, offset)
            ids, total = _two_statements(catalog, flt, sort, limit, offset)
            assert ([s.id for s in page.items], page.total) == (ids, total), (query, sort, limit, offset)
            hits[0] += total > 0

        check()
        assert hits[0] > 0  # the queries found stories: the comparison is not of empty lists
    finally:
        catalog.close()


def test_a_page_past_the_end_still_counts_the_list(stores: dict[str, Path]) -> None:
    catalog = Catalog(stores["replayed"])
    try:
        searcher = Searcher(catalog)
        word = _words(catalog)[0]
        flt = StoryFilter(
            articles_matching=searcher.matching_clause(word, SearchFilter(None, None, None, None))
        )
        first = catalog.stories(flt, StorySort.recency, 20, 0)
        assert first.total > 0
        beyond = catalog.stories(flt, StorySort.recency, 20, first.total + 5)
        assert beyond.items == [] and beyond.total == first.total
    finally:
        catalog.close()
