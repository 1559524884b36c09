"""Opening a SQLite file safely: look before touching, migrate under an exclusive lock.

A database path comes from the user, so it may name anything: another program's
SQLite file, a spreadsheet, a folder, a file only root may write. The file is
inspected first (its first bytes, then its schema through a read-only
connection) and refused before anything is written to it; only a new file, an
empty SQLite file or a storyline database is ever opened for writing.

Several processes may start on one new database at once (a cron job and a
user, a test harness). Creation and migration therefore run inside one
`BEGIN EXCLUSIVE` transaction that re-reads the schema version after taking the
lock, so the second process finds the work done instead of repeating it; the
few SQLite steps that do not wait on a busy database (switching to WAL) are
retried.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from storyline.errors import InputError, StoreError
from storyline.store import search_index, search_postings

# Written into the file header (PRAGMA application_id) by the first migration, so a
# storyline database says what it is; files created before carry 0 and are
# recognised by their tables. 0x53544C4E is "STLN" in ASCII.
APPLICATION_ID = 0x53544C4E
# Seconds a connection waits for another one's lock before giving up. Migrations and
# ingest batches hold the write lock for well under a second at a time.
BUSY_TIMEOUT_S = 30.0
# Retries of a step SQLite does not retry itself (journal mode switch, a lock race at
# creation), with a pause that grows from RETRY_PAUSE_S: 10 tries span about 5 s,
# far longer than any other process holds a migration lock on a new database.
RETRIES = 10
RETRY_PAUSE_S = 0.05
# Tables every storyline database has, whatever its version: enough to tell it from
# another program's file that happens to use SQLite.
CORE_TABLES = frozenset({"meta", "articles", "rejections", "annotations"})

_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_DROP = re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_RENAME = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)", re.IGNORECASE)
# SQLite has no `ADD COLUMN IF NOT EXISTS` (PostgreSQL's twin scripts say it): the
# migration runner skips an added column that is there already, so a migration
# replayed over its own tables (a store rewound to an older version) stays a no-op.
_ADD_COLUMN = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+(?:COLUMN\s+)?(\w+)", re.IGNORECASE)

T = TypeVar("T")


def _busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def retry_busy(step: Callable[[], T]) -> T:
    """Run `step`, retrying while another process holds the lock it needs."""
    for attempt in range(RETRIES):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(RETRY_PAUSE_S * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def expected_tables(scripts: Sequence[tuple[int, str]], version: int) -> set[str]:
    """The tables a database at schema `version` has, replayed from the migrations."""
    tables: set[str] = set()
    for number, sql in scripts:
        if number > version:
            break
        for statement in split_sql(sql):
            tables.update(name.lower() for name in _CREATE.findall(statement))
            tables.difference_update(name.lower() for name in _DROP.findall(statement))
            for old, new in _RENAME.findall(statement):
                tables.discard(old.lower())
                tables.add(new.lower())
    return tables


def read_only_uri(path: str) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def inspect(path: str, for_write: bool, scripts: Sequence[tuple[int, str]] | None = None) -> bool:
    """True when `path` is an existing storyline database, False when it is new
    (absent, empty, or an SQLite file without tables); otherwise refuses it with a
    one-line error, before any byte of it is changed. A storyline database missing a
    table its version promises (of the migration `scripts`) is refused as damaged."""
    target = Path(path)
    if not target.exists():
        if for_write:
            if not target.parent.is_dir():
                raise InputError(f"cannot create database {path}: folder {target.parent} does not exist")
            return False
        raise InputError(f"no database at {path}; run `storyline ingest PATH --db {path}` first")
    if target.is_dir():
        raise InputError(f"{path} is a folder, not a database file")
    if not target.is_file():
        raise InputError(f"{path} is not a regular file")
    # The file is never opened here except through SQLite: this process may already hold
    # a connection to it (a lease's heartbeat store, a watcher's read store), and closing
    # any other descriptor of the file drops every POSIX lock the process holds on it,
    # after which another process's closing connection takes itself for the last one and
    # checkpoints and deletes the WAL under the live writer (tests/test_writers.py).
    if not os.access(target, os.R_OK):
        raise StoreError(f"cannot read database {path}: permission denied")
    if target.stat().st_size == 0:
        if for_write:
            return False
        raise StoreError(f"{path} is an empty file, not a storyline database")
    try:
        probe = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            version = int(probe.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(probe.execute("PRAGMA application_id").fetchone()[0])
            tables = {
                str(row[0]).lower()
                for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:  # no SQLite header
            raise StoreError(
                f"{path} is not a storyline database (not an SQLite file); left untouched"
            ) from exc
        if "disk i/o" in str(exc).lower():  # its -shm companion could not be written
            raise StoreError(f"cannot open database {path}: {exc} (is the disk full?)") from exc
        raise StoreError(f"database {path} is damaged or unreadable: {exc}") from exc
    tables = {t for t in tables if not t.startswith("sqlite_")}
    if version == 0 and not tables and app_id in (0, APPLICATION_ID):
        if for_write:
            return False
        raise StoreError(f"{path} holds no storyline data (an empty SQLite database)")
    if app_id not in (0, APPLICATION_ID) or version == 0 or not CORE_TABLES <= tables:
        raise StoreError(
            f"{path} is not a storyline database (another program's SQLite file); left untouched"
        )
    if scripts is None:
        from storyline.store.sqlite import migrations

        scripts = migrations()
    _report_missing(path, expected_tables(scripts, version) - tables)
    return True


def _report_missing(path: str, missing: set[str]) -> None:
    if missing:
        names = ", ".join(sorted(missing))
        raise StoreError(f"database {path} is damaged: table {names} is missing")


def check_writable(path: str) -> None:
    """A write command on a file or folder it cannot write fails here, in one line,
    rather than at the first INSERT."""
    target = Path(path)
    if target.exists() and not os.access(target, os.W_OK):
        raise StoreError(f"database {path} is read-only (no write permission)")
    folder = target.parent
    if not os.access(folder, os.W_OK):
        raise StoreError(f"cannot write beside database {path}: folder {folder} is read-only")


def check_tables(db: sqlite3.Connection, path: str, scripts: Sequence[tuple[int, str]]) -> None:
    """Every table the schema version promises is there (a dropped table is damage)."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    present = {str(r[0]).lower() for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    _report_missing(path, expected_tables(scripts, version) - present)


def migrate(db: sqlite3.Connection, path: str, scripts: Sequence[tuple[int, str]]) -> None:
    """Bring the schema to the latest version in one exclusive transaction."""
    latest = scripts[-1][0] if scripts else 0

    def begin() -> None:
        db.execute("BEGIN EXCLUSIVE")

    retry_busy(begin)
    try:
        current = int(db.execute("PRAGMA user_version").fetchone()[0])  # read under the lock
        if current > latest:
            raise StoreError(
                f"database {path} has schema version {current}, newer than this "
                f"storyline ({latest}); upgrade storyline"
            )
        for number, sql in scripts:
            if number <= current:
                continue
            for statement in split_sql(sql):
                if not _column_there(db, statement):
                    db.execute(statement)
            if number == search_index.SEARCH_SCHEMA:
                search_index.backfill(db)  # databases annotated before the index
            if number == search_postings.POSTINGS_SCHEMA:
                search_postings.fill(db)  # the postings of what the index holds
            db.execute(f"PRAGMA user_version={int(number)}")
        if current == 0:
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _column_there(db: sqlite3.Connection, statement: str) -> bool:
    """Whether `statement` adds a column its table already has."""
    added = _ADD_COLUMN.match(statement)
    if added is None:
        return False
    table, column = added.groups()
    return any(row[1].lower() == column.lower() for row in db.execute(f"PRAGMA table_info({table})"))


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, SQLite deciding where each one ends (a
    trigger's body holds semicolons of its own)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        if not pending.strip() and line.strip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().rstrip(";").strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return [s for s in statements if s]
