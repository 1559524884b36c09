"""Parallel annotation gives the same annotations, in the same order, as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.annotate.pool import annotate_all, annotate_parallel
from storyline.model import Article


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    paths = sorted(seeds_dir.glob("*.txt"))[:3]
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8"), published="2022-01") for p in paths]
    # a non-Russian and an empty document ride along: the light pipeline must survive the pool too
    articles.append(Article(id="en", text="The CSTO agreed to send peacekeepers to Kazakhstan on Thursday."))
    articles.append(Article(id="empty", text=""))
    return articles


def test_workers_agree(annotator: Annotator, seed_articles: list[Article]) -> None:
    one = list(annotate_parallel(seed_articles, workers=1, annotator=annotator))
    two = list(annotate_parallel(seed_articles, workers=2, chunk=2, annotator=annotator))
    assert [i for i, _ in two] == [a.id for a in seed_articles]
    assert [a.to_dict() for _, a in two] == [a.to_dict() for _, a in one]
    assert one[0][1].full and one[0][1].quotes  # the seeds really were annotated


def test_spawned_workers_agree(annotator: Annotator, seed_articles: list[Article]) -> None:
    """Workers that load their own models (spawn) give what an inherited annotator gives."""
    few = seed_articles[:1] + seed_articles[-2:]
    one = annotate_all(few, workers=1)
    spawned = dict(annotate_parallel(few, workers=2, chunk=1, start_method="spawn"))
    assert list(spawned) == [a.id for a in few]
    assert {k: v.to_dict() for k, v in spawned.items()} == {k: v.to_dict() for k, v in one.items()}
    assert one["en"].lang == "en" and not one["en"].full
    assert one["empty"].lang == "und"


def test_chunk_must_be_positive(seed_articles: list[Article]) -> None:
    with pytest.raises(ValueError):
        list(annotate_parallel(seed_articles, workers=1, chunk=0))


def test_empty_and_single_chunk(annotator: Annotator, seed_articles: list[Article]) -> None:
    assert list(annotate_parallel([], workers=2, annotator=annotator)) == []
    # one chunk runs in this process: same result, no pool
    few = seed_articles[-2:]
    assert [i for i, _ in annotate_parallel(few, workers=2, annotator=annotator)] == ["en", "empty"]


def test_encoded_transport_gives_the_same_annotations_and_the_store_bytes(
    annotator: Annotator, seed_articles: list[Article]
) -> None:
    """Workers that send the store's encoding: the parent decodes what the workers
    annotated, and keeps for the writer exactly the bytes the store would write."""
    from storyline.annotate.pool import Encoding
    from storyline.store import codec

    one = list(annotate_parallel(seed_articles, workers=1, annotator=annotator, isolate=True))
    encoding = Encoding(codec.annotation_dumps, codec.annotation_loads)
    two = list(
        annotate_parallel(
            seed_articles, workers=2, chunk=2, annotator=annotator, isolate=True, encoding=encoding
        )
    )
    assert [i for i, _ in two] == [a.id for a in seed_articles]
    assert [a.to_dict() for _, a in two] == [a.to_dict() for _, a in one]  # type: ignore[union-attr]
    for article_id, annotation in one:
        assert encoding.take(article_id) == codec.annotation_dumps(annotation)  # type: ignore[arg-type]
    assert encoding.blobs == {}
