"""Merges, corpus entities, novelty marks and the stages' state entries, for both
backends, and the reset of everything grouping made (`clear_grouping`).

A mixin of `SQLStore` (like `sql_runtime`), on its connection `_db` and dialect
`_sql`, in SQL both backends run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from storyline.model import Entity, SentenceNovelty
from storyline.store import codec, id_chunks
from storyline.store.sql_runtime import now_text as _now

if TYPE_CHECKING:
    from storyline.store.dialect import Connection, Dialect


class StateTables:
    """`merges`, `entities`, `novelty` and `state`."""

    _db: Connection
    _sql: Dialect
    # Id counters' values this write transaction has handed out (`next_id`).
    _ids: dict[str, int]

    def record_merge(self, level: str, kept_id: str, merged_id: str, article_id: str | None) -> None:
        self._db.execute(
            "INSERT INTO merges (level, kept_id, merged_id, article_id, at) VALUES (?,?,?,?,?)",
            (level, kept_id, merged_id, article_id, _now()),
        )

    def merges(self) -> list[tuple[str, str, str, str | None, str]]:
        return [
            (r[0], r[1], r[2], r[3], r[4])
            for r in self._db.execute(
                "SELECT level, kept_id, merged_id, article_id, at FROM merges ORDER BY id"
            )
        ]

    def replace_entities(self, entities: list[Entity]) -> None:
        self._db.execute("DELETE FROM entities")
        self._db.executemany(
            "INSERT INTO entities (id, data) VALUES (?,?)",
            [(e.id, codec.dumps(e)) for e in entities],
        )

    def entities(self) -> list[Entity]:
        return [codec.entity_from(r[0]) for r in self._db.execute("SELECT data FROM entities ORDER BY id")]

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        sql = "SELECT data FROM entities WHERE id IN ({marks})"
        for (data,) in id_chunks.rows_for_ids(self._db, sql, sorted(set(ids))):
            entity = codec.entity_from(data)
            found[entity.id] = entity
        return found

    def clear_grouping(self) -> None:
        for table in (
            "threads",
            "stories",
            "story_parts",
            "story_states",
            "story_views",
            "assignments",
            "merges",
            "entities",
            "novelty",
            "state",
            "group_postings",
            "entity_links",
            "group_profiles",
            "group_df",
            "group_entities",
            "entity_redirects",
            "unbuilt_stories",
        ):
            self._db.execute(f"DELETE FROM {table}")
        # Ids restart with the grouping (a rebuild reads the same as a first run);
        # failures of the grouping and story stages are for the rebuild to retry.
        self._db.execute("DELETE FROM counters")
        self._ids = {}
        self._db.execute("DELETE FROM failures WHERE stage != 'annotate'")

    # ---- story intelligence
    def save_novelty(self, article_id: str, marks: list[SentenceNovelty]) -> None:
        self._db.execute(
            self._sql.upsert("novelty", ("article_id", "data"), ("article_id",)),
            (article_id, codec.dumps([vars(m) for m in marks])),
        )

    def novelty(self, article_id: str) -> list[SentenceNovelty]:
        row = self._db.execute("SELECT data FROM novelty WHERE article_id=?", (article_id,)).fetchone()
        return codec.novelty_from(row[0]) if row else []

    # ---- state
    def get_state(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def set_state(self, key: str, value: bytes) -> None:
        self._db.execute(self._sql.upsert("state", ("key", "value"), ("key",)), (key, value))

    # ---- bulk state (grouping stage)
    def iter_state(self, prefix: str) -> Iterator[tuple[str, bytes]]:
        # A range on the primary key, so the scan touches only the prefix's rows.
        upper = prefix + "\U0010ffff"
        for key, value in self._db.execute(
            "SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key", (prefix, upper)
        ):
            yield key, bytes(value)

    def state_keys(self, prefix: str) -> list[str]:
        upper = prefix + "\U0010ffff"
        return [
            r[0]
            for r in self._db.execute(
                "SELECT key FROM state WHERE key >= ? AND key < ? ORDER BY key", (prefix, upper)
            )
        ]

    def set_states(self, items: Iterable[tuple[str, bytes]]) -> None:
        self._db.executemany(self._sql.upsert("state", ("key", "value"), ("key",)), list(items))

    def delete_states(self, keys: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM state WHERE key=?", [(k,) for k in keys])

    def save_entities(self, entities: list[Entity]) -> None:
        self._db.executemany(
            self._sql.upsert("entities", ("id", "data"), ("id",)),
            [(e.id, codec.dumps(e)) for e in entities],
        )

    def delete_entities(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM entities WHERE id=?", [(i,) for i in ids])
