"""PostgreSQL backend (psycopg 3): the shared SQL store on a server database.

Selected by a `postgresql://` URL for `--db` or `$STORYLINE_DB`. The methods are
those of `sql_store.py`; this module connects, migrates (`pg_migrations/`, one
script per SQLite schema version, the version kept in `meta`), and takes the
locks. Write transactions are serialised by a transaction-level advisory lock,
as SQLite's `BEGIN IMMEDIATE` serialises them, so the fence, the id counters and
the grouping see the same single-writer world on both backends. The writer lease
is held as a session-level advisory lock (`pg_lease.py`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors

from storyline.errors import StoreError
from storyline.model import Story
from storyline.store import codec, opening, story_rows
from storyline.store.dialect import PostgresDialect
from storyline.store.pg_connection import PgConnection, SettlingCursor
from storyline.store.pg_connection import (
    to_pyformat as to_pyformat,
)  # re-exported: its callers import it here
from storyline.store.pg_lease import AdvisoryLease
from storyline.store.sql_store import SQLStore
from storyline.store.sqlite import read_migrations

# Advisory lock keys: (LOCK_SPACE, key) in PostgreSQL's two-number form. 0x53544C4E
# is "STLN", the application id of the SQLite files; the second number names the lock.
LOCK_SPACE = 0x53544C4E
WRITE_LOCK = 1  # held by every write transaction (SQLite's write lock)
MIGRATE_LOCK = 2  # held while the schema is created or migrated
# Seconds a write waits for another transaction's write lock: SQLite's busy timeout.
LOCK_TIMEOUT_S = opening.BUSY_TIMEOUT_S
# Seconds a connection attempt may take before the command gives up with one line.
CONNECT_TIMEOUT_S = 10
SCHEMA_KEY = "schema_version"


def migrations() -> list[tuple[int, str]]:
    """The PostgreSQL migration scripts, numbered as the SQLite ones they mirror."""
    return read_migrations("pg_migrations")


def is_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages and `location`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, readonly: bool = False) -> psycopg.Connection[Any]:
    """An autocommit connection (the store issues BEGIN/COMMIT itself), or one line why not."""
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {reason}") from exc
    raw.cursor_factory = SettlingCursor
    raw.execute(f"SET lock_timeout = '{int(LOCK_TIMEOUT_S * 1000)}ms'")
    if readonly:
        raw.execute("SET default_transaction_read_only = on")
    return raw


def schema_version(raw: psycopg.Connection[Any]) -> int:
    row = raw.execute("SELECT to_regclass('meta')").fetchone()
    if row is None or row[0] is None:
        return 0
    found = raw.execute("SELECT value FROM meta WHERE key = %s", (SCHEMA_KEY,)).fetchone()
    return int(found[0]) if found else 0


def table_names(raw: psycopg.Connection[Any]) -> set[str]:
    return {
        str(r[0]).lower()
        for r in raw.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    }


def migrate(raw: psycopg.Connection[Any], where: str, scripts: Sequence[tuple[int, str]]) -> None:
    """Bring the schema to the latest version in one transaction, under a lock, so
    that processes starting together on a new database migrate it once."""
    latest = scripts[-1][0] if scripts else 0
    with raw.transaction():
        raw.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_SPACE, MIGRATE_LOCK))
        current = schema_version(raw)  # read under the lock
        check_version(where, current, latest)
        if current == 0 and table_names(raw):
            raise StoreError(
                f"{where} is not a storyline database (it holds another program's tables); left untouched"
            )
        for number, sql in scripts:
            if number > current:
                raw.execute(sql.encode())  # a whole script: several statements, no parameters
        if latest > current:
            raw.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (SCHEMA_KEY, str(latest)),
            )


def check_version(where: str, current: int, latest: int) -> None:
    if current > latest:
        raise StoreError(
            f"database {where} has schema version {current}, newer than this storyline ({latest}); "
            "upgrade storyline"
        )


def check_tables(raw: psycopg.Connection[Any], where: str, scripts: Sequence[tuple[int, str]]) -> None:
    missing = opening.expected_tables(scripts, schema_version(raw)) - table_names(raw)
    if missing:
        raise StoreError(f"database {where} is damaged: table {', '.join(sorted(missing))} is missing")


class PostgresStore(AdvisoryLease, SQLStore):
    """`readonly=True` never creates or migrates, and the session refuses writes."""

    _sql = PostgresDialect()

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.url = url
        self.location = redact(url)
        self.readonly = readonly
        scripts = migrations()
        raw = connect(url, readonly)
        try:
            if readonly:
                current = schema_version(raw)
                if current == 0:
                    raise StoreError(
                        f"{self.location} holds no storyline data; run `storyline ingest PATH --db URL` first"
                    )
                check_version(self.location, current, scripts[-1][0])
            else:
                migrate(raw, self.location, scripts)
            check_tables(raw, self.location, scripts)
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot open database {self.location}: {' '.join(str(exc).split())}") from exc
        except BaseException:
            raw.close()
            raise
        self._raw = raw
        self._db: PgConnection = PgConnection(raw)
        self._depth = 0

    def _begin_write(self) -> None:
        # BEGIN and the lock in one round trip; settled here, so a lock that times
        # out is raised from here, where the store's busy handling expects it.
        self._db.begin_pipeline()
        try:
            self._db.execute("BEGIN")
            self._db.execute("SELECT pg_advisory_xact_lock(?, ?)", (LOCK_SPACE, WRITE_LOCK))
            self._db.settle()
        except BaseException:
            self._rollback()
            raise

    def _settle(self) -> None:
        self._db.settle()

    def _release(self, savepoint: str) -> None:
        self._db.execute_settled(f"RELEASE SAVEPOINT {savepoint}")

    def _recover(self) -> None:
        self._db.recover()

    def _commit(self) -> None:
        try:
            self._db.execute("COMMIT")
            self._db.settle()
        finally:
            self._db.end_pipeline()

    def _rollback(self) -> None:
        try:
            self._db.recover()
            self._db.execute("ROLLBACK")
            self._db.settle()
        finally:
            self._db.end_pipeline()

    def update_story_skeleton(self, story: Story) -> None:
        # One queued upsert instead of an UPDATE whose `rowcount` the writer waits
        # for (a round trip an article): the insert branch writes what `save_story`
        # writes for a story that is not stored (no part rows: any left from an
        # earlier story of the same id go first, as `save_story` would delete them),
        # the update branch patches the same four keys as `story_skeleton_update`.
        encodings = story_rows.Encodings()
        record = codec.story_dumps(
            story, story_rows.digest(story_rows.encode_parts(story, encodings), encodings)
        )
        self._db.execute(
            story_rows.DELETE_STORY + " AND NOT EXISTS (SELECT 1 FROM stories WHERE id=?)",
            (story.id, story.id),
        )
        self._db.execute(
            "INSERT INTO stories (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data ="
            " (stories.data::jsonb || jsonb_build_object('title', ?::text, 'first_published', ?::text,"
            " 'last_published', ?::text, 'entity_ids', ?::jsonb))::text",
            (
                story.id,
                record,
                story.title,
                story.first_published,
                story.last_published,
                json.dumps(story.entity_ids, ensure_ascii=False),
            ),
        )

    def _is_busy(self, exc: BaseException) -> bool:
        return isinstance(exc, pg_errors.LockNotAvailable | pg_errors.QueryCanceled)

    def close(self) -> None:
        self._raw.close()

    def is_infrastructure_error(self, exc: BaseException) -> bool:
        # As in SQLite: what an item made us write (a constraint, a value PostgreSQL
        # refuses, such as a NUL character) is the item's; the rest is the database's.
        return isinstance(exc, psycopg.Error) and not isinstance(
            exc, psycopg.IntegrityError | psycopg.DataError
        )

    def reopen(self) -> PostgresStore:
        other = PostgresStore(self.url, readonly=self.readonly)
        other.hold_lease(self._lease_token, self._lease_ttl)
        return other

    def schema_version(self) -> int:
        return schema_version(self._raw)
