"""Earlier figures of one item, indexed so that a figure meets only those it can agree with.

The same-figure join (`ledger_merge._join_same_figures`) asks, of each figure of
nobody known, for the first earlier figure of its item that agrees with it and is
told with another verb. Scanning every earlier figure made it quadratic in a big
story's figures (103,548 `agree` calls in 8 adds to a 2,000-article story, round 11).
`agree` compares like with like (the point, or the range's ends) within
`agree_reach` of each other, and reads nothing of a figure but `agree_key`; so the
earlier figures are kept per key, the keys sorted by the value `agree` compares first,
and a figure looks only at the keys within reach. Of each key only the first figure
and the first one told with another verb can ever be the answer: the answer is the
same as the scan's (`tests/story/test_ledger_figure_index.py`).
"""

from __future__ import annotations

import bisect
import math

from storyline.model import QuantityMention
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_values import agree, agree_key, agree_reach

__all__ = ["SameFigures"]

_Key = tuple[float | None, float | None, float | None, bool]


def _pivot(q: QuantityMention) -> tuple[int | None, float | None]:
    """Which part `agree` compares first (point, low end, high end) and its value:
    figures that agree have the same part set and values within `agree_reach`."""
    for kind, value in enumerate((q.value, q.value_min, q.value_max)):
        if value is not None:
            return kind, value
    return None, None


class _Sorted:
    """Keys of one pivot kind: finite pivots sorted, the rest (none, inf, nan) listed."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.keys: list[_Key] = []
        self.loose: list[_Key] = []

    def add(self, pivot: float | None, key: _Key) -> None:
        if pivot is None or not math.isfinite(pivot):
            self.loose.append(key)
            return
        at = bisect.bisect_right(self.values, pivot)
        self.values.insert(at, pivot)
        self.keys.insert(at, key)

    def near(self, pivot: float | None) -> list[_Key]:
        # a finite value agrees with no inf or nan (`_close` and `_approximates` compare
        # their difference), so each side is looked up apart
        if pivot is None or not math.isfinite(pivot):
            return self.loose
        reach = agree_reach(pivot)
        lo = bisect.bisect_left(self.values, pivot - reach)
        hi = bisect.bisect_right(self.values, pivot + reach)
        return self.keys[lo:hi]


class SameFigures:
    """The figures kept so far (`add`), and the first of them a figure joins (`match`)."""

    def __init__(self) -> None:
        self._kinds: dict[tuple[str | None, int | None], _Sorted] = {}
        # per key, in arrival order: the first figure, and the first told with another verb
        self._firsts: dict[tuple[str | None, _Key], list[tuple[int, _Entry]]] = {}
        self._count = 0

    def match(self, e: _Entry) -> _Entry | None:
        """The first kept figure of `e`'s item told with another verb that agrees with `e`."""
        kind, pivot = _pivot(e.q)
        index = self._kinds.get((e.item, kind))
        if index is None:
            return None
        best: tuple[int, _Entry] | None = None
        for key in index.near(pivot):
            firsts = self._firsts[(e.item, key)]
            hit = next((f for f in firsts if f[1].action != e.action), None)
            if hit is None or (best is not None and hit[0] > best[0]) or not agree(hit[1].q, e.q):
                continue
            best = hit
        return None if best is None else best[1]

    def add(self, e: _Entry) -> None:
        kind, pivot = _pivot(e.q)
        key = agree_key(e.q)
        firsts = self._firsts.get((e.item, key))
        self._count += 1
        if firsts is None:
            self._firsts[(e.item, key)] = [(self._count, e)]
            self._kinds.setdefault((e.item, kind), _Sorted()).add(pivot, key)
        elif len(firsts) == 1 and firsts[0][1].action != e.action:
            firsts.append((self._count, e))
