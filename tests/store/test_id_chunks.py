"""The shared chunked `IN (...)` reader (`store/id_chunks.py`) on a real SQLite table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.store import id_chunks
from storyline.store.id_chunks import ID_CHUNK, rows_for_ids

ROWS = 2 * ID_CHUNK + 7  # enough rows for three chunks
SELECT = "SELECT id, n FROM items WHERE id IN ({marks}) ORDER BY n"


class CountingConnection:
    """A real sqlite3 connection that counts statements and the most ids in one."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.statements = 0
        self.most_params = 0

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.statements += 1
        self.most_params = max(self.most_params, len(params))
        return self.db.execute(sql, params)


@pytest.fixture
def db() -> Iterator[CountingConnection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER, day TEXT)")
    conn.executemany(
        "INSERT INTO items VALUES (?,?,?)", [(_id(n), n, "2022-01-0" + str(n % 9 + 1)) for n in range(ROWS)]
    )
    yield CountingConnection(conn)
    conn.close()


def _id(n: int) -> str:
    return f"a{n:05d}"


@pytest.mark.parametrize("size", [0, 1, ID_CHUNK - 1, ID_CHUNK, ID_CHUNK + 1, 2 * ID_CHUNK + 1])
def test_boundary_sizes_bring_every_row_once(db: CountingConnection, size: int) -> None:
    ids = [_id(n) for n in range(size)]
    rows = rows_for_ids(db, SELECT, ids)
    assert [r[0] for r in rows] == ids
    assert db.statements == -(-size // ID_CHUNK)  # no ids, no statement
    assert db.most_params <= ID_CHUNK


def test_rows_come_chunk_after_chunk_each_in_its_statements_order(db: CountingConnection) -> None:
    # asked newest first: within a chunk ORDER BY n puts them back, across chunks the
    # order of the ids asked holds
    ids = [_id(n) for n in reversed(range(ID_CHUNK + 3))]
    rows = rows_for_ids(db, SELECT, ids)
    first, second = ids[:ID_CHUNK], ids[ID_CHUNK:]
    assert [r[0] for r in rows] == sorted(first) + sorted(second)


def test_a_repeated_id_brings_its_row_once_even_across_chunks(db: CountingConnection) -> None:
    ids = [_id(n) for n in range(ID_CHUNK)] + [_id(0), _id(ID_CHUNK), _id(1)]
    rows = rows_for_ids(db, SELECT, ids)
    assert [r[0] for r in rows] == [_id(n) for n in range(ID_CHUNK + 1)]
    assert db.statements == 2


def test_unknown_ids_are_left_out(db: CountingConnection) -> None:
    assert rows_for_ids(db, SELECT, ["nope", _id(3), "also-nope"]) == [(_id(3), 3)]


def test_parameters_before_and_after_the_ids_go_in_every_statement(db: CountingConnection) -> None:
    sql = "SELECT id FROM items WHERE day >= ? AND id IN ({marks}) AND n < ? ORDER BY n"
    ids = [_id(n) for n in range(ID_CHUNK + 20)]
    rows = rows_for_ids(db, sql, ids, before=["2022-01-05"], after=[ID_CHUNK + 10])
    expected = [_id(n) for n in range(ID_CHUNK + 10) if n % 9 + 1 >= 5]
    assert [r[0] for r in rows] == expected
    assert db.statements == 2


def test_a_generator_of_ids_is_read_once(db: CountingConnection) -> None:
    rows = rows_for_ids(db, SELECT, (_id(n) for n in range(3)))
    assert [r[0] for r in rows] == [_id(0), _id(1), _id(2)]


def test_a_template_without_marks_or_a_bad_chunk_is_refused(db: CountingConnection) -> None:
    with pytest.raises(ValueError, match="marks"):
        rows_for_ids(db, "SELECT id FROM items WHERE id = ?", [_id(1)])
    with pytest.raises(ValueError, match="chunk"):
        rows_for_ids(db, SELECT, [_id(1)], chunk=0)


def test_the_chunk_stays_under_old_sqlites_variable_limit() -> None:
    assert ID_CHUNK < 999


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=ROWS + 20), max_size=40),
    chunk=st.integers(min_value=1, max_value=9),
)
def test_any_chunk_gives_the_rows_of_one_unchunked_statement(picks: list[int], chunk: int) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER, day TEXT)")
    conn.executemany("INSERT INTO items VALUES (?,?,?)", [(_id(n), n, "") for n in range(ROWS)])
    ids = [_id(n) for n in picks]
    chunked = rows_for_ids(conn, "SELECT id, n FROM items WHERE id IN ({marks})", ids, chunk=chunk)
    unique = id_chunks.unique(ids)
    whole = conn.execute(f"SELECT id, n FROM items WHERE id IN ({','.join('?' * len(unique))})", unique)
    assert sorted(chunked) == sorted(whole.fetchall())
    assert len(chunked) == len({r[0] for r in chunked})
    conn.close()
