"""Transactions land whole or not at all; a nested one is a savepoint."""

from __future__ import annotations

import pytest

from storyline.store import Store
from tests.store.contract.helpers import article


def test_an_exception_rolls_the_transaction_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(article(1))
        raise RuntimeError("boom")
    assert store.count_articles() == 0


def test_a_failed_savepoint_keeps_the_outer_writes(store: Store) -> None:
    with store.transaction():
        store.add_article(article(1))
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(article(2))
            raise RuntimeError("only this one")
        with store.transaction():
            store.add_article(article(3))
    assert store.article_ids() == ["a1", "a3"]


def test_other_connections_see_only_committed_writes(backend) -> None:  # type: ignore[no-untyped-def]
    writer, reader = backend(), backend()
    with writer.transaction():
        writer.add_article(article(1))
        assert reader.count_articles() == 0
    assert reader.count_articles() == 1
