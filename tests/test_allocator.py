"""A long-lived writer gives the memory its story states free back to the system
(`storyline.allocator`): the long-lived commands start again under glibc's allocator,
and the writer trims after enough story-state churn. Correctness only: what it saves
is measured in benchmarks/watch_latency.py (docs/benchmarks.md, session 19)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from storyline import allocator
from storyline.allocator import Trimmer, reexec_argv
from storyline.annotate import Annotator
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.story.kept import BYTES_PER_SENTENCE, StoryStates, state_bytes

from .test_kept_budget import _articles, _state

SRC = Path(__file__).resolve().parents[1] / "src"
ARGV = ["python", "-m", "storyline.cli"]
ASKED = {"STORYLINE_ALLOCATOR": "malloc"}


@pytest.mark.parametrize("command", [["watch", "feeds.txt"], ["serve", "--watch", "f.txt"]])
def test_long_lived_commands_start_again_under_glibc_malloc_when_asked(command: list[str]) -> None:
    asked = {"HOME": "/h", "STORYLINE_ALLOCATOR": " Malloc"}
    env = reexec_argv(command, [*ARGV, *command], asked, has_glibc=True)
    assert env == {**asked, "PYTHONMALLOC": "malloc"}
    assert reexec_argv(command, [*ARGV, *command], {"HOME": "/h"}, has_glibc=True) is None  # the default


@pytest.mark.parametrize(
    ("command", "env", "glibc"),
    [
        (["ingest", "a.jsonl"], ASKED, True),  # one-shot: its memory goes with the process
        (["--version"], ASKED, True),
        (["watch", "f.txt"], ASKED, False),  # no glibc: nothing to trim with
        (["watch", "f.txt"], {**ASKED, "PYTHONMALLOC": "pymalloc"}, True),  # chosen already
        (["watch", "f.txt"], {**ASKED, "PYTHONMALLOC": "malloc"}, True),  # the second start
        (["watch", "f.txt"], {"STORYLINE_ALLOCATOR": "pymalloc"}, True),  # Python's own
        (["watch", "f.txt"], {}, True),  # the default
    ],
)
def test_other_processes_run_as_they_were_started(
    command: list[str], env: dict[str, str], glibc: bool
) -> None:
    assert reexec_argv(command, [*ARGV, *command], env, has_glibc=glibc) is None


def _child_allocator(extra: dict[str, str]) -> str:
    code = (
        "import os; from storyline import allocator; allocator.reexec_long_lived(['watch']);"
        " print(os.environ.get('PYTHONMALLOC'))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONMALLOC", allocator.CHOICE)}
    env = {**env, "PYTHONPATH": str(SRC), **extra}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(allocator.glibc() is None, reason="glibc only")
def test_the_process_really_starts_again_with_the_variable_set() -> None:
    assert _child_allocator({allocator.CHOICE: "malloc"}) == "malloc"
    assert _child_allocator({}) == "None"


def test_the_trimmer_trims_once_enough_churned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONMALLOC", "malloc")  # what `on_malloc` reads
    calls: list[int] = []

    def fake_trim() -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(allocator, "trim", fake_trim)
    monkeypatch.setattr(allocator, "glibc", lambda: object())
    trimmer = Trimmer(after=100)
    trimmer.churn(60)
    assert not trimmer.maybe_trim() and calls == []
    trimmer.churn(40)
    assert trimmer.maybe_trim() and calls == [1] and trimmer.trims == 1
    assert trimmer.churned == 0 and not trimmer.maybe_trim()  # counted again from zero
    trimmer.churn(-5)  # never negative
    assert trimmer.churned == 0


def test_under_pymalloc_nothing_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    monkeypatch.setattr(allocator, "trim", lambda: pytest.fail("trimmed under pymalloc"))
    monkeypatch.setattr(allocator, "glibc", lambda: object())
    trimmer = Trimmer(after=1)
    trimmer.churn(10)
    assert not trimmer.maybe_trim() and trimmer.trims == 0 and trimmer.churned == 0


def test_without_glibc_nothing_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONMALLOC", "malloc")
    monkeypatch.setattr(allocator, "glibc", lambda: None)
    trimmer = Trimmer(after=1)
    trimmer.churn(10)
    assert not trimmer.maybe_trim() and trimmer.trims == 0
    assert allocator.trim() is None


def test_dropped_states_count_as_churn() -> None:
    states = StoryStates(budget=50 * BYTES_PER_SENTENCE)
    states._keep("a", _state("a", 40))
    states._keep("b", _state("b", 30))
    assert states.trimmer.churned == 0  # kept, nothing freed yet
    states._trim()  # one of them goes
    assert states.evicted == 1 and states.trimmer.churned in (
        40 * BYTES_PER_SENTENCE,
        30 * BYTES_PER_SENTENCE,
    )


def test_a_writer_trims_after_its_lease_once_its_stories_churned(
    tmp_path: Path, corpora: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each story built counts its state's bytes; the lease's end trims, and the memory
    report says so. The stories come out as without it (the trim frees nothing alive)."""
    monkeypatch.setenv("PYTHONMALLOC", "malloc")
    trims: list[int] = []

    def fake_trim() -> bool:
        trims.append(1)
        return True

    monkeypatch.setattr(allocator, "trim", fake_trim)
    monkeypatch.setattr(allocator, "glibc", lambda: object())
    articles = _articles(corpora)[:3]
    with open_store(tmp_path / "trim.db") as store:
        pipeline = Pipeline(store, annotator=annotator)
        states = pipeline._story_states
        states.trimmer.after = 1  # every lease that built a story trims
        with pipeline:
            pipeline.add(replace(articles[0]))
            built = sum(state_bytes(s) for s in states.states.values())
            assert built > 0 and states.trimmer.churned == built and trims == []  # not inside the lease
        assert trims == [1] and states.trimmer.churned == 0
        with pipeline:
            pass  # nothing built: no trim
        assert trims == [1]
        with pipeline:
            for article in articles[1:]:
                pipeline.add(replace(article))
        assert trims == [1, 1]
        memory = pipeline.memory()
        assert memory.trims == 2 and "allocator 2 trims (" in memory.line()
        from .test_pipeline_stories import assert_stories_equal_rebuild

        assert_stories_equal_rebuild(store)
