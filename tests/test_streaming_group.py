"""Grouping while annotation runs gives exactly the grouping of a run that annotated
everything first (real annotator, real SQLite store, bsnlp-ru articles)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

import storyline.pipeline_annotate as annotate_step
from storyline.annotate import Annotator
from storyline.ingest import ingest
from storyline.model import Annotation, Article
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store

# Enough articles for several annotation batches of the size below, across topics.
SAMPLE = 36
BATCH = 5


class BrokenOn(Annotator):
    """The real annotator, raising on one chosen article."""

    def __init__(self, inner: Annotator, article_id: str) -> None:
        super().__init__(inner.nlp)
        self.article_id = article_id

    def annotate_many(self, articles: Sequence[Article]) -> list[Annotation]:
        if any(a.id == self.article_id for a in articles):
            raise ValueError("chosen to fail")
        return super().annotate_many(articles)


def sample(corpora: Path, tmp_path: Path) -> tuple[Path, str]:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = lines[:: len(lines) // SAMPLE][:SAMPLE]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return path, json.loads(chosen[SAMPLE // 2])["id"]


def grouping(store: Store) -> tuple[object, ...]:
    """Everything grouping decided, by article: thread, story, entity links; and the stories."""
    assignments = sorted(store.assignments().items())
    links = sorted(
        (a.id, tuple(m.entity_id or "" for m in a.annotation.entities))
        for a in store.iter_articles()
        if a.annotation is not None
    )
    stories = sorted(
        (s.id, tuple(s.article_ids), s.title, tuple(s.summary_sentences)) for s in store.stories()
    )
    failures = sorted((f.stage, f.item_id) for f in store.failures())
    return assignments, links, stories, failures


def test_streamed_grouping_equals_grouping_after_annotation(
    corpora: Path, tmp_path: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotate_step, "ANNOTATE_BATCH", BATCH)
    source, broken = sample(corpora, tmp_path)
    results = []
    for name, streamed in (("sequential", False), ("streamed", True)):
        steps: list[str] = []
        with open_store(tmp_path / f"{name}.db") as store:
            ingest(store, [str(source)])
            pipeline = Pipeline(
                store,
                annotator=BrokenOn(annotator, broken),
                progress=lambda step, *_, seen=steps: seen.append(step),
            )
            if not streamed:
                pipeline.annotate_pending()  # everything annotated before anything is grouped
            report = pipeline.process()
            assert report.grouped == SAMPLE - 1  # all but the broken one
            results.append(grouping(store))
        if streamed:  # grouping really ran between annotation batches
            assert steps.index("group") < len(steps) - 1 - steps[::-1].index("annotate")
    assert results[0] == results[1]
    assert results[1][3] == [("annotate", broken)]
