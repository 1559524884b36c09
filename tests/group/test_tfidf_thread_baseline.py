"""The plain TF-IDF baseline of `benchmarks/tfidf_thread_baseline.py`: the online form
joins the nearest earlier article (single link, so it chains) within its day window."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from tfidf_thread_baseline import online_threads  # noqa: E402


def _unit(rows: list[list[float]]) -> csr_matrix:
    m = np.array(rows, dtype=float)
    return csr_matrix(m / np.linalg.norm(m, axis=1, keepdims=True))


def test_online_single_link_chains_through_a_bridge() -> None:
    # a and c share nothing; b resembles both: a, b, c end in one thread (chaining).
    m = _unit([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]])
    assert online_threads(m, [1, 1, 1, 1], 0.5, 4) == [0, 0, 0, 3]
    # Over the cut the bridge no longer joins: three threads.
    assert online_threads(m, [1, 1, 1, 1], 0.8, 4) == [0, 1, 2, 3]


def test_online_ignores_earlier_articles_out_of_the_window() -> None:
    m = _unit([[1, 0], [1, 0], [1, 0]])
    assert online_threads(m, [1, 9, 10], 0.5, 4) == [0, 1, 1]
    assert online_threads(m, [None, 9, 10], 0.5, 4) == [0, 0, 0]  # undated: no window
