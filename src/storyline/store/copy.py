"""Copying a SQLite store into PostgreSQL (`storyline migrate`), resumably.

Every table the two schemas share is copied in rowid order, a batch per
transaction; the batch and the table's progress mark (`meta` key
`migrate.<table>`, the last rowid copied) commit together, so a copy killed at
any point continues where its last commit left it, and a row is never copied
twice: a row already there is replaced by the source's version (SQLite gives a
rewritten row a new rowid, so a row the source rewrote between two runs is
copied again, and wins); a row it deleted in between shows in the counts. Tables are found from the two
schemas, not listed here, so a table a later migration adds is copied without
changing this module, as long as it has the same name and columns on both.
Afterwards every table's rows are counted on both sides.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg import errors as pg_errors

from storyline.errors import StoreError
from storyline.store import codec
from storyline.store.postgres import PgConnection, PostgresStore
from storyline.store.sqlite import SQLiteStore

# Rows per transaction (one COPY stream each): large enough that the commit and
# the SQLite range read are a small part of a batch, small enough that a kill loses
# little (a batch is re-sent whole; rows stream, so its size costs no memory). On the
# 10k store at load 12-16, COPY with 500 a batch: 9.5 s client CPU, 3:02 wall; with
# 5,000: 6.7 s, 2:27 (docs/scale.md).
DEFAULT_BATCH = 5000
STAGE = "migrate_stage"
SOURCE_KEY = "migrate.source"
PROGRESS_PREFIX = "migrate."
# Tables that are not data: the lease is the writers' own, `meta` holds each
# database's schema version, and `story_entities`, `article_entities`,
# `search_blocks`, `story_members` and `story_ingests` are kept by triggers on both
# (copying the counts would count twice; the blocks would meet the rows their
# trigger wrote).
SKIPPED = frozenset(
    {"writer_lease", "meta", "story_entities", "article_entities", "search_blocks", "story_members"}
    | {"story_ingests"}
    # SQLite's own read tables (schemas 57 and 60): PostgreSQL ranks and counts without them
    | {"search_postings", "search_days", "article_entity_sets"}
)
# SQLite columns held in the rowid: (table, the PostgreSQL column that takes it).
ROWID_COLUMNS = {"search": "seq", "article_aliases": "rowid"}
# Row triggers that keep a summary table, too dear to fire per copied row, with the
# statements that recount the summary from the whole table once the table is in.
# `search_lexemes_rows` (schema 50) upserts every lemma of a search row into
# `search_lexemes`: the copy of `search` ran at ~17 rows/s (10k store, load ~25), so
# a 100k store's index alone took over 1.5 hours; each batch now turns it off inside
# its own transaction (a kill rolls that back too), and the recount is schema 50's own.
BULK_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "search": (
        "search_lexemes_rows",
        (
            "DELETE FROM search_lexemes",
            "INSERT INTO search_lexemes (lexeme, docs) SELECT lexeme, COUNT(*)"
            " FROM search, unnest(tsvector_to_array(terms)) AS lexeme GROUP BY lexeme",
            "INSERT INTO search_totals (id, docs, tokens) SELECT 1, COUNT(*), COALESCE(SUM(tokens), 0)"
            " FROM search ON CONFLICT (id) DO UPDATE SET docs = EXCLUDED.docs, tokens = EXCLUDED.tokens",
        ),
    )
}

Progress = Callable[[str, int, int], None]


@dataclass
class TableCopy:
    table: str
    source_rows: int
    target_rows: int
    copied_now: int

    @property
    def matches(self) -> bool:
        return self.source_rows == self.target_rows


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    """Data tables (FTS5's own shadow tables are left out: `search` is read whole)."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
    shadows = {
        f"{name}_{part}"
        for name, sql in rows
        if "VIRTUAL TABLE" in (sql or "").upper()
        for part in ("data", "idx", "content", "docsize", "config")
    }
    return [name for name, _ in rows if not name.startswith("sqlite_") and name not in shadows]


def _sqlite_columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")]


def _pg_columns(target: PostgresStore, table: str) -> dict[str, str]:
    """Column -> data type of a PostgreSQL table, generated columns left out."""
    rows = target._db.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'"
        " ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def _pg_primary_key(target: PostgresStore, table: str) -> list[str]:
    rows = target._db.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
        " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY a.attnum",
        (table,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def _convert(table: str, column: str, kind: str, value: Any) -> Any:
    """A SQLite value as the PostgreSQL column takes it (SQLite lets a TEXT column
    hold bytes and the other way round)."""
    if value is None:
        return None
    if kind == "bytea" and isinstance(value, str):
        if table == "annotations" and column == "data":  # stored before compaction: compact it now
            return codec.annotation_dumps(codec.annotation_loads(value))
        return value.encode("utf-8")
    if kind in ("text", "character varying") and isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def _stream(db: PgConnection, table: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The rows into `table` by one COPY (psycopg adapts each value as the text format
    wants); COPY cannot run in pipeline mode, so the write transaction's queue is
    settled and left for it."""
    with (
        db.unpipelined(),
        db.raw.cursor() as cur,
        cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _merge_from_stage(table: str, names: Sequence[str], keys: Sequence[str]) -> str:
    """The staged rows into `table`, the staged version winning on its primary key."""
    columns = ", ".join(names)
    rest = [c for c in names if c not in keys]
    if keys and rest:
        action = f"({', '.join(keys)}) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
    elif keys:
        action = f"({', '.join(keys)}) DO NOTHING"
    else:
        action = "DO NOTHING"
    return f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGE} ON CONFLICT {action}"


class Copier:
    """Copies `source` into `target`; both open, the target holding its writer lease."""

    def __init__(self, source: SQLiteStore, target: PostgresStore, batch: int = DEFAULT_BATCH) -> None:
        self.source, self.target, self.batch = source, target, max(1, batch)
        self.db: sqlite3.Connection = source._db  # type: ignore[assignment]
        self.identity = source.path

    def check_target(self) -> None:
        """The target is empty, or a copy of this very source that was interrupted."""
        row = self.target._db.execute("SELECT value FROM meta WHERE key = ?", (SOURCE_KEY,)).fetchone()
        if row is None:
            if self.target.count_articles() or self.target.count_rejections():
                raise StoreError(
                    f"{self.target.location} already holds data that was not copied by `storyline migrate`; "
                    "give an empty database"
                )
            with self.target.transaction():
                self.target._db.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?)", (SOURCE_KEY, self.identity)
                )
        elif row[0] != self.identity:
            raise StoreError(
                f"{self.target.location} is a copy of {row[0]}, not of {self.identity}; give an empty database"
            )

    def tables(self) -> Iterator[tuple[str, list[str], dict[str, str]]]:
        for table in _sqlite_tables(self.db):
            if table in SKIPPED:
                continue
            target_columns = _pg_columns(self.target, table)
            if not target_columns:
                raise StoreError(
                    f"table {table} of {self.identity} has no counterpart in {self.target.location}: "
                    "its PostgreSQL migration is missing"
                )
            source_columns = _sqlite_columns(self.db, table)
            missing = [c for c in source_columns if c not in target_columns]
            if missing:
                raise StoreError(f"column {table}.{missing[0]} has no counterpart in {self.target.location}")
            yield table, source_columns, target_columns

    def _mark(self, table: str) -> int:
        row = self.target._db.execute(
            "SELECT value FROM meta WHERE key = ?", (PROGRESS_PREFIX + table,)
        ).fetchone()
        return int(row[0]) if row else 0

    def copy_table(self, table: str, columns: list[str], kinds: dict[str, str], progress: Progress) -> int:
        rowid_to = ROWID_COLUMNS.get(table)
        names = [*columns, rowid_to] if rowid_to and rowid_to not in columns else list(columns)
        keys = _pg_primary_key(self.target, table)
        mark_sql = self.target._sql.upsert("meta", ("key", "value"), ("key",))
        total = int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        last, copied = self._mark(table), 0
        done = int(self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE rowid <= ?", (last,)).fetchone()[0])
        span = f"SELECT MAX(rowid), COUNT(*) FROM (SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?)"
        select = (
            f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid"
        )
        trigger, recount = BULK_TRIGGERS.get(table, (None, ()))
        if trigger is not None and not self._has_trigger(table, trigger):
            trigger, recount = None, ()
        while True:
            # The batch's rowid range first, then its rows streamed from SQLite straight
            # into COPY: one row in memory at a time, however wide (annotations).
            upper, size = self.db.execute(span, (last, self.batch)).fetchone()
            if upper is None:
                if recount:
                    with self.target.transaction():
                        for statement in recount:
                            self.target._db.execute(statement)
                return copied

            def rows(low: int = last, high: int = int(upper)) -> Iterator[list[Any]]:
                for row in self.db.execute(select, (low, high)):
                    converted = [
                        _convert(table, c, kinds[c], v) for c, v in zip(columns, row[1:], strict=True)
                    ]
                    if len(names) > len(columns):
                        converted.append(row[0])
                    yield converted

            with self.target.transaction():
                if trigger is not None:
                    self.target._db.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
                self._write(table, names, keys, rows)
                self.target._db.execute(mark_sql, (PROGRESS_PREFIX + table, str(upper)))
                if trigger is not None:
                    self.target._db.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            last = int(upper)
            copied += int(size)
            progress(table, done + copied, total)

    def _write(
        self, table: str, names: list[str], keys: list[str], rows: Callable[[], Iterator[list[Any]]]
    ) -> None:
        """One batch, inside the caller's transaction: straight in by COPY; if a row is
        already there (rewritten in the source since an earlier run: new rowid, same
        key), the batch is undone to its savepoint, staged, and upserted from there."""
        db: PgConnection = self.target._db  # type: ignore[assignment]
        try:
            with self.target.transaction():  # nested: a savepoint
                _stream(db, table, names, rows())
            return
        except (pg_errors.UniqueViolation, pg_errors.ExclusionViolation):
            pass
        db.execute(f"CREATE TEMP TABLE {STAGE} (LIKE {table}) ON COMMIT DROP")
        _stream(db, STAGE, names, rows())  # read from SQLite again: nothing was kept
        db.execute(_merge_from_stage(table, names, keys))
        db.execute(f"DROP TABLE {STAGE}")

    def _has_trigger(self, table: str, trigger: str) -> bool:
        row = self.target._db.execute(
            "SELECT 1 FROM pg_trigger WHERE tgrelid = ?::regclass AND tgname = ?", (table, trigger)
        ).fetchone()
        return row is not None

    def finish(self) -> None:
        """Move every id sequence past the copied ids, so new rows do not collide."""
        rows = self.target._db.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND column_default LIKE 'nextval%'"
        ).fetchall()
        with self.target.transaction():
            for table, column in rows:
                self.target._db.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                    f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                )

    def run(self, progress: Progress) -> list[TableCopy]:
        self.check_target()
        report = []
        for table, columns, kinds in list(self.tables()):
            copied = self.copy_table(table, columns, kinds, progress)
            report.append(TableCopy(table, 0, 0, copied))
        self.finish()
        return self.verify(report)

    def verify(self, report: list[TableCopy]) -> list[TableCopy]:
        for entry in report:
            entry.source_rows = _count(self.db, entry.table)
            entry.target_rows = _count(self.target._db, entry.table)
        return report


def _count(db: Any, table: str) -> int:
    """Rows of `table` (a name from the copy plan, never user input)."""
    row = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    return int(row[0]) if row is not None else 0
