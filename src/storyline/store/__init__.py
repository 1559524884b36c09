"""Storage: one interface (`Store`), SQLite by default, PostgreSQL for a URL."""

from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store


def open_store(location: str | Path, readonly: bool = False) -> Store:
    """Open a store from a path (SQLite) or a `postgresql://` URL (PostgreSQL).

    `readonly=True` never creates, migrates or writes anything: for commands that
    only read. A file that is not a storyline database is refused untouched."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(text, readonly=readonly)
    if "://" in text:
        from storyline.errors import InputError

        scheme = text.split("://", 1)[0]
        raise InputError(f"{scheme}:// databases are not supported; give a file path or a postgresql:// URL")
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(text, readonly=readonly)


__all__ = ["Store", "open_store"]
