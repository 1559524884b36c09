"""Failures: one row per (stage, item), attempts counted, cleared on success."""

from __future__ import annotations

from storyline.model import Failure
from storyline.store import Store


def test_a_failure_is_kept_once_with_its_attempts(store: Store) -> None:
    with store.transaction():
        store.record_failure(Failure("annotate", "a1", "KeyError", "'триллион'", "v1"))
        store.record_failure(Failure("group", "a2", "ValueError", "bad", "v1"))
        store.record_failure(Failure("annotate", "a1", "KeyError", "'триллион' again", "v2"))
    first, second = store.failures()
    assert (first.stage, first.item_id, first.attempts, first.message, first.code_version) == (
        "annotate",
        "a1",
        2,
        "'триллион' again",
        "v2",
    )
    assert first.at and second.item_id == "a2"
    assert [f.item_id for f in store.failures("group")] == ["a2"]
    assert store.count_failures() == 2
    with store.transaction():
        store.clear_failure("annotate", "a1")
    assert [f.item_id for f in store.failures()] == ["a2"]


def test_failures_cleared_together_only_for_their_stage(store: Store) -> None:
    with store.transaction():
        for stage, item in (("group", "a1"), ("group", "a2"), ("annotate", "a1"), ("group", "a3")):
            store.record_failure(Failure(stage, item, "ValueError", "bad", "v1"))
    with store.transaction():
        store.clear_failures("group", ["a1", "a2", "missing"])
        store.clear_failures("group", [])
    assert [(f.stage, f.item_id) for f in store.failures()] == [("annotate", "a1"), ("group", "a3")]
