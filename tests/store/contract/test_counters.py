"""Id counters: numbers are handed out once, across connections and processes."""

from __future__ import annotations

import contextlib
import threading

import pytest
from hypothesis import HealthCheck, given, settings
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


# One item of a write transaction: a counter, how many ids it draws in its own
# savepoint, whether it then sets the counter (`set_counter`), and whether it fails.
_items = st.lists(
    st.tuples(
        st.sampled_from(["thread", "story", "entity"]),
        st.integers(1, 4),
        st.one_of(st.none(), st.integers(0, 50)),
        st.booleans(),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=_items, commit=st.booleans())
def test_savepoints_that_roll_back_give_their_numbers_back(backend, items, commit: bool) -> None:  # type: ignore[no-untyped-def]
    """Ids drawn in a savepoint that rolls back are handed out again by the next
    draw, in the same transaction and after it; a counter set in between is
    counted from (the store keeps a transaction's drawn ids in memory)."""
    store = backend()
    names = ("thread", "story", "entity")
    model = {name: store.counter(name) for name in names}
    start = dict(model)
    with contextlib.suppress(RuntimeError), store.transaction():
        for name, draws, set_to, fails in items:
            before = dict(model)
            try:
                with store.transaction():
                    got = [store.next_id(name) for _ in range(draws)]
                    assert got == list(range(model[name] + 1, model[name] + draws + 1))
                    model[name] += draws
                    if set_to is not None:
                        store.set_counter(name, set_to)
                        model[name] = set_to
                        assert store.next_id(name) == set_to + 1
                        model[name] += 1
                    if fails:
                        raise ValueError
            except ValueError:
                model = before
        if not commit:
            raise RuntimeError
    if not commit:
        model = start  # all given back
    with store.transaction():
        assert {name: store.next_id(name) for name in names} == {name: model[name] + 1 for name in names}
