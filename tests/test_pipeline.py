"""The pipeline over a real SQLite store: pending work only, and a rebuild when the
annotator's version changes under already grouped articles."""

from __future__ import annotations

from pathlib import Path

from storyline.annotate import VERSION
from storyline.ingest import ingest
from storyline.pipeline import GROUPED_WITH, annotate_pending, process
from storyline.store import Store, open_store


def seeded(tmp_path: Path, seeds_dir: Path) -> Store:
    store = open_store(tmp_path / "s.db")
    ingest(store, [str(seeds_dir)])
    return store


def age_annotations(store: Store) -> None:
    """Make the store look as if an older annotator had annotated and grouped it."""
    with store.transaction():
        for article in list(store.iter_articles()):
            assert article.annotation is not None
            article.annotation.version = "0"
            store.save_annotation(article.id, article.annotation)
        store.set_state(GROUPED_WITH, b"0")


def shape(store: Store) -> tuple[int, list[int]]:
    return len(store.stories()), sorted(len(t.article_ids) for t in store.threads())


def test_second_run_has_nothing_to_do(tmp_path: Path, seeds_dir: Path) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        first = process(store)
        assert (first.annotated, first.grouped, first.reclustered) == (5, 5, False)
        assert store.get_state(GROUPED_WITH) == VERSION.encode()
        again = process(store)
        assert (again.annotated, again.grouped, again.stories_built, again.reclustered) == (0, 0, 0, False)


def test_new_annotator_version_rebuilds_the_grouping(tmp_path: Path, seeds_dir: Path) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        process(store)
        before = shape(store)
        age_annotations(store)
        report = process(store)
        assert report.annotated == 5 and report.reclustered
        assert shape(store) == before
        assert store.get_state(GROUPED_WITH) == VERSION.encode()
        # The grouping wrote its corpus entity ids back into the new annotations.
        for article in store.iter_articles():
            assert article.annotation is not None and article.annotation.version == VERSION
            assert any(m.entity_id for m in article.annotation.entities)


def test_a_run_killed_after_annotating_still_rebuilds(tmp_path: Path, seeds_dir: Path) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        process(store)
        age_annotations(store)
        assert annotate_pending(store) == 5  # ... and the process dies here
        report = process(store)
        assert report.annotated == 0 and report.reclustered
        assert store.get_state(GROUPED_WITH) == VERSION.encode()
