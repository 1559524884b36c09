"""Reading rows for a list of ids, a bounded `IN (...)` at a time.

The store, the read side and the web's page store all ask "these rows, for these
ids" with lists that can be as long as a story (thousands of articles). One SQL
statement with one `?` per id would break SQLite's variable limit, so each asks in
chunks; this module is the one place that does it.

`sql_template` holds the text `{marks}` where the id placeholders go, for example
`"SELECT id, data FROM entities WHERE id IN ({marks})"`. The rows come back chunk
after chunk, each chunk in the statement's own order (so an `ORDER BY` orders
within a chunk, not across them). Each id is asked once: a repeated id is dropped
after its first place, so it cannot bring its rows twice across a chunk boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

# Ids per `IN (...)` statement. SQLite refuses a statement with more variables than
# SQLITE_MAX_VARIABLE_NUMBER: 999 in builds before 3.32.0 (2020), 32,766 since, and
# distributions may set either; 500 stays under the old floor with room for a few
# other parameters in the same statement (a date window, a limit). PostgreSQL's
# limit (65,535) is far above it. Not a tuned constant: a chunk of 500 against one
# of 999 changes a 2,000-article story's read by one statement.
ID_CHUNK = 500
MARKS = "{marks}"


class Cursor(Protocol):
    def fetchall(self) -> list[Any]: ...


class Executes(Protocol):
    """A connection or anything with its `execute` (sqlite3, the PostgreSQL wrappers)."""

    def execute(self, sql: str, params: Sequence[Any], /) -> Any: ...


def unique(ids: Iterable[str]) -> list[str]:
    """The ids in first-seen order, each once."""
    return list(dict.fromkeys(ids))


def chunks(ids: Sequence[str], chunk: int = ID_CHUNK) -> Iterator[Sequence[str]]:
    """`ids` cut into consecutive pieces of at most `chunk`."""
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    for at in range(0, len(ids), chunk):
        yield ids[at : at + chunk]


def rows_for_ids(
    db: Executes,
    sql_template: str,
    ids: Iterable[str],
    chunk: int = ID_CHUNK,
    before: Sequence[Any] = (),
    after: Sequence[Any] = (),
) -> list[Any]:
    """Every row `sql_template` gives for `ids`, asked `chunk` ids at a time.

    `before` and `after` are parameters placed before and after the ids in each
    statement (they count against the variable limit too: keep them few). No ids,
    no statement."""
    if MARKS not in sql_template:
        raise ValueError(f"the statement has no {MARKS} for the ids: {sql_template!r}")
    rows: list[Any] = []
    for piece in chunks(unique(ids), chunk):
        sql = sql_template.replace(MARKS, ",".join("?" * len(piece)))
        rows += db.execute(sql, [*before, *piece, *after]).fetchall()
    return rows
