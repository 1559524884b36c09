"""No article can stop a run: a stage that raises for one article (or story) is
recorded in the failures, and the run goes on with the rest. The failing stage is
injected through the Pipeline's own parameters (annotator, grouper, story builder)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.annotate import pool as annotation_pool
from storyline.export.json import write_json
from storyline.group import Grouper
from storyline.ingest import ingest
from storyline.model import Annotation, Article, Entity, Story
from storyline.pipeline import CODE_VERSION, Pipeline
from storyline.store import Store, open_store
from storyline.story import StoryResult, build_story
from tests.export.contract import validate_export

STORYLINE = shutil.which("storyline") or "storyline"
CHOSEN = "002_c0dd423e31c9460d"  # any one seed; the others must not notice it failed


class BrokenOn(Annotator):
    """The real annotator, except that it raises on one article (as the number-word bug did)."""

    def __init__(self, inner: Annotator, article_id: str) -> None:
        super().__init__(inner.nlp)
        self.article_id = article_id

    def annotate_many(self, articles: Sequence[Article]) -> list[Annotation]:
        if any(a.id == self.article_id for a in articles):
            raise KeyError("триллион")
        return super().annotate_many(articles)


class GrouperBrokenOn(Grouper):
    """Fails after doing all of its work, so memory and database both need undoing."""

    article_id = CHOSEN

    def add(self, article: Article) -> tuple[str, str]:
        ids = super().add(article)
        if article.id == self.article_id:
            raise ZeroDivisionError("injected after the add")
        return ids


@pytest.fixture(autouse=True)
def _keep_the_process_annotator() -> Iterator[None]:
    """The pool keeps one annotator per process; a broken one must not outlive its test."""
    before = annotation_pool._annotator
    yield
    annotation_pool._annotator = before


def seeded(tmp_path: Path, seeds_dir: Path) -> Store:
    store = open_store(tmp_path / "f.db")
    ingest(store, [str(seeds_dir)])
    return store


def exported(store: Store, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "export.json"
    with path.open("w", encoding="utf-8") as handle:
        write_json(store, handle)
    doc = json.loads(path.read_text(encoding="utf-8"))
    validate_export(doc)
    return doc  # type: ignore[no-any-return]


def test_an_annotator_crash_costs_one_article(tmp_path: Path, seeds_dir: Path, annotator: Annotator) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        report = Pipeline(store, annotator=BrokenOn(annotator, CHOSEN)).process()
        assert (report.annotated, report.grouped, report.failed) == (4, 4, 1)
        [failure] = store.failures()
        assert (failure.stage, failure.item_id, failure.error_type) == ("annotate", CHOSEN, "KeyError")
        assert "триллион" in failure.message and "test_failures.py" in failure.message
        assert failure.code_version == CODE_VERSION and failure.attempts == 1
        assignments = store.assignments()
        assert CHOSEN not in assignments and len(assignments) == 4
        doc = exported(store, tmp_path)
        assert [(f["stage"], f["item_id"]) for f in doc["failures"]] == [("annotate", CHOSEN)]

        # The same code again does not retry (it would fail the same way) ...
        again = Pipeline(store, annotator=BrokenOn(annotator, CHOSEN)).process()
        assert (again.annotated, again.failed) == (0, 0) and store.failures()[0].attempts == 1


def test_a_newer_version_retries_a_failure(tmp_path: Path, seeds_dir: Path, annotator: Annotator) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        Pipeline(store, annotator=BrokenOn(annotator, CHOSEN)).process()
        with store.transaction():  # as if an older storyline had recorded it
            old = store.failures()[0]
            old.code_version = "storyline 0.0.1, annotator 1"
            store.clear_failure(old.stage, old.item_id)
            store.record_failure(old)
        report = Pipeline(store, annotator=annotator).process()
        assert (report.annotated, report.grouped, report.failed) == (1, 1, 0)
        assert store.failures() == [] and len(store.assignments()) == 5


def test_a_grouping_crash_is_rolled_back_and_recorded(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    with seeded(tmp_path, seeds_dir) as store:
        pipeline = Pipeline(store, annotator=annotator, grouper_factory=GrouperBrokenOn)
        report = pipeline.process()
        assert (report.annotated, report.grouped, report.failed) == (5, 4, 1)
        [failure] = store.failures()
        assert (failure.stage, failure.item_id, failure.error_type) == ("group", CHOSEN, "ZeroDivisionError")
        assert CHOSEN not in store.assignments()
        # Nothing of the failed add survives: no thread, story or profile holds it.
        assert all(CHOSEN not in t.article_ids for t in store.threads())
        fresh = Grouper(store)
        assert all(CHOSEN not in p.articles for p in fresh.threads.values())
        ids = [t.id for t in store.threads()]
        assert len(ids) == len(set(ids))
        exported(store, tmp_path)


def test_a_grouping_crash_leaves_the_others_grouped_as_without_it(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    """The adds of a chunk share one savepoint; when one raises, the chunk is rolled back
    and redone article by article, so the articles before it in the chunk (000, 001) and
    after it end up exactly where a run that never saw it puts them."""
    without = tmp_path / "without"
    without.mkdir()
    for seed in seeds_dir.iterdir():
        if not seed.name.startswith(CHOSEN):
            shutil.copy(seed, without / seed.name)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with seeded(tmp_path / "a", seeds_dir) as store:
        report = Pipeline(store, annotator=annotator, grouper_factory=GrouperBrokenOn).process()
        assert (report.grouped, report.failed) == (4, 1)
        broken = store.assignments()
        threads = sorted(tuple(t.article_ids) for t in store.threads())
    with seeded(tmp_path / "b", without) as store:
        Pipeline(store, annotator=annotator).process()
        assert store.assignments() == broken and len(broken) == 4
        assert sorted(tuple(t.article_ids) for t in store.threads()) == threads


def test_a_story_crash_leaves_the_other_stories_built(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    def builder(story: Story, articles: Sequence[Article], entities: Mapping[str, Entity]) -> StoryResult:
        if any(a.id == CHOSEN for a in articles):
            raise ValueError("injected story failure")
        return build_story(story, articles, entities)

    with seeded(tmp_path, seeds_dir) as store:
        report = Pipeline(store, annotator=annotator, story_builder=builder).process()
        assert report.grouped == 5 and report.failed == 1
        [failure] = store.failures()
        assert failure.stage == "story" and failure.item_id == store.assignments()[CHOSEN][1]
        with store.transaction():  # an older version failed it: the next run rebuilds it
            failure.code_version = "older"
            store.clear_failure("story", failure.item_id)
            store.record_failure(failure)
        again = Pipeline(store, annotator=annotator).process()
        assert (again.stories_built, again.failed) == (1, 0) and store.failures() == []
        assert store.get_story(failure.item_id).summary


def test_failures_and_stats_on_the_command_line(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    db = tmp_path / "f.db"
    with open_store(db) as store:
        ingest(store, [str(seeds_dir)])
        Pipeline(store, annotator=BrokenOn(annotator, CHOSEN)).process()
    listed = subprocess.run(
        [STORYLINE, "failures", "--db", str(db), "--json"], capture_output=True, text=True, check=True
    )
    [record] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (
        record["item_id"] == CHOSEN and record["stage"] == "annotate" and record["error_type"] == "KeyError"
    )
    stats = subprocess.run([STORYLINE, "stats", "--db", str(db)], capture_output=True, text=True, check=True)
    assert any(
        line.split("│")[1:3] == [" failures            ", " 1     "] for line in stats.stdout.splitlines()
    )
    bad = subprocess.run(
        [STORYLINE, "failures", "--db", str(db), "--stage", "nope"], capture_output=True, text=True
    )
    assert bad.returncode != 0 and bad.stderr.startswith("error: --stage must be one of")
