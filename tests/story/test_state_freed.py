"""A dropped story state is freed when its last reference goes, without the cyclic
collector.

A long-lived writer (the watcher) drops kept states all the time (`story/kept.py`'s
budget), and the annotation pool raises the collector's thresholds so far
(`annotate/pool.py`) that a full collection is rare: a state left to the collector
stays in memory for dozens of polls. Until session 13 the story IDF and its lazy
weights referred to each other, so each dropped state left its IDF, the weights'
cover cache and every sentence held there (with its tokens) behind: the watcher held
~40,000 such sentences at 2,000 articles, ~1 GB of its RSS (docs/watch.md)."""

from __future__ import annotations

import copy
import gc
import weakref
from collections.abc import Iterator

import pytest

from storyline.story.state import StoryState

from .conftest import Annotated


@pytest.fixture
def no_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_dropped_extended_state_is_freed_by_reference_counting(
    seeds: Annotated, no_collector: None
) -> None:
    articles, _ = seeds
    state = StoryState.rebuild("s-1", copy.deepcopy(articles[:-2]))
    assert state.extend(copy.deepcopy(articles[-2:]))
    sentences = [s for infos in state.infos.values() for s in infos]
    a, b = sentences[0], sentences[-1]
    state.idf.cover(a, b)  # the weights' cover cache holds a sentence, as after a novelty judgement
    assert state.idf._lazy.covers
    held = [weakref.ref(x) for x in (state, state.idf, state.idf._lazy, *sentences)]
    del state, sentences, a, b
    alive = [r() for r in held if r() is not None]
    assert alive == []
