"""The kept story states stay within their memory budget, dropping the least recently
touched story first, and a story dropped and touched again comes out as a rebuild
would make it (read back from its stored state, or rebuilt from its articles)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.story.kept import BYTES_PER_SENTENCE, StoryStates, state_bytes
from storyline.story.state import StoryState

from .test_pipeline_stories import assert_stories_equal_rebuild

# Two bsnlp-ru topics, taken in turns, so that each add touches the other story than the last.
TOPICS = ("nord_stream", "asia_bibi")
PER_TOPIC = 4


def _state(story_id: str, sentences: int) -> StoryState:
    state = StoryState(story_id)
    state.sentence_count = sentences
    return state


def test_the_least_recently_touched_story_is_dropped_first() -> None:
    states = StoryStates(budget=100 * BYTES_PER_SENTENCE)
    for story_id, sentences in (("a", 40), ("b", 30), ("c", 20)):
        states.states[story_id] = _state(story_id, sentences)
    states.states.move_to_end("a")  # a was touched last: b is now the oldest
    states.states["d"] = _state("d", 25)
    states._trim()
    assert list(states.states) == ["c", "a", "d"] and states.evicted == 1
    assert states.kept_bytes() == 85 * BYTES_PER_SENTENCE <= states.budget
    states.states["e"] = _state("e", 101)  # over the budget alone: not kept, and the others stay
    states._trim()
    assert list(states.states) == ["c", "a", "d"] and states.evicted == 2
    states.states.move_to_end("c")  # touched again: now the most recent
    states.states["f"] = _state("f", 30)
    states._trim()
    assert list(states.states) == ["d", "c", "f"] and states.evicted == 3
    assert state_bytes(_state("x", 3)) == 3 * BYTES_PER_SENTENCE


def _articles(corpora: Path) -> list[Article]:
    by_topic: dict[str, list[dict[str, str]]] = {t: [] for t in TOPICS}
    with open(corpora / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["topic"] in by_topic and len(by_topic[row["topic"]]) < PER_TOPIC:
                by_topic[row["topic"]].append(row)
    turns = [by_topic[t][i] for i in range(PER_TOPIC) for t in TOPICS]
    return [
        Article(id=r["id"], text=r["text"], title=r.get("title") or "", published=r.get("published"))
        for r in turns
    ]


@pytest.mark.parametrize("stored", [True, False], ids=["read-back", "rebuilt"])
def test_a_dropped_story_touched_again_equals_a_rebuild(
    tmp_path: Path, corpora: Path, annotator: Annotator, stored: bool
) -> None:
    articles = _articles(corpora)
    with open_store(tmp_path / "kept.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        states = pipeline._story_states
        states.snapshot_min = 1 if stored else 10**9  # every story's state stored, or none
        states.snapshot_lag = 1
        # Room for about two articles' sentences: one story at a time, at most.
        states.budget = 2 * BYTES_PER_SENTENCE * max(1, len(articles[0].text) // 150)
        for article in articles:
            pipeline.add(replace(article))
            assert states.kept_bytes() <= states.budget
            assert_stories_equal_rebuild(store)
        assert states.evicted > 0
        if stored:
            assert states.loaded > 0  # dropped states were read back, not rebuilt
        else:
            assert states.rebuilt > len({s.id for s in store.stories()})  # some stories more than once
        # The churn is visible in the writer's memory report (the watcher logs it per poll).
        memory = pipeline.memory()
        assert (memory.stories.evicted, memory.stories.reads, memory.stories_rebuilt) == (
            states.evicted,
            states.loaded,
            states.rebuilt,
        )
        assert memory.stories.kept == len(states.states) and memory.rss_mib > 0
        assert memory.threads.hits > 0 and f"{states.evicted} evicted" in memory.line()
