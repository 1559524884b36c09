"""Story-stage fixtures shared by its test modules: annotated seeds and bsnlp-ru topics.

Annotating is the slow part, so each set is annotated once per session and every
module gets its own deep copy (tests rename entities and fold articles, which
changes them)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.model import Article, Entity

from .seedkit import link_entities, load_seeds

Annotated = tuple[list[Article], dict[str, Entity]]


@pytest.fixture(scope="session")
def _annotated_sets(corpora: Path, seeds_dir: Path, annotator: Any) -> Callable[[str, int], Annotated]:
    kept: dict[tuple[str, int], Annotated] = {}

    def load(topic: str, count: int) -> Annotated:
        key = (topic, count)
        if key not in kept:
            if topic == "seeds":
                _, articles, entities = load_seeds(seeds_dir, annotator)
                kept[key] = (articles[:count] if count else articles, entities)
            else:
                kept[key] = _bsnlp(corpora, annotator, topic, count)
        return copy.deepcopy(kept[key])

    return load


def _bsnlp(corpora: Path, annotator: Any, topic: str, count: int) -> Annotated:
    """The first `count` articles of a bsnlp-ru topic by id, annotated, entities linked by name."""
    path = corpora / "bsnlp-ru" / "articles.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = sorted((r for r in rows if r["id"].startswith(f"bsnlp-{topic}-")), key=lambda r: r["id"])
    articles = [
        Article(
            id=r["id"],
            text=r["text"],
            title=r.get("title") or "",
            source=r.get("source"),
            published=r.get("published"),
            lang="ru",
            seq=i,
        )
        for i, r in enumerate(rows[:count])
    ]
    for article, ann in zip(articles, annotator.annotate_many(articles), strict=True):
        article.annotation = ann
    return articles, link_entities(articles)


@pytest.fixture(scope="session")
def bsnlp_topic(_annotated_sets: Callable[[str, int], Annotated]) -> Callable[[str, int], Annotated]:
    """`bsnlp_topic(topic, count)`: that topic's first `count` articles, annotated (a copy)."""
    return _annotated_sets


@pytest.fixture(scope="module")
def seeds(_annotated_sets: Callable[[str, int], Annotated]) -> Annotated:
    """The five seed articles, annotated, with their entities (this module's copy)."""
    return _annotated_sets("seeds", 0)
