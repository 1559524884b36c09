"""The grouping's state tables (migrations 46 and 47): profiles, document
frequencies, entity records and redirects, counters, and the stories left unbuilt.

A mixin of `SQLStore` (like `sql_watch`), on its connection `_db`, in SQL both
backends run. Each grouping add writes only the rows it changed; a grouper opens
by reading the small tables whole and profiles by primary key when it needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from storyline.store.dialect import Connection, Dialect

# Entity records per query when a grouper opens: ~1.5 KB each at 12k articles
# (17.6 MiB over ~11,900 records), so ~1.5 MB of rows at a time; a query per page
# costs well under a millisecond on either backend.
ENTITY_PAGE = 1000


class GroupTables:
    """`group_profiles`, `group_df`, `group_entities`, `entity_redirects` and
    `unbuilt_stories`, plus plain counters in `counters`."""

    _db: Connection
    _sql: Dialect
    _depth: int
    _ids: dict[str, int]

    # ---- thread and story profiles
    def group_profile_ids(self, level: str) -> list[str]:
        return [
            r[0]
            for r in self._db.execute("SELECT id FROM group_profiles WHERE level=? ORDER BY id", (level,))
        ]

    def group_profile(self, level: str, profile_id: str) -> bytes | None:
        row = self._db.execute(
            "SELECT data FROM group_profiles WHERE level=? AND id=?", (level, profile_id)
        ).fetchone()
        return bytes(row[0]) if row else None

    def save_group_profiles(self, rows: Iterable[tuple[str, str, str | None, bytes]]) -> None:
        self._db.executemany(
            self._sql.upsert("group_profiles", ("level", "id", "parent", "data"), ("level", "id")), list(rows)
        )

    def delete_group_profiles(self, level: str, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM group_profiles WHERE level=? AND id=?", [(level, i) for i in ids])

    # ---- corpus document frequencies
    def document_frequencies(self) -> Iterator[tuple[str, str, int]]:
        for kind, term, df in self._db.execute("SELECT kind, term, df FROM group_df"):
            yield kind, term, int(df)

    def save_document_frequencies(self, rows: Iterable[tuple[str, str, int]]) -> None:
        self._db.executemany(
            self._sql.upsert("group_df", ("kind", "term", "df"), ("kind", "term")), list(rows)
        )

    def delete_document_frequencies(self, keys: Iterable[tuple[str, str]]) -> None:
        self._db.executemany("DELETE FROM group_df WHERE kind=? AND term=?", list(keys))

    # ---- the entity resolver's records and redirects
    def entity_records(self) -> list[bytes]:
        return [bytes(r[0]) for r in self._db.execute("SELECT data FROM group_entities ORDER BY id")]

    def iter_entity_records(self, page: int = ENTITY_PAGE) -> Iterator[bytes]:
        """`entity_records()` a page of ids at a time, so a grouper opening a big store
        holds one page of rows, not the whole table (17.6 MiB at 12k articles)."""
        last = ""
        while True:
            rows = self._db.execute(
                "SELECT id, data FROM group_entities WHERE id > ? ORDER BY id LIMIT ?", (last, page)
            ).fetchall()
            for _, data in rows:
                yield bytes(data)
            if len(rows) < page:
                return
            last = str(rows[-1][0])

    def save_entity_records(self, rows: Iterable[tuple[str, bytes]]) -> None:
        self._db.executemany(self._sql.upsert("group_entities", ("id", "data"), ("id",)), list(rows))

    def delete_entity_records(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM group_entities WHERE id=?", [(i,) for i in ids])

    def entity_redirects(self) -> dict[str, str]:
        rows = self._db.execute("SELECT old_id, new_id FROM entity_redirects ORDER BY old_id")
        return {old: new for old, new in rows}

    def save_entity_redirects(self, redirects: Mapping[str, str]) -> None:
        self._db.executemany(
            self._sql.upsert("entity_redirects", ("old_id", "new_id"), ("old_id",)), list(redirects.items())
        )

    # ---- plain counters (not id counters: set, not advanced)
    def counter(self, name: str) -> int:
        row = self._db.execute("SELECT value FROM counters WHERE name=?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def set_counter(self, name: str, value: int) -> None:
        self._db.execute(self._sql.upsert("counters", ("name", "value"), ("name",)), (name, value))
        if self._depth:  # an id counter set here is read again by `next_id`
            self._ids.pop(name, None)

    # ---- stories grouping touched that the story stage has not built since
    def note_unbuilt_stories(self, story_ids: Iterable[str]) -> None:
        self._db.executemany(
            self._sql.insert_ignore("unbuilt_stories", ("story_id",)), [(i,) for i in sorted(set(story_ids))]
        )

    def unbuilt_stories(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT story_id FROM unbuilt_stories ORDER BY story_id")]

    def clear_unbuilt_stories(self, story_ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM unbuilt_stories WHERE story_id=?", [(i,) for i in story_ids])
