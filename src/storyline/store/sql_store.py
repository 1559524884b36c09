"""The SQL store both backends share: every `Store` method, written once.

SQLite (`sqlite.py`) and PostgreSQL (`postgres.py`) differ in how they open,
migrate and lock, and in the few statements of their dialect (`dialect.py`);
the rest is the same SQL on a DB-API connection with `?` placeholders. A new
store method goes here, once, and runs on both (see docs/schema.md, "Adding a
store method").

This module holds the transactions (savepoints, queued articles, id counters);
the methods live in mixins by concern: `sql_articles.py` (articles, rejections,
annotations), `sql_stories.py` (assignments, threads, stories), `sql_state.py`
(merges, entities, novelty, state entries), `sql_runtime.py` (lease, counters,
failures, aliases, entity links, postings), `sql_group.py` (the grouping's tables)
and `sql_watch.py` (the feed watcher's).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storyline.model import Article
from storyline.store.base import Store
from storyline.store.dialect import Dialect
from storyline.store.sql_articles import ArticleTables
from storyline.store.sql_group import GroupTables
from storyline.store.sql_runtime import RuntimeTables
from storyline.store.sql_state import StateTables
from storyline.store.sql_stories import StoryTables
from storyline.store.sql_watch import WatchTables


class SQLStore(ArticleTables, StoryTables, StateTables, RuntimeTables, WatchTables, GroupTables, Store):
    """Every store method over a DB-API connection `_db` with `?` placeholders; the
    backends add opening, transactions and the statements of their `_sql` dialect."""

    _sql: Dialect

    _depth = 0
    # Id counters' values this write transaction has handed out (`next_id`).
    _ids: dict[str, int]

    # Articles of `queue_article` whose seq is in their INSERT's answer, not read yet.
    _unread: list[tuple[Article, Any]] = []  # set anew by each transaction: never shared

    def _settle_reading(self) -> None:
        """Settle, then read the queued articles' seqs (answered by now: no wait)."""
        self._settle()
        unread, self._unread = self._unread, []
        for article, cur in unread:
            if cur is not None:
                article.seq = int(cur.fetchone()[0])

    def _forget_unread(self) -> None:
        """The block rolled back: its queued articles are not stored, and have no seq."""
        unread, self._unread = self._unread, []
        for article, _ in unread:
            article.seq = None

    def _release(self, savepoint: str) -> None:
        """Release a savepoint whose block has just settled without an error."""
        self._db.execute(f"RELEASE SAVEPOINT {savepoint}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            # Settled on the way in and out: an error of a statement queued before
            # the savepoint is raised outside it, and one of a statement inside it
            # inside it, so the block that rolls back is the one that failed.
            # The RELEASE after the closing settle cannot fail (`_release`), so a
            # savepoint that follows at once needs no settle on entry: on
            # PostgreSQL a settle with nothing queued since the last is no trip.
            savepoint = f"sp{self._depth}"
            self._settle_reading()
            self._db.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield
                self._settle_reading()
            except BaseException:
                self._ids = {}  # the counters' rows are back to the savepoint's
                self._forget_unread()  # and its articles are gone
                self._recover()
                self._db.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self._db.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            finally:
                self._depth -= 1
            self._release(savepoint)
            return
        self._begin_write()
        self._depth = 1
        self._ids = {}
        self._unread = []
        try:
            self._fence()
            yield
            self._before_commit()
            self._settle_reading()
        except BaseException:
            self._depth = 0
            self._ids = {}
            self._forget_unread()
            self._rollback()
            raise
        self._depth = 0
        self._ids = {}
        self._commit()
