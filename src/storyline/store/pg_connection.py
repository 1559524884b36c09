"""The PostgreSQL store's connection: the store's SQL (`?` placeholders, `execute`
and `executemany` on the connection, as sqlite3 has them) on a psycopg connection,
in pipeline mode inside write transactions, with its waits for the server counted
(`round_trips`)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Self

import psycopg


@functools.lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """The store's `?` placeholders as psycopg's `%s` (a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class SettlingCursor(psycopg.Cursor[Any]):
    """A cursor whose `rowcount` waits for its statement's answer in pipeline mode
    (psycopg fills it in only when the answer is read; fetches wait by themselves).
    A fetch that has to wait for its answer is counted as a round trip (`waited`)."""

    settle: Callable[[], None] | None = None
    waited: Callable[[], None] | None = None

    @property
    def rowcount(self) -> int:
        if self.settle is not None:
            self.settle()
        return super().rowcount

    def _note_wait(self) -> None:
        # in pipeline mode the answer is there once psycopg has read it
        if self.waited is not None and self.pgresult is None:
            self.waited()

    def fetchone(self) -> Any:
        self._note_wait()
        return super().fetchone()

    def fetchmany(self, size: int = 0) -> list[Any]:
        self._note_wait()
        return super().fetchmany(size)

    def fetchall(self) -> list[Any]:
        self._note_wait()
        return super().fetchall()

    def __iter__(self) -> Self:
        self._note_wait()
        return super().__iter__()


class PgConnection:
    """A psycopg connection taking the store's SQL: `?` placeholders, `execute`
    and `executemany` on the connection, as sqlite3 has them.

    Inside a write transaction the connection is in pipeline mode (`pipelined`):
    a statement is sent without waiting for its answer, and answers are read when
    a result is asked for (a fetch, `rowcount`) or the store settles (`settle`: at
    savepoints and before COMMIT). A write transaction is then a few round trips
    instead of one per statement, which on a loaded machine is most of its time
    (each trip waits for both processes to be scheduled)."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        self._pipeline: psycopg.Pipeline | None = None
        self._exit: contextlib.ExitStack | None = None
        # Times this connection waited for the server: a statement run outside a
        # write transaction, a sync of the pipeline, a fetch that waited for its
        # answer (`tests/store/test_pg_round_trips.py` holds the writer to a ceiling).
        self.round_trips = 0
        # A statement was sent since the last sync (its answer may still be unread).
        self._queued = False

    def _waited(self) -> None:
        self.round_trips += 1

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        cur = self.raw.cursor()
        if self._pipeline is None:
            self.round_trips += 1
        else:
            self._queued = True
            if isinstance(cur, SettlingCursor):
                cur.settle = self.settle
                cur.waited = self._waited
        return cur.execute(to_pyformat(sql), tuple(params))  # type: ignore[arg-type]

    def execute_settled(self, sql: str) -> None:
        """Queue a statement that cannot fail where it stands (a RELEASE of the
        savepoint just settled): it leaves the queue counted as settled, so the
        next settle sends it with whatever follows instead of syncing for it."""
        queued = self._queued
        self.execute(sql)
        self._queued = queued

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            if self._pipeline is None:  # psycopg pipelines the rows: one trip
                self.round_trips += 1
            else:
                self._queued = True
            with self.raw.cursor() as cur:
                cur.executemany(to_pyformat(sql), rows)  # type: ignore[arg-type]

    @property
    def pipelined(self) -> bool:
        return self._pipeline is not None

    def begin_pipeline(self) -> None:
        if self._pipeline is None:
            self._exit = contextlib.ExitStack()
            self._pipeline = self._exit.enter_context(self.raw.pipeline())
            self._queued = False

    def settle(self) -> None:
        """Send what is queued, wait for every answer, raise the first error; no
        trip when nothing was sent since the last sync (every answer is in)."""
        if self._pipeline is not None and self._queued:
            self.round_trips += 1
            self._queued = False  # the sync reads every answer, even when it raises
            self._pipeline.sync()

    def recover(self) -> None:
        """After an error: sync, so the server takes statements again (it skips
        everything queued after an error until the next sync); later errors of
        the failed queue are the same failure and are dropped."""
        if self._pipeline is not None:
            self.round_trips += 1
            self._queued = False
            with contextlib.suppress(psycopg.Error):
                self._pipeline.sync()

    def end_pipeline(self) -> None:
        """Back to one statement at a time (after COMMIT or ROLLBACK, or for COPY,
        which pipeline mode cannot run)."""
        exit_, self._pipeline, self._exit = self._exit, None, None
        if exit_ is not None:
            exit_.close()

    @contextlib.contextmanager
    def unpipelined(self) -> Iterator[None]:
        """A block run one statement at a time (COPY), inside the same transaction."""
        was = self.pipelined
        if was:
            self.settle()
            self.end_pipeline()
        try:
            yield
        finally:
            if was:
                self.begin_pipeline()

    def close(self) -> None:
        self.raw.close()
