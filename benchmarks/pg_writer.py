"""Round trips of the PostgreSQL writer: a `storyline` command run in this process,
with every wait for the server counted by the statement that waited.

    python benchmarks/pg_writer.py recluster --db postgresql://…/news
    python benchmarks/pg_writer.py ingest articles.jsonl --workers 1 --db postgresql://…/news

Counted as one round trip each: a statement run outside a write transaction (one
statement, one answer), a sync of the write transaction's pipeline (at savepoints,
before COMMIT, for a `rowcount`), and a fetch that had to wait for a queued
statement's answer. Statements queued in the pipeline and never waited for cost
no trip of their own. Printed: the trips by kind, the wall time spent waiting in
them, and the process's CPU. Run the command under another source tree with
PYTHONPATH=OTHER/src to compare (before pipeline mode every statement was a trip;
the count then shows them all as `direct`). Wall time on a loaded machine is
mostly the run queue: compare old and new back to back.
"""

from __future__ import annotations

import atexit
import collections
import resource
import sys
import time
import traceback
from typing import Any

import psycopg
from psycopg import cursor as pg_cursor

from storyline.store import postgres

# Words of a statement that name it in the report.
KEY_WORDS = 4
# Lines of the report.
TOP = 60

trips: collections.Counter[str] = collections.Counter()
waited: collections.defaultdict[str, float] = collections.defaultdict(float)
started = time.perf_counter()


def _key(sql: str) -> str:
    return " ".join(str(sql).split()[:KEY_WORDS])


def _count(kind: str, since: float) -> None:
    trips[kind] += 1
    waited[kind] += time.perf_counter() - since


_execute = postgres.PgConnection.execute


def _counted_execute(self: postgres.PgConnection, sql: str, params: Any = ()) -> Any:
    if getattr(self, "pipelined", False):
        cur = _execute(self, sql, params)
        cur._statement = _key(sql)  # type: ignore[attr-defined]  # named for a later fetch
        return cur
    since = time.perf_counter()
    try:
        return _execute(self, sql, params)
    finally:
        _count(f"direct {_key(sql)}", since)


_executemany = postgres.PgConnection.executemany


def _counted_executemany(self: postgres.PgConnection, sql: str, rows: Any) -> None:
    if getattr(self, "pipelined", False):  # queued with the transaction's other statements
        _executemany(self, sql, rows)
        return
    since = time.perf_counter()
    try:
        _executemany(self, sql, rows)  # psycopg pipelines the rows: one trip
    finally:
        _count(f"direct many {_key(sql)}", since)


_sync = psycopg.Pipeline.sync


def _counted_sync(self: psycopg.Pipeline) -> None:
    since = time.perf_counter()
    try:
        _sync(self)
    finally:
        _count(
            "sync from " + "<".join(f.name for f in reversed(traceback.extract_stack(limit=7)[:-2])), since
        )


_fetch = pg_cursor.Cursor._fetch_pipeline


def _counted_fetch(self: pg_cursor.Cursor[Any]) -> None:
    # the condition psycopg's own fetch waits under
    if self._execmany_returning is not False and not self.pgresult and self._conn._pipeline:
        since = time.perf_counter()
        _fetch(self)
        _count(f"fetch after {getattr(self, '_statement', '?')}", since)
    else:
        _fetch(self)


postgres.PgConnection.execute = _counted_execute  # type: ignore[method-assign]
postgres.PgConnection.executemany = _counted_executemany  # type: ignore[method-assign]
psycopg.Pipeline.sync = _counted_sync  # type: ignore[method-assign]
pg_cursor.Cursor._fetch_pipeline = _counted_fetch  # type: ignore[method-assign]


@atexit.register
def _report() -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"round trips {sum(trips.values())}, waiting in them {sum(waited.values()):.1f} s; "
        f"wall {time.perf_counter() - started:.1f} s, CPU {usage.ru_utime + usage.ru_stime:.1f} s",
        file=sys.stderr,
    )
    for kind, count in trips.most_common(TOP):
        print(f"{count:8d} {waited[kind]:8.2f} s  {kind}", file=sys.stderr)


if __name__ == "__main__":
    from storyline.cli import main

    sys.exit(main(sys.argv[1:]))
