"""The loss accounting of `benchmarks/thread_diagnosis.py`: every labelled pair gets one
kind, and the pairwise F1 with the cut chosen leave-one-topic-out never sees its topic."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from thread_diagnosis import losses, loto_pairwise  # noqa: E402


def _row(same: bool, online: bool, pair: float, **kw: Any) -> dict[str, Any]:
    row = {"topic": "t", "same": same, "online": online, "online_pair": pair, "candidate": True}
    row.update({"thread_score": pair, "thread_size": 1, "gap": 0, **kw})
    return row


def test_each_pair_gets_one_kind() -> None:
    rows = [
        _row(True, True, 0.9),
        _row(False, True, 0.1, thread_size=30),
        _row(False, True, 0.8),
        _row(True, False, 0.1),
        _row(True, False, 0.1, gap=9),
        _row(True, False, 0.8, candidate=False),
        _row(True, False, 0.8, thread_score=0.2),
        _row(True, False, 0.8, thread_score=0.6),
    ]
    kinds = {k: v["n"] for k, v in losses(rows, 0.5, 4.0)["kinds"].items()}
    assert kinds == {
        "right": 1,
        "FP_chained": 1,
        "FP_pairwise": 1,
        "FN_pairwise": 1,
        "FN_window": 1,
        "FN_not_candidate": 1,
        "FN_diluted": 1,
        "FN_competition": 1,
    }
    assert losses(rows, 0.5, 4.0)["chained_thread_size_median"] == 30


def test_the_cut_of_a_topic_is_chosen_on_the_others() -> None:
    # Topic "a" is separable at 0.5, topic "b" at 0.2: b is judged with a's cut and
    # loses its positive at 0.3, a is judged with b's cut and keeps everything.
    rows = [
        {"topic": "a", "same": True, "s": 0.6},
        {"topic": "a", "same": False, "s": 0.4},
        {"topic": "b", "same": True, "s": 0.3},
        {"topic": "b", "same": False, "s": 0.1},
    ]
    out = loto_pairwise(rows, "s")
    assert out["per_topic"]["b"] < 1.0
    assert out["cuts"]["b"] > 0.3
