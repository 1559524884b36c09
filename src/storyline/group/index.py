"""Candidate search: an inverted index from lemmas and entities to threads or stories.

Comparing an article with every thread would make an add linear in the corpus;
the index returns the few clusters that share its heaviest keys, near its
publication week, so an add stays fast at 100k articles. Postings are bucketed
by week; an undated article looks across all weeks, newest first, with a cap.
Stale postings (a cluster merged away) are filtered by the caller's `alive`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.store.base import Store

UNDATED = -1


class InvertedIndex:
    def __init__(self, window_weeks: int, per_key_cap: int) -> None:
        self.window_weeks = window_weeks
        self.per_key_cap = per_key_cap
        # key -> week -> cluster ids (a dict as an insertion-ordered set)
        self.postings: dict[str, dict[int, dict[str, None]]] = {}

    def add(self, cluster_id: str, keys: Iterable[str], weeks: Iterable[int]) -> None:
        buckets = sorted(set(weeks)) or [UNDATED]
        for key in keys:
            by_week = self.postings.setdefault(key, {})
            for week in buckets:
                by_week.setdefault(week, {})[cluster_id] = None

    def candidates(
        self,
        query: dict[str, float],
        week: int | None,
        alive: Callable[[str], bool],
        limit: int,
    ) -> list[str]:
        """Up to `limit` live clusters sharing the most query weight, best first (ties by id)."""
        scores: dict[str, float] = {}
        for key, weight in query.items():
            by_week = self.postings.get(key)
            if not by_week:
                continue
            if week is None:
                weeks = sorted(by_week, reverse=True)
            else:
                near = range(week - self.window_weeks, week + self.window_weeks + 1)
                weeks = [w for w in near if w in by_week]
                if UNDATED in by_week:
                    weeks.append(UNDATED)
            seen = 0
            for w in weeks:
                for cluster_id in reversed(by_week[w]):
                    scores[cluster_id] = scores.get(cluster_id, 0.0) + weight
                    seen += 1
                    if seen >= self.per_key_cap:
                        break
                if seen >= self.per_key_cap:
                    break
        return _best(scores, alive, limit)


class StoredIndex:
    """The same index kept in the store (`group_postings`): nothing to load when a
    process starts, postings written inside the caller's transaction, and the same
    candidates, in the same order, as `InvertedIndex` built from the same adds."""

    def __init__(self, store: Store, level: str, window_weeks: int, per_key_cap: int) -> None:
        self.store = store
        self.level = level
        self.window_weeks = window_weeks
        self.per_key_cap = per_key_cap

    def add(self, cluster_id: str, keys: Iterable[str], weeks: Iterable[int]) -> None:
        buckets = sorted(set(weeks)) or [UNDATED]
        self.store.add_postings(self.level, [(key, week, cluster_id) for key in keys for week in buckets])

    def candidates(
        self,
        query: dict[str, float],
        week: int | None,
        alive: Callable[[str], bool],
        limit: int,
    ) -> list[str]:
        window = None if week is None else (week - self.window_weeks, week + self.window_weeks)
        scores: dict[str, float] = {}
        for key, cluster_id in self.store.search_postings(self.level, query, window, self.per_key_cap):
            scores[cluster_id] = scores.get(cluster_id, 0.0) + query[key]
        return _best(scores, alive, limit)


def _best(scores: dict[str, float], alive: Callable[[str], bool], limit: int) -> list[str]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[str] = []
    for cluster_id, _ in ranked:
        if alive(cluster_id):
            out.append(cluster_id)
            if len(out) >= limit:
                break
    return out
