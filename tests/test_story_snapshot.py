"""A big story's fold state is stored: a fresh process (a new pipeline on the same
database) extends the story from it instead of rebuilding, with the same result as
the long-lived process and as a rebuild; a state it cannot trust is not used."""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store
from storyline.story import reading_order, snapshot
from storyline.story.kept import StoryStates

from .test_pipeline_stories import assert_stories_equal_rebuild, normalised


def _pipeline(store: Store, annotator: Annotator, lag: int = 1) -> Pipeline:
    pipeline = Pipeline(store, annotator=annotator)
    pipeline._story_states.snapshot_min = 1  # the seeds' stories are small
    pipeline._story_states.snapshot_lag = lag
    return pipeline


def _records(store: Store) -> dict[str, tuple[object, ...]]:
    out: dict[str, tuple[object, ...]] = {}
    for s in store.stories():
        novelty = [store.novelty(a) for a in s.article_ids]
        out[s.id] = (
            s.title,
            s.summary,
            s.entity_ids,
            s.timeline,
            s.facts,
            s.quotes,
            s.summary_sentences,
            novelty,
        )
    return out


@pytest.fixture
def arrivals(tmp_path: Path, seeds_dir: Path) -> list[Article]:
    return reading_order(normalised(tmp_path, seeds_dir))


@pytest.mark.parametrize("lag", [1, 100])
def test_a_fresh_process_extends_the_stored_state(
    tmp_path: Path, annotator: Annotator, arrivals: list[Article], lag: int
) -> None:
    # the long-lived process: every article through one pipeline
    with open_store(tmp_path / "long.db") as store, _pipeline(store, annotator, lag) as pipeline:
        for article in arrivals:
            pipeline.add(replace(article))
        long_lived = _records(store)
        long_rebuilt = pipeline._story_states.rebuilt
    # a new process for each article after the first (as `storyline ingest one.jsonl` runs)
    loaded = rebuilt = 0
    with open_store(tmp_path / "fresh.db") as store:
        for article in arrivals:
            with _pipeline(store, annotator, lag) as pipeline:
                pipeline.add(replace(article))
                loaded += pipeline._story_states.loaded
                rebuilt += pipeline._story_states.rebuilt
            assert_stories_equal_rebuild(store)
        assert _records(store) == long_lived
    # the fresh processes rebuild only where the long-lived one had to (a first build, a
    # merge or an out-of-order arrival): every other addition extends the stored state
    assert rebuilt <= long_rebuilt
    assert loaded >= len(arrivals) - rebuilt  # (a state read may still meet a refused extension)


def test_a_state_it_cannot_trust_is_rebuilt(
    tmp_path: Path, annotator: Annotator, arrivals: list[Article]
) -> None:
    with open_store(tmp_path / "s.db") as store:
        with _pipeline(store, annotator) as pipeline:
            for article in arrivals:
                pipeline.add(replace(article))
        story = max(store.stories(), key=lambda s: len(s.article_ids))
        assert store.story_state(story.id) is not None

        def rebuilds() -> int:
            states = StoryStates(snapshot_min=1)
            states.update(store, store.get_story(story.id))
            return states.rebuilt

        assert rebuilds() == 0
        fmt, n, data = store.story_state(story.id)  # type: ignore[misc]
        with store.transaction():  # written by other code
            store.save_story_state(story.id, "fold-0:other", n, data)
        assert rebuilds() == 1
        with store.transaction():  # damaged
            store.save_story_state(story.id, fmt, n, data[: len(data) // 2])
        assert rebuilds() == 1
        with store.transaction():  # what a state never holds: refused, not run
            store.save_story_state(story.id, fmt, n, zlib.compress(pickle.dumps(os.getcwd)))
        assert rebuilds() == 1
        with store.transaction():
            store.save_story_state(story.id, fmt, n, data)
        assert rebuilds() == 0
        edited = store.get_article(story.article_ids[0])
        with store.transaction():  # another writer edited one of its articles
            store.replace_article_text(
                replace(edited, text=edited.text + " Дополнено.", content_hash="h-edited")
            )
        assert rebuilds() == 1


def test_refused_names_do_not_load() -> None:
    with pytest.raises(snapshot.SnapshotError):
        snapshot.loads(zlib.compress(pickle.dumps(os.system)))
    with pytest.raises(snapshot.SnapshotError):
        snapshot.loads(b"not a state")
    with pytest.raises(snapshot.SnapshotError):
        snapshot.loads(zlib.compress(pickle.dumps([1, 2])))


def test_a_later_process_stores_a_mid_size_story_it_had_to_rebuild(
    tmp_path: Path, annotator: Annotator, arrivals: list[Article]
) -> None:
    # built by one process, below the size whose state every build stores
    first, last = arrivals[:-1], arrivals[-1]
    with open_store(tmp_path / "s.db") as store:
        with Pipeline(store, annotator=annotator) as pipeline:
            pipeline._story_states.snapshot_min = 10**9
            pipeline._story_states.snapshot_again = 1
            for article in first:
                pipeline.add(replace(article))
            assert pipeline._story_states.snapshots == 0  # a first build is not stored
        assert all(store.story_state(s.id) is None for s in store.stories())
        # a new process (`storyline ingest` of one article) rebuilds the story it joins
        with Pipeline(store, annotator=annotator) as pipeline:
            pipeline._story_states.snapshot_min = 10**9
            pipeline._story_states.snapshot_again = 1
            pipeline.add(replace(last))
            assert pipeline._story_states.rebuilt >= 1
        joined = store.get_story(store.assignment_of(last.id)[1])  # type: ignore[index]
        assert len(joined.article_ids) > 1
        assert store.story_state(joined.id) is not None
        # and the next one reads it instead of rebuilding
        states = StoryStates(snapshot_min=10**9, snapshot_again=1)
        states.update(store, joined)
        assert (states.loaded, states.rebuilt) == (1, 0)


def test_inside_the_lease_a_due_state_is_written_at_its_end_or_when_dropped(
    tmp_path: Path, annotator: Annotator, arrivals: list[Article]
) -> None:
    with open_store(tmp_path / "s.db") as store:
        with _pipeline(store, annotator) as pipeline:
            for article in arrivals:
                pipeline.add(replace(article))
            states = pipeline._story_states
            # nothing written inside the adds: the due states wait for the lease's end
            assert states.snapshots == 0
            assert states.pending and states.pending <= set(states.states)
            assert all(store.story_state(s) is None for s in states.pending)
            due = set(states.pending)
            victim = sorted(due)[0]
            states._drop(victim, store)  # leaving memory: written first
            assert store.story_state(victim) is not None and victim not in states.pending
        # the lease's end wrote the rest, each at its story's current size
        assert states.pending == set()
        for story_id in due:
            row = store.story_state(story_id)
            assert row is not None and row[1] == len(store.get_story(story_id).article_ids)
        # and a later process reads them instead of rebuilding
        story = store.get_story(sorted(due)[-1])
        fresh = StoryStates(snapshot_min=1)
        fresh.update(store, store.story_skeleton(story.id))
        assert (fresh.loaded, fresh.rebuilt) == (1, 0)
        assert_stories_equal_rebuild(store)


def test_outside_a_lease_a_due_state_is_written_with_its_story(
    tmp_path: Path, annotator: Annotator, arrivals: list[Article]
) -> None:
    with open_store(tmp_path / "s.db") as store:
        pipeline = _pipeline(store, annotator)
        pipeline.add(replace(arrivals[0]))
        story_id = store.assignment_of(arrivals[0].id)[1]  # type: ignore[index]
        assert store.story_state(story_id) is not None and not pipeline._story_states.pending
