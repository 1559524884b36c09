"""Story rebuilds on forked workers (`story.parallel`) store what the serial loop stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.annotate import Annotator
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store
from storyline.story import parallel
from storyline.story.kept import StoryStates
from storyline.story.state import StoryState

# A few articles of three bsnlp-ru topics: three stories or more.
TOPICS = ("bsnlp-brexit-", "bsnlp-asia_bibi-", "bsnlp-covid-19-")
PER_TOPIC = 4


def _noop(step: str, done: int, total: int) -> None:
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpora: Path, annotator: Annotator) -> Path:
    """A store whose stories the serial loop built (one process, states kept)."""
    tmp = tmp_path_factory.mktemp("parallel")
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [line for topic in TOPICS for line in [x for x in lines if f'"{topic}' in x][:PER_TOPIC]]
    source = tmp / "sample.jsonl"
    source.write_text("\n".join(picked) + "\n", encoding="utf-8")
    db = tmp / "serial.db"
    with open_store(db) as store, Pipeline(store, annotator=annotator, workers=1) as pipeline:
        pipeline.ingest([str(source)])
        pipeline.process()
        assert len(store.stories()) >= 2
    return db


def _stored(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    stories = {s.id: store.get_story(s.id) for s in store.stories()}
    novelty = {a: store.novelty(a) for s in stories.values() for a in s.article_ids}
    return stories, novelty


@pytest.fixture
def copied(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built store, with every batch of rebuilds going to the workers."""
    db = tmp_path / "copy.db"
    db.write_bytes(built.read_bytes())
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ARTICLES", 0)
    return db


def test_workers_store_what_the_serial_loop_stored(copied: Path) -> None:
    with open_store(copied) as store:
        before = _stored(store)
        ids = sorted(before[0])
        states = StoryStates(workers=2)
        failures: list[str] = []
        assert states.build(store, ids, lambda i, e: failures.append(i), _noop) == (len(ids), 0)
        assert not failures
        assert states.rebuilt == len(ids) and not states.states  # built on the workers, none kept here
        assert _stored(store) == before
        # The next build of the same stories (a long-lived pipeline's next poll) is done
        # here and keeps the states, so later articles are folded in, not rebuilt again.
        assert states.build(store, ids, lambda i, e: failures.append(i), _noop) == (len(ids), 0)
        assert set(states.states) == set(ids)
        assert _stored(store) == before and not failures


def test_a_story_over_the_kept_budget_is_built_on_a_worker(copied: Path) -> None:
    """A story whose state alone is over the parent's budget is still built and stored
    (its worker once dropped the state before sending it back: a KeyError per story)."""
    with open_store(copied) as store:
        before = _stored(store)
        ids = sorted(before[0])
        states = StoryStates(workers=2, budget=1)
        failures: list[str] = []
        assert states.build(store, ids, lambda i, e: failures.append(i), _noop) == (len(ids), 0)
        assert not failures and _stored(store) == before


def test_a_story_that_fails_on_a_worker_costs_only_itself(
    copied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(copied) as store:
        before = _stored(store)
        ids = sorted(before[0])
        bad = ids[0]
        rebuild = StoryState.rebuild.__func__  # type: ignore[attr-defined]

        def failing(cls: type[StoryState], story_id: str, articles: list) -> StoryState:  # type: ignore[type-arg]
            if story_id == bad:
                raise ValueError("broken on purpose")
            return rebuild(cls, story_id, articles)  # type: ignore[no-any-return]

        monkeypatch.setattr(StoryState, "rebuild", classmethod(failing))  # inherited by the forked workers
        failed: dict[str, Exception] = {}
        states = StoryStates(workers=2)

        def fail(story_id: str, error: Exception) -> None:
            failed[story_id] = error

        assert states.build(store, ids, fail, _noop) == (len(ids) - 1, 1)
        assert list(failed) == [bad] and isinstance(failed[bad], ValueError)
        assert str(failed[bad]) == "broken on purpose"
        after = _stored(store)
        assert {i: s for i, s in after[0].items() if i != bad} == {
            i: s for i, s in before[0].items() if i != bad
        }


def test_small_batches_and_other_stores_stay_in_this_process(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(built, readonly=True) as store:
        skeletons = store.stories()
        assert parallel.reopenable(store) == str(built)
        assert not parallel.worth_it(skeletons, 1)  # one process asked for
        assert not parallel.worth_it(skeletons[:1], 2)  # one story
        assert not parallel.worth_it(skeletons, 2) or sum(len(s.article_ids) for s in skeletons) >= 100
        # a story at `PARALLEL_MAX_ARTICLES` or above stays in the parent (its state is kept there)
        monkeypatch.setattr(parallel, "PARALLEL_MIN_ARTICLES", 0)
        monkeypatch.setattr(parallel, "PARALLEL_MAX_ARTICLES", 1)
        assert StoryStates(workers=2)._farm_out(store, skeletons) is None
        monkeypatch.setattr(parallel, "PARALLEL_MAX_ARTICLES", 200)
        farm = StoryStates(workers=2)._farm_out(store, skeletons)
        assert farm is not None and set(farm.futures) == {s.id for s in skeletons}
        farm.close()


def test_a_batch_stores_the_states_of_the_stories_it_builds_on_workers(copied: Path) -> None:
    """A story at the stored size is built on a worker at its first build (a batch
    ingest) and its state written then, so a later process reads it instead of
    rebuilding the story (before session 16 the stored size was also the farm-out's
    limit: such a story was built in the parent, or below it nothing was stored)."""
    with open_store(copied) as store:
        before = _stored(store)
        ids = sorted(before[0])
        with store.transaction():
            for story_id in ids:
                store.delete_story_state(story_id)
        states = StoryStates(workers=2, snapshot_min=1)  # every story at the stored size
        assert states.build(store, ids, lambda i, e: None, _noop) == (len(ids), 0)
        assert not states.states and states.snapshots == len(ids)  # built on the workers
        assert all(store.story_state(i) is not None for i in ids)
        later = StoryStates(snapshot_min=1)
        for story_id in ids:
            later.update(store, store.story_skeleton(story_id))
        assert (later.loaded, later.rebuilt) == (len(ids), 0)
        assert _stored(store) == before
