"""Pooled read-only PostgreSQL connections for the read side (`storyline.query`).

The read side was written for SQLite: it asks a `Connections` object for a
connection and runs its own SQL on it. `PgConnections` stands in for it on a
`postgresql://` database: a psycopg_pool pool of read-only sessions shared by
every thread (a web server's too), each statement borrowing a connection for as
long as it runs. The read side's few SQLite spellings are put into PostgreSQL's
by `translate()`: placeholders, `LIMIT -1`, `json_extract` / `json_each` on the
JSON documents, and SQLite's NULL ordering (NULLs sort first ascending, last
descending). Its queries run unchanged otherwise, and the CLI tests compare their
output with SQLite's.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from psycopg_pool import ConnectionPool

from storyline.errors import StoreError
from storyline.store import postgres

# Connections kept open for readers: a CLI command uses one; a server's request
# threads share them (one statement at a time each), and more are opened up to MAX.
POOL_MIN = 1
POOL_MAX = 8
# Seconds a reader waits for a free pooled connection before the request fails.
POOL_TIMEOUT_S = 30.0
REQUIRED_TABLES = frozenset(
    {"articles", "annotations", "assignments", "entities", "novelty", "rejections", "stories", "threads"}
)

# JSON keys that hold integers, read as PostgreSQL's bigint: the expression its
# indexes sort them by (0010's `entities_mentions`, 0073's `entities_mentions_desc`),
# so an ORDER BY on one reads its index instead of casting every document to jsonb.
INTEGER_KEYS = ("mention_count",)

_INTEGER = re.compile(r"json_extract\(([\w.]+), '\$\.(" + "|".join(INTEGER_KEYS) + r")'\)")
_EXTRACT_COMPARED = re.compile(r"json_extract\(([\w.]+), '\$\.(\w+)'\)(\s*(?:=|<=|>=|<|>|!=)\s*\?)")
_EXTRACT = re.compile(r"json_extract\(([\w.]+), '\$\.(\w+)'\)")
_EACH = re.compile(r"json_each\(([\w.]+), '\$\.(\w+)'\) (\w+)")
_LIMIT = re.compile(r"LIMIT \?", re.IGNORECASE)
_DESC = re.compile(r"\bDESC\b(?!\s+NULLS)")
_ALIAS_IS_NULL = re.compile(r"ORDER BY (\w+) IS NULL, \1\b")


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """A read query of the SQLite read side as PostgreSQL runs it the same way."""
    sql = _INTEGER.sub(r"(((\1)::jsonb ->> '\2'))::bigint", sql)
    sql = _EXTRACT_COMPARED.sub(r"((\1)::jsonb ->> '\2')\3", sql)
    sql = _EXTRACT.sub(r"NULLIF((\1)::jsonb -> '\2', 'null'::jsonb)", sql)
    sql = _EACH.sub(r"jsonb_array_elements_text(COALESCE((\1)::jsonb -> '\2', '[]'::jsonb)) \3(value)", sql)
    # An output column's NULL test in ORDER BY: PostgreSQL sorts by a bare alias only.
    sql = _ALIAS_IS_NULL.sub(r"ORDER BY \1 NULLS LAST", sql)
    sql = _DESC.sub("DESC NULLS LAST", sql)
    sql = _LIMIT.sub("LIMIT NULLIF(?::bigint, -1)", sql)  # SQLite's "no limit" is -1
    return postgres.to_pyformat(sql)


class _Rows:
    """A finished statement's rows, read like a sqlite3 cursor."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class PooledReads:
    """What the read side calls `execute` on: each statement on a pooled connection."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self._pool = pool

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Rows:
        with self._pool.connection() as conn:
            cur = conn.execute(translate(sql), tuple(params))  # type: ignore[arg-type]
            return _Rows(cur.fetchall() if cur.description else [])


class PgConnections:
    """The read side's `Connections` for a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = postgres.redact(url)
        probe = postgres.connect(url, readonly=True)
        try:
            version = postgres.schema_version(probe)
            tables = postgres.table_names(probe)
        finally:
            probe.close()
        if version == 0 or not REQUIRED_TABLES <= tables:
            raise StoreError(
                f"{self.path} holds no storyline data; run `storyline ingest PATH --db URL` first"
            )
        postgres.check_version(self.path, version, postgres.migrations()[-1][0])
        self.schema_version = version
        self.tables = frozenset(tables)
        self._pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=POOL_MIN,
            max_size=POOL_MAX,
            timeout=POOL_TIMEOUT_S,
            kwargs={"autocommit": True, "options": "-c default_transaction_read_only=on"},
            open=True,
        )
        self._reads = PooledReads(self._pool)
        self._lock = threading.Lock()
        self._snapshot: str | None = None
        self._generation = 0

    def get(self) -> PooledReads:
        return self._reads

    def generation(self) -> int:
        """A number that moves when any transaction that writes has begun or
        committed since it was last asked (the web's caches are keyed on it, as on
        SQLite's `PRAGMA data_version`).

        PostgreSQL's current snapshot (`xmin:xmax:running xids`) changes exactly
        then: a transaction is given an xid at its first write, and leaves the
        running list when it commits or aborts; read-only sessions, such as this
        pool's, never get one. It is the cluster's, so a write to another database
        on the same server moves it too: a cache is rebuilt once more, never kept
        past a commit. One short statement per call."""
        row = self._reads.execute("SELECT pg_current_snapshot()::text").fetchone()
        seen = str(row[0]) if row else ""
        with self._lock:
            if seen != self._snapshot:
                self._snapshot = seen
                self._generation += 1
            return self._generation

    def close(self) -> None:
        self._pool.close()
