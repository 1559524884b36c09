"""The kept story states stay within their memory budget, dropping first the state
cheapest to bring back (a big story's, read back from its stored state, before small
stories that would be rebuilt), the least recently touched among equals, and a story
dropped and touched again comes out as a rebuild would make it (read back from its
stored state, or rebuilt from its articles)."""

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


def _state(story_id: str, sentences: int, articles: int = 1) -> StoryState:
    state = StoryState(story_id)
    state.sentence_count = sentences
    state.articles = [Article(id=f"{story_id}-{n}", text="") for n in range(articles)]
    return state


def test_a_state_that_can_be_read_back_makes_room_before_states_that_must_be_rebuilt() -> None:
    states = StoryStates(budget=100 * BYTES_PER_SENTENCE, snapshot_min=50, snapshot_lag=10)
    states._keep("a", _state("a", 20, articles=2))  # small: rebuilt if dropped
    states._keep("b", _state("b", 20, articles=2))
    states.stored["z"] = 58  # big, and its state is stored two articles behind
    states._keep("z", _state("z", 70, articles=60))
    states._trim()
    # Least recently touched first would have dropped a and b (40 sentences to free 10).
    assert list(states.states) == ["a", "b"] and states.evicted == 1 and states.dropped == {"z"}
    # Touched on every round while a and b are not: a and b grow old and go in the
    # end, oldest first, and then z stays.
    rounds = 0
    while "a" in states.states:
        rounds += 1
        assert rounds < 100
        states._keep("z", _state("z", 70, articles=60))
        states._trim()
    # z's read-back costs 0.12 ms a sentence against a rebuild's 0.70: it makes room
    # itself on the first rounds, until the floor has risen past a's price.
    assert rounds >= 5 and list(states.states) == ["b", "z"]
    assert states.dropped == {"a"}


def test_among_states_rebuilt_alike_the_least_recently_touched_goes_first() -> None:
    states = StoryStates(budget=100 * BYTES_PER_SENTENCE)
    for story_id, sentences in (("a", 40), ("b", 30), ("c", 20)):
        states._keep(story_id, _state(story_id, sentences))
    states._keep("a", states.states.pop("a"))  # a touched again: b is now the oldest
    states._keep("d", _state("d", 25))
    states._trim()
    assert list(states.states) == ["c", "a", "d"] and states.dropped == {"b"}


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


def _topic_articles(corpora: Path, counts: dict[str, int]) -> dict[str, list[Article]]:
    found: dict[str, list[Article]] = {topic: [] for topic in counts}
    with open(corpora / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            bucket = found.get(row["topic"])
            if bucket is not None and len(bucket) < counts[row["topic"]]:
                bucket.append(
                    Article(
                        id=row["id"],
                        text=row["text"],
                        title=row.get("title") or "",
                        published=row.get("published"),
                    )
                )
    return found


def test_a_big_story_with_a_stored_state_makes_room_and_small_stories_are_not_rebuilt_again(
    tmp_path: Path, corpora: Path, annotator: Annotator
) -> None:
    """The watcher's case at 5,000 articles in small: a big story touched by every poll
    and small ones touched now and then, with room for all but the big one's growth."""
    topics = _topic_articles(corpora, {"nord_stream": 5, "asia_bibi": 2, "brexit": 2})
    big, small_b, small_c = topics["nord_stream"], topics["asia_bibi"], topics["brexit"]
    with open_store(tmp_path / "kept.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        states = pipeline._story_states
        states.snapshot_min, states.snapshot_lag = 3, 1  # the big story's state is stored
        for article in [*big[:3], small_b[0], small_c[0]]:
            pipeline.add(replace(article))
        assert len(states.states) == 3 and states.evicted == 0
        states.budget = states.kept_bytes()  # all three fit, and nothing more
        for article in [big[3], small_b[1], small_c[1], big[4]]:
            pipeline.add(replace(article))
            assert states.kept_bytes() <= states.budget
        story_of = {a: s for a, (_, s) in store.assignments().items()}
        assert len({story_of[a.id] for a in big}) == 1  # three stories, as the topics
        assert len({story_of[a.id] for a in [*small_b, *small_c]}) == 2
        assert states.evicted >= 2 and states.rebuilt_again == 0  # least recent first: 1 or more
        assert states.read_again >= 1 and states.hits >= 2
        assert {story_of[small_b[0].id], story_of[small_c[0].id]} <= set(states.states)
        assert_stories_equal_rebuild(store)
        memory = pipeline.memory()
        assert memory.stories_again == states.read_again and memory.stories_again_cpu > 0
        assert f", {states.read_again} brought back after eviction (" in memory.line()
