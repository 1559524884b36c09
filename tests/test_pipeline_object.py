"""The long-lived Pipeline: fed one article at a time or in batches, it keeps its
annotator and grouper, holds the writer lease in its with-block, and groups exactly
as one run over everything does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.errors import WriterBusyError
from storyline.ingest import ingest
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store


def normalised(tmp_path: Path, seeds_dir: Path) -> list[Article]:
    with open_store(tmp_path / "scratch.db") as scratch:
        ingest(scratch, [str(seeds_dir)])
        return [replace(a, seq=None, annotation=None) for a in scratch.iter_articles(with_annotation=False)]


def grouping(store: Store) -> tuple[dict[str, tuple[str, str]], list[str]]:
    return store.assignments(), sorted(s.title for s in store.stories())


def test_one_at_a_time_equals_one_run(tmp_path: Path, seeds_dir: Path, annotator: Annotator) -> None:
    articles = normalised(tmp_path, seeds_dir)
    with open_store(tmp_path / "run.db") as whole:
        ingest(whole, [str(seeds_dir)])
        Pipeline(whole, annotator=annotator).process()
        expected = grouping(whole)
    with open_store(tmp_path / "one.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        groupers = set()
        for article in articles:
            report = pipeline.add(replace(article))
            assert (report.annotated, report.grouped, report.failed) == (1, 1, 0)
            groupers.add(id(pipeline.grouper))
        assert len(groupers) == 1  # loaded once, kept between articles
        assert grouping(store) == expected
        assert store.current_lease() is not None and store.current_lease().owner == "storyline"  # type: ignore[union-attr]
    with open_store(tmp_path / "one.db") as store:
        assert store.current_lease() is None  # released at the end of the block


def test_a_batch_and_a_repeat(tmp_path: Path, seeds_dir: Path, annotator: Annotator) -> None:
    articles = normalised(tmp_path, seeds_dir)
    with open_store(tmp_path / "batch.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        first = pipeline.add([replace(a) for a in articles[:3]])
        assert (first.annotated, first.grouped) == (3, 3)
        again = pipeline.add([replace(a) for a in articles])  # three known, two new
        assert (again.annotated, again.grouped) == (2, 2)
        assert store.count_articles() == 5 and store.ids_without_assignment() == []


def test_two_pipelines_on_one_store_cannot_both_write(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    with open_store(path) as a, open_store(path) as b, Pipeline(a, owner="the watcher"):
        with pytest.raises(WriterBusyError, match="the watcher"):
            Pipeline(b, owner="an ingest", wait=0.2).__enter__()


def test_state_outlives_the_lease_unless_another_writer_held_it(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    """A watcher or a server takes the lease per poll or per article: between two of its
    with-blocks its grouping and story state stay valid unless someone else wrote."""
    articles = normalised(tmp_path, seeds_dir)
    path = tmp_path / "kept.db"
    with open_store(path) as store, open_store(path) as other_store:
        pipeline = Pipeline(store, annotator=annotator)
        with pipeline:
            pipeline.add([replace(a) for a in articles[:3]])
            grouper, states = pipeline.grouper, pipeline._story_states
            kept_stories = set(states.states)
        assert kept_stories
        with pipeline:  # nobody else wrote: kept
            assert set(states.states) == kept_stories
            pipeline.add(replace(articles[3]))
            assert pipeline.grouper is grouper
        with Pipeline(other_store, annotator=annotator) as other:
            other.add(replace(articles[4]))
        with pipeline:  # another writer held the lease meanwhile: read again
            assert pipeline.grouper is not grouper
            assert not states.states
        with pytest.raises(RuntimeError), pipeline:
            kept = pipeline.grouper
            raise RuntimeError("a failed job")
        with pipeline:  # a failed block may have rolled writes back: read again
            assert pipeline.grouper is not kept
        assert store.count_articles() == 5 and store.ids_without_assignment() == []


def test_articles_built_by_hand_are_normalised_not_taken_for_duplicates(
    tmp_path: Path, annotator: Annotator
) -> None:
    """Two hand-made articles (no content hash) are two articles, cleaned like ingested
    ones; an empty one is a rejection with its reason, not a silent loss."""
    first = Article(
        id="a", text="Парламент  Киргизии\u00a0одобрил отправку миротворцев.", published="2022-01-07"
    )
    second = Article(id="b", text="Миротворцы ОДКБ прибыли в Алматы.", published="2022-01-08")
    empty = Article(id="c", text="   ", published="2022-01-08")
    with open_store(tmp_path / "hand.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        pipeline.add([first, second, empty])
        stored = {a.id: a for a in store.iter_articles(with_annotation=False)}
        assert set(stored) == {"a", "b"}
        assert stored["a"].content_hash and stored["a"].content_hash != stored["b"].content_hash
        assert stored["a"].published_precision == "day"
        assert set(store.assignments()) == {"a", "b"}
        assert [r.reason for r in store.rejections()] == ["empty 'text' (nothing but whitespace)"]
