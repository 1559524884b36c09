"""The storage interface. The pipeline and the interfaces talk to this, never to
SQL, so that SQLite (default) and PostgreSQL are interchangeable.

The contract is written in four parts, by concern: `base_lease.py` (lifecycle,
transactions, the writer lease, id counters), `base_articles.py` (articles,
rejections, failures, annotations, entity links, the watcher's tables),
`base_grouping.py` (assignments, threads, stories, merges, entities, novelty) and
`base_state.py` (state entries and the grouping's tables). `Store` joins them; code
above the store imports `Store` (and `ArticleIdentity`) from here.
"""

from __future__ import annotations

from storyline.store.base_articles import ArticleIdentity, ArticlesContract
from storyline.store.base_grouping import GroupingContract
from storyline.store.base_lease import LifecycleContract
from storyline.store.base_state import StateContract

__all__ = ["ArticleIdentity", "Store"]


class Store(LifecycleContract, ArticlesContract, GroupingContract, StateContract):
    """A database of articles and everything derived from them.

    Writes happen inside `transaction()`; a transaction either lands whole or not
    at all, which is what makes ingest safe to kill and re-run. Every write
    transaction is fenced by the writer lease (`store/lease.py`): it is refused
    while another live writer holds the lease, or once this writer's lease was
    taken over.
    """

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
