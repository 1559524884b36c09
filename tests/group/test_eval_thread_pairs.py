"""The held-out choices of `benchmarks/eval_thread_pairs.py`: a topic never picks its own
setting, and the tgcontest CV chooses the cut on the other folds only."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_thread_pairs import _setting, topic_cv, topic_out  # noqa: E402

Row = tuple[bool, bool, str]


def _rows(right: dict[str, int], total: int = 4) -> list[Row]:
    """Per topic, `right[topic]` positive pairs predicted same, the rest predicted apart."""
    out: list[Row] = []
    for topic, n in right.items():
        out += [(i < n, True, topic) for i in range(total)]
    return out


def test_each_topic_takes_the_setting_best_on_the_others() -> None:
    # Setting "a" is perfect on x and y but useless on z; "b" the reverse on x.
    by_setting = {
        ("a", 0.2): _rows({"x": 4, "y": 4, "z": 0}),
        ("b", 0.2): _rows({"x": 0, "y": 4, "z": 4}),
    }
    out = topic_out(by_setting)
    assert out["cuts"] == {"x": "('b', 0.2)", "y": "('a', 0.2)", "z": "('a', 0.2)"}
    # x is predicted by "b" (0 right), z by "a" (0 right): only y's pairs are found.
    assert out["per_topic"] == {"x": 0.0, "y": 1.0, "z": 0.0}


def test_topic_cv_is_the_held_out_f1_of_the_cut_chosen_on_other_folds() -> None:
    # A cut right on every pair wins every fold: CV equals its F1, with no spread.
    by_cut = {0.1: _rows({"t": 2}, 10), 0.2: _rows({"t": 10}, 10)}
    assert topic_cv(by_cut, "t") == {"f1": 1.0, "sd": 0.0}
    assert topic_cv(by_cut, "absent") == {}


def test_setting_parses_the_field_type() -> None:
    assert _setting("thread_entity_weight=0.4") == ("thread_entity_weight", 0.4)
    assert _setting("thread_entity_idf=documents") == ("thread_entity_idf", "documents")
