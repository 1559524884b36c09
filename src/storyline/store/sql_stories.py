"""The grouping's and the story stage's tables, for both backends: assignments,
threads, stories with their part rows (`story_rows.py`), kept fold state and built
pages.

A mixin of `SQLStore` (like `sql_runtime`), on its connection `_db` and dialect
`_sql`, in SQL both backends run. Membership is read from `assignments`, never
stored with a thread's or a story's record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.errors import NotFoundError
from storyline.model import Story, Thread
from storyline.store import codec, story_rows
from storyline.store.story_rows import StoryRows

if TYPE_CHECKING:
    from storyline.store.dialect import Connection, Dialect


class _Members:
    """Thread and story membership read from `assignments`, every list in ingest order
    (a story's threads in the order of their first article)."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.of_thread: dict[str, list[str]] = {}
        self.of_story: dict[str, list[str]] = {}
        self.threads_of_story: dict[str, list[str]] = {}
        for article_id, thread_id, story_id in rows:
            articles = self.of_thread.get(thread_id)
            if articles is None:  # a thread lies in one story: its first article places it
                articles = self.of_thread[thread_id] = []
                self.threads_of_story.setdefault(story_id, []).append(thread_id)
            articles.append(article_id)
            self.of_story.setdefault(story_id, []).append(article_id)


class StoryTables:
    """`assignments`, `threads`, `stories`, `story_parts`, `story_states` and `story_views`."""

    _db: Connection
    _sql: Dialect

    # ---- grouping
    def set_assignment(self, article_id: str, thread_id: str, story_id: str) -> None:
        self._db.execute(
            self._sql.upsert("assignments", ("article_id", "thread_id", "story_id"), ("article_id",)),
            (article_id, thread_id, story_id),
        )

    def assignments(self) -> dict[str, tuple[str, str]]:
        return {
            r[0]: (r[1], r[2])
            for r in self._db.execute("SELECT article_id, thread_id, story_id FROM assignments")
        }

    def ids_without_assignment(self) -> list[str]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT a.id FROM articles a LEFT JOIN assignments m ON m.article_id = a.id"
                " WHERE m.article_id IS NULL ORDER BY a.seq"
            )
        ]

    def count_assignments(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM assignments").fetchone()[0])

    def assignment_of(self, article_id: str) -> tuple[str, str] | None:
        row = self._db.execute(
            "SELECT thread_id, story_id FROM assignments WHERE article_id=?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def thread_members(self, thread_id: str) -> list[str]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT m.article_id FROM assignments m JOIN articles a ON a.id = m.article_id"
                " WHERE m.thread_id=? ORDER BY a.seq",
                (thread_id,),
            )
        ]

    def story_members(self, story_id: str) -> tuple[list[str], list[str]]:
        members = self._members(story_id)
        return members.of_story.get(story_id, []), members.threads_of_story.get(story_id, [])

    def _members(self, story_id: str | None = None) -> _Members:
        where, args = ("WHERE m.story_id=?", (story_id,)) if story_id is not None else ("", ())
        return _Members(
            self._db.execute(
                "SELECT m.article_id, m.thread_id, m.story_id FROM assignments m"
                f" JOIN articles a ON a.id = m.article_id {where} ORDER BY a.seq",
                args,
            )
        )

    def save_thread(self, thread: Thread) -> None:
        self._db.execute(
            self._sql.upsert("threads", ("id", "data"), ("id",)),
            (thread.id, codec.thread_dumps(thread)),
        )

    def delete_thread(self, thread_id: str) -> None:
        self._db.execute("DELETE FROM threads WHERE id=?", (thread_id,))

    def threads(self) -> list[Thread]:
        members = self._members()
        return [
            codec.thread_from(data, members.of_thread.get(tid, []))
            for tid, data in self._db.execute("SELECT id, data FROM threads")
        ]

    def save_story(self, story: Story, written: StoryRows | None = None) -> StoryRows:
        written = self._story_rows_written(story.id, written)
        encodings = written.encodings or story_rows.Encodings()
        encoded = story_rows.encode_parts(story, encodings)
        rows, changes = story_rows.plan(written, encoded)
        rows.encodings = encodings
        self._db.execute(
            self._sql.upsert("stories", ("id", "data"), ("id",)),
            (story.id, codec.story_dumps(story, story_rows.digest(encoded, encodings))),
        )
        sid = story.id
        if changes.deletes:
            self._db.executemany(story_rows.DELETE, [(sid, part, rid) for part, rid in changes.deletes])
        if changes.updates:
            self._db.executemany(
                story_rows.UPDATE, [(d, o, sid, part, rid) for part, d, o, rid in changes.updates]
            )
        if changes.inserts:
            self._db.executemany(story_rows.INSERT, [(sid, *row) for row in changes.inserts])
        rows.written = changes.rows
        return rows

    def _story_rows_written(self, story_id: str, written: StoryRows | None) -> StoryRows:
        """The rows last written of a story: the caller's copy when the store still holds
        as many rows under the same highest id (a rolled-back save or another writer
        would show), else read back."""
        if written is not None and written.story_id == story_id:
            count, top = self._db.execute(story_rows.COUNT_ROWS, (story_id,)).fetchone()
            if count == written.count and top == written.next_rid - 1:
                return written
        return self.story_rows(story_id)

    def story_rows(self, story_id: str) -> StoryRows:
        return story_rows.group_rows(story_id, self._db.execute(story_rows.SELECT_ROWS, (story_id,)))

    def delete_story(self, story_id: str) -> None:
        self._db.execute("DELETE FROM stories WHERE id=?", (story_id,))
        self._db.execute(story_rows.DELETE_STORY, (story_id,))
        self.delete_story_state(story_id)
        self._db.execute("DELETE FROM story_views WHERE story_id=?", (story_id,))

    def save_story_view(self, story_id: str, version: str, data: bytes) -> None:
        self._db.execute(
            self._sql.upsert("story_views", ("story_id", "version", "data"), ("story_id",)),
            (story_id, version, data),
        )

    def save_story_state(self, story_id: str, format: str, articles: int, data: bytes) -> None:
        self._db.execute(
            self._sql.upsert("story_states", ("story_id", "format", "articles", "data"), ("story_id",)),
            (story_id, format, articles, data),
        )

    def story_state(self, story_id: str) -> tuple[str, int, bytes] | None:
        row = self._db.execute(
            "SELECT format, articles, data FROM story_states WHERE story_id=?", (story_id,)
        ).fetchone()
        return (str(row[0]), int(row[1]), bytes(row[2])) if row else None

    def delete_story_state(self, story_id: str) -> None:
        self._db.execute("DELETE FROM story_states WHERE story_id=?", (story_id,))

    def stories(self) -> list[Story]:
        members = self._members()
        parts: dict[str, dict[str, list[str]]] = {}
        for sid, part, data in self._db.execute(story_rows.SELECT_ALL_TEXTS):
            parts.setdefault(sid, {}).setdefault(part, []).append(data)
        return [
            codec.story_from(
                data, members.of_story.get(sid, []), members.threads_of_story.get(sid, []), parts.get(sid, {})
            )
            for sid, data in self._db.execute("SELECT id, data FROM stories")
        ]

    def _story_document(self, story_id: str) -> tuple[str, list[str], list[str]]:
        """A story's stored document with its article and thread ids."""
        row = self._db.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if not row:
            raise NotFoundError(f"no story with id {story_id!r}")
        members = self._members(story_id)
        return row[0], members.of_story.get(story_id, []), members.threads_of_story.get(story_id, [])

    def get_story(self, story_id: str) -> Story:
        data, article_ids, thread_ids = self._story_document(story_id)
        parts = story_rows.texts_by_part(self._db.execute(story_rows.SELECT_TEXTS, (story_id,)))
        return codec.story_from(data, article_ids, thread_ids, parts)

    def story_skeleton(self, story_id: str) -> Story:
        return codec.skeleton_from(*self._story_document(story_id))

    def update_story_skeleton(self, story: Story) -> None:
        # Patched in place by SQLite's JSON functions: the record (which may carry a
        # large timeline) never crosses into Python, and membership is not in it.
        cur = self._db.execute(
            self._sql.story_skeleton_update(),
            (
                story.title,
                story.first_published,
                story.last_published,
                json.dumps(story.entity_ids, ensure_ascii=False),
                story.id,
            ),
        )
        if cur.rowcount == 0:
            self.save_story(story)
