"""Writes that fail inside a transaction fail where they were made.

On PostgreSQL a write transaction queues its statements (pipeline mode) and reads
the answers only when a result is needed, at savepoints and before COMMIT: an
error must still be raised inside the block that made it, roll back that block
alone, and leave the connection taking statements; `rowcount` answers (an insert
that found its row there) must be right before anything is fetched. SQLite runs
each statement at once; both must end the same.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.store import Store
from tests.store.contract.helpers import article

# What each backend raises for a write the schema refuses.
REFUSED = (sqlite3.IntegrityError, psycopg.IntegrityError)
# Examples per backend: each opens a fresh write transaction on a real server.
EXAMPLES = 15


def _fails_in_the_database(store: Store, n: int) -> None:
    """A statement the database refuses and whose answer nobody reads: novelty of
    an article that is not there (a foreign key)."""
    store.save_novelty(f"missing-{n}", [])


def test_an_error_is_raised_inside_the_savepoint_that_made_it(store: Store) -> None:
    store.add_article(article(1))
    with store.transaction():
        store.add_alias("x1", "a1", "first")
        with pytest.raises(REFUSED) as failed, store.transaction():
            store.add_alias("x2", "a1", "second")
            _fails_in_the_database(store, 1)
        assert not store.is_infrastructure_error(failed.value)
        assert store.add_alias("x3", "a1", "third")  # the connection takes statements again
    assert store.aliases(["a1"]) == {"a1": ["x1", "x3"]}


def test_an_error_queued_before_commit_rolls_the_transaction_back(store: Store) -> None:
    store.add_article(article(1))
    with pytest.raises(REFUSED), store.transaction():
        store.add_alias("x1", "a1", "first")
        _fails_in_the_database(store, 1)
    assert store.aliases(["a1"]) == {}
    with store.transaction():  # and the next transaction runs
        store.add_alias("x2", "a1", "second")
    assert store.aliases(["a1"]) == {"a1": ["x2"]}


items = st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=8)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=items)
def test_items_that_fail_leave_exactly_the_others_writes(backend, steps: list[tuple[int, bool]]) -> None:  # type: ignore[no-untyped-def]
    """Each item adds an alias (some names repeat: `add_alias` then answers False)
    in its own savepoint; the failing ones then make the database refuse a write.
    What is stored and what `add_alias` answered must be what the items imply."""
    store = backend()
    if not store.count_articles():
        store.add_article(article(1))
    before = set(store.aliases(["a1"]).get("a1", []))
    prefix = f"p{len(before)}-"
    expected_answers, answers, kept = [], [], set(before)
    with store.transaction():
        for number, (name, fails) in enumerate(steps):
            alias = f"{prefix}{name}"
            expected_answers.append(alias not in kept)
            try:
                with store.transaction():
                    answers.append(store.add_alias(alias, "a1", f"item {number}"))
                    if fails:
                        _fails_in_the_database(store, 1)
            except REFUSED as exc:
                assert fails and not store.is_infrastructure_error(exc)
                continue
            assert not fails
            kept.add(alias)
    assert answers == expected_answers
    assert set(store.aliases(["a1"]).get("a1", [])) == kept
