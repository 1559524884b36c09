"""The store contract: behaviour every backend must show, whatever its SQL.

Each test takes `backend`, a way to open connections to one fresh database of the
backend under test. SQLite runs here; the PostgreSQL backend adds itself to
`BACKENDS` (with a server to point at) and runs the same tests unchanged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store

Opener = Callable[[], Store]


def _sqlite(tmp_path: Path) -> Opener:
    path = tmp_path / "contract.db"
    return lambda: open_store(path)


BACKENDS: dict[str, Callable[[Path], Opener]] = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    opened: list[Store] = []

    def open_one() -> Store:
        store = BACKENDS[request.param](tmp_path)()
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        with contextlib.suppress(Exception):  # closed already by the thread that owned it
            store.close()


@pytest.fixture
def store(backend: Opener) -> Store:
    return backend()
