"""SQLite backend: one file, WAL mode, versioned migrations.

WAL lets readers (the CLI's `articles`, a future web UI) work while an ingest
writes; `synchronous=NORMAL` in WAL mode still never corrupts the database on a
crash, it can only lose the last transactions, which ingest re-does idempotently.
Every store method is the shared SQL of `sql_store.py`; this module opens the
file, migrates it and takes SQLite's write lock.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from storyline.errors import StoreError
from storyline.store import opening
from storyline.store.dialect import Dialect
from storyline.store.sql_store import SQLStore


def migrations() -> list[tuple[int, str]]:
    """The numbered SQL migration scripts shipped with the package, in order."""
    return read_migrations("migrations")


def read_migrations(folder_name: str) -> list[tuple[int, str]]:
    """The numbered `.sql` scripts of a package folder (`NNNN_name.sql`), in order."""
    folder = resources.files("storyline.store") / folder_name
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore(SQLStore):
    """`readonly=True` (the read commands) opens an existing storyline database
    without write access: nothing is created, migrated or switched to WAL."""

    _sql = Dialect()

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = self.location = str(path)
        self.readonly = readonly
        scripts = migrations()
        try:
            opening.inspect(self.path, for_write=not readonly, scripts=scripts)
            if readonly:
                self._db = sqlite3.connect(
                    opening.read_only_uri(self.path),
                    uri=True,
                    isolation_level=None,
                    timeout=opening.BUSY_TIMEOUT_S,
                )
                self._check_version(scripts)
            else:
                opening.check_writable(self.path)
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=opening.BUSY_TIMEOUT_S)
                opening.retry_busy(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
                self._db.execute("PRAGMA synchronous=NORMAL")
                opening.migrate(self._db, self.path, scripts)
            self._db.execute("PRAGMA foreign_keys=ON")
            opening.check_tables(self._db, self.path, scripts)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._depth = 0

    # ---- lifecycle
    def _check_version(self, scripts: list[tuple[int, str]]) -> None:
        """A read-only store reads an older schema as it is (nothing is migrated)
        and refuses a newer one, which it could misread."""
        current = self.schema_version()
        latest = scripts[-1][0] if scripts else 0
        if current > latest:
            raise StoreError(
                f"database {self.path} has schema version {current}, newer than this "
                f"storyline ({latest}); upgrade storyline"
            )

    def _begin_write(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def _is_busy(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError)

    def close(self) -> None:
        self._db.close()

    def is_infrastructure_error(self, exc: BaseException) -> bool:
        # Constraint and data errors come from what an item made us write; the rest
        # (locked, I/O, full disk, a damaged file) is the database itself.
        return isinstance(exc, sqlite3.Error) and not isinstance(
            exc, sqlite3.IntegrityError | sqlite3.DataError
        )

    def reopen(self) -> SQLiteStore:
        other = SQLiteStore(self.path)
        other.hold_lease(self._lease_token, self._lease_ttl)
        return other

    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])
