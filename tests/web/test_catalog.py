"""The web's story lists agree with the read side's, on a store of several stories
(the seeds replayed by the load benchmark's own replay: new ids, same texts)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from storyline.query.reader import Reader
from storyline.query.rows import StorySort
from storyline.web.catalog import Catalog, StoryFilter

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def replayed(web_seeds_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("serve_load", REPO / "benchmarks" / "serve_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path_factory.mktemp("replayed") / "replayed.db"
    module.replay(web_seeds_master, target, 30, 365)
    return target


@pytest.mark.parametrize("sort", list(StorySort))
def test_every_page_matches_the_reader(replayed: Path, sort: StorySort) -> None:
    catalog, reader = Catalog(replayed), Reader(replayed)
    try:
        total = reader.stories(sort, 0, 0).total
        assert total >= 6
        for limit in (1, 2, 4):
            for offset in range(0, total + 1):
                mine = [s.id for s in catalog.stories(StoryFilter(), sort, limit, offset).items]
                theirs = [s.id for s in reader.stories(sort, limit, offset).items]
                assert mine == theirs, (sort, limit, offset)
    finally:
        catalog.close()
        reader.close()


def test_member_counts_summed_by_sqlite_equal_the_python_count(replayed: Path, tmp_path: Path) -> None:
    """The list rows' counts summed in SQL (SQLite) are those counted in Python over the
    same `story_members` rows (PostgreSQL's path), at cutoffs that make some articles
    recent, all of them, and none; half the articles re-dated to a day (the seeds'
    dates are months, and only day-precise dates make the per-day volume), the
    members kept by the store's own triggers."""
    import shutil
    import sqlite3

    copy = tmp_path / "days.db"
    shutil.copy(replayed, copy)
    db = sqlite3.connect(copy)
    db.execute(  # a day of the month each (the seeds' dates are months)
        "UPDATE articles SET published = substr(published, 1, 7) || printf('-%02d', 1 + seq % 28)"
        " WHERE seq % 2 = 0 AND length(published) >= 7"
    )
    db.commit()
    db.close()
    catalog = Catalog(copy)
    try:
        ids = [r[0] for r in catalog.db.execute("SELECT story_id FROM story_list")]
        assert len(ids) >= 6
        days = sorted(
            {r[0] for r in catalog.db.execute("SELECT published FROM story_members WHERE published <> ''")}
        )
        for cutoff in ("9999", days[len(days) // 2], days[0][:4], catalog.reader.activity_cutoff() or "9999"):
            summed = catalog._member_counts_sql(ids, cutoff)
            assert summed == catalog._member_counts(ids, cutoff), cutoff
        half = catalog._member_counts_sql(ids, days[len(days) // 2])
        assert any(c[3] for c in half.values()) and any(c[4] for c in half.values())  # not all zeros
        assert sum(c[3] for c in half.values()) < sum(c[0] for c in half.values())  # nor all recent
        assert catalog._member_counts_sql(["no-such-story"], "9999") == {}
    finally:
        catalog.close()


def test_date_range_keeps_the_overlapping_spans(replayed: Path) -> None:
    catalog = Catalog(replayed)
    try:
        every = catalog.stories(StoryFilter(), StorySort.recency, 200, 0).items
        for lo, hi in (
            ("2022-01-01", "2022-01-31"),
            ("2022-01-15", None),
            (None, "2021-12-31"),
            ("2023-02-01", None),
        ):
            got = {
                s.id
                for s in catalog.stories(
                    StoryFilter(date_from=lo, date_to=hi), StorySort.recency, 200, 0
                ).items
            }
            expected = {
                s.id
                for s in every
                if (
                    lo is None
                    or (s.last_published or "") >= lo
                    or (s.last_published or "") in (lo[:7], lo[:4])
                )
                and (hi is None or (s.first_published or "9999") <= hi)
            }
            assert got == expected, (lo, hi)
    finally:
        catalog.close()


def test_text_filter_is_a_subquery_with_the_stories_of_every_hit(replayed: Path) -> None:
    """`q=` narrows the list by a subquery of the index: the same stories as those of
    every matching article, with a few bound parameters however many articles match."""
    from storyline.web.search import Searcher, SearchFilter

    catalog = Catalog(replayed)
    try:
        searcher = Searcher(catalog)
        for query in ("Казахстан", '"миротворческие силы"', "бегемот"):
            match, _ = searcher.parse(query)
            hits = [
                r[0] for r in catalog.db.execute("SELECT rowid FROM search WHERE search MATCH ?", (match,))
            ]
            expected = {
                r[0]
                for seq in hits
                for r in catalog.db.execute(
                    "SELECT m.story_id FROM articles a JOIN assignments m ON m.article_id = a.id WHERE a.seq = ?",
                    (seq,),
                )
            }
            flt = StoryFilter(articles_matching=searcher.matching_clause(query, SearchFilter()))
            got = {s.id for s in catalog.stories(flt, StorySort.recency, 500, 0).items}
            assert got == expected, query
            _, args = catalog._story_where(flt)
            assert len(args) == 1  # the MATCH expression, not one parameter per hit
            if query == "Казахстан":
                assert len(hits) > 20 and len(expected) > 1

        def dated(day: str) -> set[str]:  # the seeds are dated to the month (2022-01)
            flt = StoryFilter(
                articles_matching=searcher.matching_clause("Казахстан", SearchFilter(date_from=day))
            )
            return {s.id for s in catalog.stories(flt, StorySort.recency, 500, 0).items}

        every = {s.id for s in catalog.stories(StoryFilter(), StorySort.recency, 500, 0).items}
        assert dated("2022-02-01") == set()
        assert (
            dated("2022-01-05")
            == {
                s.id
                for s in catalog.stories(
                    StoryFilter(articles_matching=searcher.matching_clause("Казахстан", SearchFilter())),
                    StorySort.recency,
                    500,
                    0,
                ).items
            }
            != set()
        )
        assert every
    finally:
        catalog.close()
