"""Id counters: numbers are handed out once, across connections and processes."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.store import Store


def test_numbers_count_up_per_counter(store: Store) -> None:
    with store.transaction():
        assert [store.next_id("thread") for _ in range(3)] == [1, 2, 3]
        assert store.next_id("story") == 1


def test_a_rolled_back_transaction_gives_its_numbers_back(store: Store) -> None:
    with store.transaction():
        store.next_id("thread")
    with pytest.raises(RuntimeError), store.transaction():
        store.next_id("thread")
        raise RuntimeError
    with store.transaction():
        assert store.next_id("thread") == 2


def test_two_connections_never_share_a_number(backend) -> None:  # type: ignore[no-untyped-def]
    backend().close()  # create the database before the threads race to open it
    seen: list[int] = []
    lock = threading.Lock()

    def draw() -> None:
        store = backend()
        try:
            for _ in range(25):
                with store.transaction():
                    number = store.next_id("story")
                with lock:
                    seen.append(number)
        finally:
            store.close()

    workers = [threading.Thread(target=draw) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(seen) == list(range(1, 51))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["thread", "story", "entity"]), st.booleans()), max_size=30))
def test_issued_numbers_are_unique_and_dense(
    tmp_path_factory: pytest.TempPathFactory, draws: list[tuple[str, bool]]
) -> None:
    from storyline.store import open_store

    store = open_store(tmp_path_factory.mktemp("counters") / "c.db")
    kept: dict[str, list[int]] = {}
    for name, commit in draws:
        try:
            with store.transaction():
                number = store.next_id(name)
                if not commit:
                    raise RuntimeError
            kept.setdefault(name, []).append(number)
        except RuntimeError:
            pass
    store.close()
    for numbers in kept.values():
        assert numbers == list(range(1, len(numbers) + 1))
