"""The store contract: behaviour every backend must show, whatever its SQL.

Each test takes `backend`, a way to open connections to one fresh database of the
backend under test: a SQLite file, and a PostgreSQL database on the session's
throwaway cluster (`tests/pg.py`). The tests are the same for both.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store

Opener = Callable[[], Store]


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    path = tmp_path / "contract.db"
    return lambda: open_store(path)


def _postgresql(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    url = request.getfixturevalue("pg_cluster").new_database("contract")
    return lambda: open_store(url)


BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Opener]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    opened: list[Store] = []
    opener = BACKENDS[request.param](request, tmp_path)

    def open_one() -> Store:
        store = opener()
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        with contextlib.suppress(Exception):  # closed already by the thread that owned it
            store.close()


@pytest.fixture
def store(backend: Opener) -> Store:
    return backend()
