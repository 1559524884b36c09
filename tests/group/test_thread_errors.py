"""The online error kinds of `benchmarks/thread_errors.py`: each wrong pair gets exactly one."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from thread_errors import kind  # noqa: E402


def _row(same: bool, online: bool, pairwise: float, thread_score: float | None) -> dict[str, object]:
    return {"same": same, "online": online, "pairwise": pairwise, "thread_score": thread_score}


def test_each_online_mistake_has_one_kind_and_right_answers_none() -> None:
    cut = 0.5
    assert kind(_row(True, True, 0.9, 0.9), cut) is None
    assert kind(_row(False, False, 0.1, 0.1), cut) is None
    assert kind(_row(False, True, 0.2, 0.8), cut) == "FP_chained"
    assert kind(_row(False, True, 0.7, 0.8), cut) == "FP_pairwise"
    assert kind(_row(True, False, 0.3, 0.3), cut) == "FN_pairwise"
    assert kind(_row(True, False, 0.8, None), cut) == "FN_not_candidate"
    assert kind(_row(True, False, 0.8, 0.4), cut) == "FN_diluted"
    assert kind(_row(True, False, 0.8, 0.6), cut) == "FN_competition"
