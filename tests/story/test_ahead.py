"""Stories folded on workers while the grouping goes on (`story.ahead`) store exactly
what a run that builds every story at the end stores, whatever the folds meet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storyline.pipeline as pipeline_module
from storyline.annotate import Annotator
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store
from storyline.story import ahead
from storyline.story.state import StoryState

# A few articles of three bsnlp-ru topics, interleaved so that stories gain articles
# at every grouping step and some arrive before articles they follow in reading order.
TOPICS = ("bsnlp-brexit-", "bsnlp-asia_bibi-", "bsnlp-nord_stream-")
PER_TOPIC = 5
STEP = 3  # articles saved, and grouped, per step: five steps of folds


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, corpora: Path) -> Path:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    per_topic = [[x for x in lines if f'"{topic}' in x][:PER_TOPIC] for topic in TOPICS]
    picked = [line for group in zip(*per_topic, strict=True) for line in group]
    source = tmp_path_factory.mktemp("ahead") / "sample.jsonl"
    source.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return source


def _stored(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    stories = {s.id: store.get_story(s.id) for s in store.stories()}
    novelty = {a: store.novelty(a) for s in stories.values() for a in s.article_ids}
    return stories, novelty


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, sample: Path, annotator: Annotator) -> Any:
    """The stories of a run that builds them all at the end, in this process."""
    db = tmp_path_factory.mktemp("ahead-ref") / "serial.db"
    with open_store(db) as store, Pipeline(store, annotator=annotator, workers=1) as pipeline:
        pipeline.ingest([str(sample)])
        pipeline.process()
        stored = _stored(store)
    assert len(stored[0]) >= 2
    return stored


class Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.touched: list[set[str]] = []
        self.finished: list[str] = []
        touched, finish = ahead.Ahead.touched, ahead.Ahead.finish

        def spy_touched(a: ahead.Ahead, story_ids: Any, relinked: Any = ()) -> None:
            ids = set(story_ids)
            self.touched.append(ids)
            touched(a, ids, relinked)

        def spy_finish(a: ahead.Ahead, skeletons: Any, snapshot_min: int) -> ahead.Finals:
            self.finished.extend(s.id for s in skeletons)
            return finish(a, skeletons, snapshot_min)

        monkeypatch.setattr(ahead.Ahead, "touched", spy_touched)
        monkeypatch.setattr(ahead.Ahead, "finish", spy_finish)


def _run_ahead(tmp_path: Path, sample: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(ahead, "AHEAD_MIN_ARTICLES", 0)
    monkeypatch.setattr(pipeline_module, "ANNOTATE_BATCH", STEP)
    with (
        open_store(tmp_path / "ahead.db") as store,
        Pipeline(store, annotator=annotator, workers=2) as pipeline,
    ):
        pipeline.ingest([str(sample)])
        report = pipeline.process()
        assert report.failed == 0 or store.failures("story")
        return _stored(store), store.failures("story")


def test_folds_made_while_grouping_store_what_a_build_at_the_end_stores(
    tmp_path: Path, sample: Path, annotator: Annotator, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    stored, failures = _run_ahead(tmp_path, sample, annotator, monkeypatch)
    assert not failures
    assert stored == reference
    assert len([t for t in spy.touched if t]) >= 3  # folded at several grouping steps
    assert sorted(spy.finished) == sorted(reference[0])  # every story's result came from the folds


def test_a_fold_that_raises_only_costs_its_head_start(
    tmp_path: Path, sample: Path, annotator: Annotator, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every extension raises in the workers: each final build starts again from the
    story's articles, and the stories are still the reference's."""

    def broken(state: StoryState, articles: Any) -> bool:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(StoryState, "extend", broken)  # inherited by the forked workers
    stored, failures = _run_ahead(tmp_path, sample, annotator, monkeypatch)
    assert not failures and stored == reference


def test_a_story_whose_final_build_raises_is_recorded_and_costs_only_itself(
    tmp_path: Path, sample: Path, annotator: Annotator, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = sorted(reference[0])[0]
    result = StoryState.result

    def failing(state: StoryState, story: Any, entities: Any) -> Any:
        if state.story_id == bad:
            raise ValueError("broken on purpose")
        return result(state, story, entities)

    monkeypatch.setattr(StoryState, "result", failing)
    (stories, _), failures = _run_ahead(tmp_path, sample, annotator, monkeypatch)
    assert [f.item_id for f in failures] == [bad]
    assert "broken on purpose" in failures[0].message
    assert {i: s for i, s in stories.items() if i != bad} == {
        i: s for i, s in reference[0].items() if i != bad
    }


def test_small_runs_and_single_cores_do_not_fork(tmp_path: Path) -> None:
    with open_store(tmp_path / "small.db") as store:
        assert Pipeline(store, workers=2)._fold_ahead(ahead.AHEAD_MIN_ARTICLES - 1) is None
        assert Pipeline(store, workers=1)._fold_ahead(10 * ahead.AHEAD_MIN_ARTICLES) is None
        folds = Pipeline(store, workers=2)._fold_ahead(ahead.AHEAD_MIN_ARTICLES)
        assert folds is not None and len(folds.pools) == 2
        folds.close()
