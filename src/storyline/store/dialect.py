"""What differs between the SQL of SQLite and of PostgreSQL, in one small object.

The store's methods (`sql_store.py`, `sql_runtime.py`) are written once, in SQL
both databases run: `?` placeholders (the PostgreSQL connection turns them into
psycopg's), `RETURNING`, `ON CONFLICT ... DO NOTHING`, subqueries with an alias.
The few statements that cannot be written the same way come from here: an
upsert (SQLite keeps its `INSERT OR REPLACE`, whose row order the read side
relies on), the patch of a JSON document in place, and the search index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from storyline.model import Annotation


class Connection(Protocol):
    """The part of a DB-API connection the store uses (sqlite3's, or `PgConnection`)."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...

    def close(self) -> None: ...


class Dialect:
    """SQLite's forms; `PostgresDialect` overrides what PostgreSQL spells otherwise."""

    name = "sqlite"

    def upsert(self, table: str, columns: Sequence[str], keys: Sequence[str]) -> str:
        """Insert a row, replacing the one with the same `keys`."""
        marks = ",".join("?" * len(columns))
        return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({marks})"

    def insert_ignore(self, table: str, columns: Sequence[str]) -> str:
        """Insert a row unless one with the same unique key is there (rowcount 0 then)."""
        marks = ",".join("?" * len(columns))
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING"

    def story_skeleton_update(self) -> str:
        """Patch title, first/last published and entity ids of a story document in
        place; parameters: title, first, last, entity ids (JSON text), story id."""
        return (
            "UPDATE stories SET data = json_set(data, '$.title', ?, '$.first_published', ?,"
            " '$.last_published', ?, '$.entity_ids', json(?)) WHERE id=?"
        )

    def index_saved(self, db: Connection, article_id: str, annotation: Annotation) -> None:
        """Replace the article's rows in the full-text search index."""
        from storyline.store import search_index

        search_index.index_saved(db, article_id, annotation)  # type: ignore[arg-type]


class PostgresDialect(Dialect):
    name = "postgresql"

    def upsert(self, table: str, columns: Sequence[str], keys: Sequence[str]) -> str:
        marks = ",".join("?" * len(columns))
        rest = [c for c in columns if c not in keys]
        action = "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest) if rest else "DO NOTHING"
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            f" ON CONFLICT ({', '.join(keys)}) {action}"
        )

    def story_skeleton_update(self) -> str:
        # jsonb `||` replaces the four keys; the document stays TEXT, as in SQLite.
        return (
            "UPDATE stories SET data = (data::jsonb || jsonb_build_object('title', ?::text,"
            " 'first_published', ?::text, 'last_published', ?::text, 'entity_ids', ?::jsonb))::text"
            " WHERE id=?"
        )

    def index_saved(self, db: Connection, article_id: str, annotation: Annotation) -> None:
        from storyline.store import pg_search

        pg_search.index_saved(db, article_id, annotation)
