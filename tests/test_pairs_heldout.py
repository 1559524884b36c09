"""The held-out bsnlp-ru pairs in benchmarks/pairs_heldout/ are well formed, match the corpus and
share no pair with the tuned-on set in benchmarks/pairs/."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
HELDOUT = BENCH / "pairs_heldout"
FIELDS = {"pair_id", "a_id", "b_id", "same_story", "note"}
# The brief for the held-out set (issue #12) asks for at least 200 labelled pairs.
MIN_PAIRS = 200
# Topics whose pairs hold both labels; covid-19's close pairs are guides and regional reports,
# none of them one happening, so four of the five topics.
MIN_TOPICS_WITH_BOTH = 4


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    return _lines(HELDOUT / "bsnlp-ru-pairs.jsonl")


@pytest.fixture(scope="module")
def candidates() -> dict[str, dict[str, Any]]:
    return {c["pair_id"]: c for c in _lines(HELDOUT / "candidates.jsonl")}


def test_labels_are_well_formed(labels: list[dict[str, Any]]) -> None:
    assert len(labels) >= MIN_PAIRS
    for row in labels:
        assert set(row) == FIELDS, row
        assert isinstance(row["same_story"], bool)
        assert row["a_id"] != row["b_id"]
        assert row["note"].strip()
        assert row["pair_id"].startswith("heldout-ru-")
    assert len({r["pair_id"] for r in labels}) == len(labels)
    assert len({frozenset((r["a_id"], r["b_id"])) for r in labels}) == len(labels)


def test_labels_are_the_candidates_drawn(
    labels: list[dict[str, Any]], candidates: dict[str, dict[str, Any]]
) -> None:
    assert {r["pair_id"] for r in labels} == set(candidates)
    for row in labels:
        cand = candidates[row["pair_id"]]
        assert (cand["a_id"], cand["b_id"]) == (row["a_id"], row["b_id"])


def test_no_pair_of_the_tuned_on_set(labels: list[dict[str, Any]]) -> None:
    tuned = {frozenset((r["a_id"], r["b_id"])) for r in _lines(BENCH / "pairs" / "candidates.jsonl")}
    assert not [r["pair_id"] for r in labels if frozenset((r["a_id"], r["b_id"])) in tuned]


def test_ids_exist_and_pairs_share_a_topic(labels: list[dict[str, Any]], corpora: Path) -> None:
    rows = {}
    with (corpora / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows[r["id"]] = r
    for row in labels:
        a, b = rows[row["a_id"]], rows[row["b_id"]]
        assert a["topic"] == b["topic"]


def test_same_is_transitive(labels: list[dict[str, Any]]) -> None:
    """No 'different' pair whose articles a chain of 'same' pairs joins."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for row in labels:
        if row["same_story"]:
            parent[root(row["a_id"])] = root(row["b_id"])
    assert not [r["pair_id"] for r in labels if not r["same_story"] and root(r["a_id"]) == root(r["b_id"])]


def test_both_labels_occur_in_the_hard_middle(
    labels: list[dict[str, Any]], candidates: dict[str, dict[str, Any]]
) -> None:
    """Both labels in most topics, and both in each middle similarity band."""
    by_topic: dict[str, set[bool]] = defaultdict(set)
    by_band: dict[int, set[bool]] = defaultdict(set)
    for row in labels:
        cand = candidates[row["pair_id"]]
        by_topic[cand["topic"]].add(row["same_story"])
        by_band[cand["band"]].add(row["same_story"])
    assert len(by_topic) == 5
    assert sum(seen == {True, False} for seen in by_topic.values()) >= MIN_TOPICS_WITH_BOTH
    assert all(by_band[b] == {True, False} for b in (1, 2, 3))
