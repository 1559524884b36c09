"""Storage: one interface (`Store`), SQLite by default."""

from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store


def open_store(location: str | Path) -> Store:
    """Open a store from a path (SQLite) or, later, a `postgresql://` URL."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from storyline.errors import InputError

        raise InputError("PostgreSQL is not supported yet; give a SQLite file path")
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(text)


__all__ = ["Store", "open_store"]
