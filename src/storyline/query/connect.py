"""Read-only SQLite connections, one per thread.

A reader never writes: the file is opened with `mode=ro`, so SQLite itself
refuses any write, a missing file is not created, and a file that is not a
storyline database is refused before any query runs. A web server's thread pool
shares one `Connections`; each thread gets its own connection on first use
(sqlite3 connections must not be used by two threads at once), and WAL mode
lets all of them read while the one writer writes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.request import pathname2url

from storyline.errors import NotFoundError, StoreError

# Tables every storyline schema since version 1 has; a file without them is not ours.
REQUIRED_TABLES = frozenset(
    {"articles", "annotations", "assignments", "entities", "novelty", "rejections", "stories", "threads"}
)
# How long a read waits for a writer's lock (checkpoints are the only case in WAL mode).
BUSY_TIMEOUT_S = 30.0


class MissingDatabaseError(NotFoundError):
    """No database file at the path a reader was given."""


def _latest_schema() -> int:
    from storyline.store.sqlite import migrations

    scripts = migrations()
    return scripts[-1][0] if scripts else 0


def open_connections(location: str | Path) -> Connections:
    """The read connections of a database file, or of a `postgresql://` URL (pooled)."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from storyline.store.pg_read import PgConnections

        return PgConnections(str(location))  # type: ignore[return-value]
    return Connections(location)


class Connections:
    """Per-thread read-only connections to one storyline database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise MissingDatabaseError(f"no database at {self.path}")
        self._uri = f"file:{pathname2url(str(self.path.resolve()))}?mode=ro"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self.tables: frozenset[str] = frozenset()
        self._generation = 0
        self.schema_version = self._check(self.get())

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                # check_same_thread off only so close() may close every thread's
                # connection; each one is used by the thread that opened it.
                db = sqlite3.connect(self._uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open database {self.path}: {exc}") from exc
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def generation(self) -> int:
        """A number that changes whenever any other connection (the server's writer,
        a CLI ingest in another process) has committed since it was last asked.

        SQLite's `PRAGMA data_version` changes, on one connection, when another
        connection commits; each thread's connection remembers the value it last
        saw, and any change bumps one shared counter. A commit is thus seen by the
        first request after it on whichever thread, and caches keyed on the counter
        never serve what was read before it (at worst they rebuild once more: two
        threads may both see the same commit, and a thread's first call counts as a
        change). Costs one pragma, a few microseconds. Ask it from one thread (the web
        server asks from its event loop only), or every new thread's first call
        moves the generation.
        """
        db = self.get()
        seen = int(db.execute("PRAGMA data_version").fetchone()[0])
        if getattr(self._local, "data_version", None) != seen:
            with self._lock:
                self._generation += 1
            self._local.data_version = seen
        return self._generation

    def _check(self, db: sqlite3.Connection) -> int:
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.OperationalError as exc:  # locked, unreadable, or its WAL files cannot be made
            self.close()
            raise StoreError(f"cannot read database {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path} is not a storyline database ({exc})") from exc
        if version == 0 or not REQUIRED_TABLES <= tables:
            self.close()
            raise StoreError(f"{self.path} is not a storyline database")
        self.tables = frozenset(tables)
        latest = _latest_schema()
        if version > latest:
            self.close()
            raise StoreError(
                f"database {self.path} has schema version {version}, newer than this storyline ({latest});"
                " upgrade storyline"
            )
        return version

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                db.close()
            self._all.clear()
        self._local = threading.local()
