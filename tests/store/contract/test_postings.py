"""The stored candidate index finds what the in-memory one finds, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.group.index import InvertedIndex, StoredIndex
from storyline.store import open_store

KEYS = [f"t:слово{i}" for i in range(6)] + ["e:ent-000001", "e:ent-000002"]
adds = st.lists(
    st.tuples(
        st.sampled_from([f"thr-{i:06d}" for i in range(1, 9)]),
        st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True),
        st.lists(st.integers(2600, 2612), max_size=2),
    ),
    max_size=40,
)
queries = st.lists(
    st.tuples(
        st.dictionaries(st.sampled_from(KEYS), st.floats(0.01, 1.0), min_size=1, max_size=5),
        st.one_of(st.none(), st.integers(2598, 2614)),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None)
@given(adds, queries, st.integers(0, 3), st.integers(1, 5))
def test_stored_and_memory_indexes_agree(
    tmp_path_factory: pytest.TempPathFactory,
    added: list[tuple[str, list[str], list[int]]],
    asked: list[tuple[dict[str, float], int | None]],
    window: int,
    cap: int,
) -> None:
    path: Path = tmp_path_factory.mktemp("postings") / "p.db"
    with open_store(path) as store:
        memory = InvertedIndex(window, cap)
        stored = StoredIndex(store, "thread", window, cap)
        with store.transaction():
            for cluster, keys, weeks in added:
                memory.add(cluster, keys, weeks)
                stored.add(cluster, keys, weeks)
        alive = lambda cluster: not cluster.endswith("3")  # noqa: E731 - a merged-away cluster
        for query, week in asked:
            assert stored.candidates(query, week, alive, 5) == memory.candidates(query, week, alive, 5)


def test_levels_are_apart(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.db") as store:
        with store.transaction():
            StoredIndex(store, "thread", 1, 10).add("thr-000001", ["t:указ"], [100])
        assert StoredIndex(store, "story", 1, 10).candidates({"t:указ": 1.0}, 100, lambda c: True, 5) == []
        assert store.count_postings() == 1
