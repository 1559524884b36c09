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
