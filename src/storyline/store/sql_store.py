"""The SQL store both backends share: every `Store` method, written once.

SQLite (`sqlite.py`) and PostgreSQL (`postgres.py`) differ in how they open,
migrate and lock, and in the few statements of their dialect (`dialect.py`);
the rest is the same SQL on a DB-API connection with `?` placeholders. A new
store method goes here, once, and runs on both (see docs/schema.md, "Adding a
store method").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from storyline.errors import NotFoundError
from storyline.model import (
    Annotation,
    Article,
    Entity,
    Rejection,
    SentenceNovelty,
    Story,
    Thread,
)
from storyline.store import codec, story_rows
from storyline.store.base import Store
from storyline.store.dialect import Dialect
from storyline.store.sql_group import GroupTables
from storyline.store.sql_runtime import RuntimeTables, now_text
from storyline.store.sql_watch import WatchTables
from storyline.store.story_rows import StoryRows

_ARTICLE_COLUMNS = ", ".join(codec.ARTICLE_COLUMNS)


def _now() -> str:
    return now_text()


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


class SQLStore(RuntimeTables, WatchTables, GroupTables, Store):
    """Every store method over a DB-API connection `_db` with `?` placeholders; the
    backends add opening, transactions and the statements of their `_sql` dialect."""

    _sql: Dialect

    _depth = 0
    # Id counters' values this write transaction has handed out (`next_id`).
    _ids: dict[str, int]

    # Articles of `queue_article` whose seq is in their INSERT's answer, not read yet.
    _unread: list[tuple[Article, Any]] = []  # set anew by each transaction: never shared

    def _settle_reading(self) -> None:
        """Settle, then read the queued articles' seqs (answered by now: no wait)."""
        self._settle()
        unread, self._unread = self._unread, []
        for article, cur in unread:
            if cur is not None:
                article.seq = int(cur.fetchone()[0])

    def _forget_unread(self) -> None:
        """The block rolled back: its queued articles are not stored, and have no seq."""
        unread, self._unread = self._unread, []
        for article, _ in unread:
            article.seq = None

    def _release(self, savepoint: str) -> None:
        """Release a savepoint whose block has just settled without an error."""
        self._db.execute(f"RELEASE SAVEPOINT {savepoint}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            # Settled on the way in and out: an error of a statement queued before
            # the savepoint is raised outside it, and one of a statement inside it
            # inside it, so the block that rolls back is the one that failed.
            # The RELEASE after the closing settle cannot fail (`_release`), so a
            # savepoint that follows at once needs no settle on entry: on
            # PostgreSQL a settle with nothing queued since the last is no trip.
            savepoint = f"sp{self._depth}"
            self._settle_reading()
            self._db.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield
                self._settle_reading()
            except BaseException:
                self._ids = {}  # the counters' rows are back to the savepoint's
                self._forget_unread()  # and its articles are gone
                self._recover()
                self._db.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self._db.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            finally:
                self._depth -= 1
            self._release(savepoint)
            return
        self._begin_write()
        self._depth = 1
        self._ids = {}
        self._unread = []
        try:
            self._fence()
            yield
            self._before_commit()
            self._settle_reading()
        except BaseException:
            self._depth = 0
            self._ids = {}
            self._forget_unread()
            self._rollback()
            raise
        self._depth = 0
        self._ids = {}
        self._commit()

    # ---- articles
    def add_article(self, article: Article) -> int:
        article.seq = int(self._insert_article(article).fetchone()[0])
        return article.seq

    def queue_article(self, article: Article) -> None:
        if not getattr(self._db, "pipelined", False):  # answered at once: read it now
            self.add_article(article)
            if self._depth:  # a rollback takes the seq back
                self._unread.append((article, None))
        else:  # read when the block settles, with the answers of everything queued
            self._unread.append((article, self._insert_article(article)))

    def _insert_article(self, article: Article) -> Any:
        return self._db.execute(
            "INSERT INTO articles (id, content_hash, source, url, title, text, published,"
            " published_precision, lang, meta, duplicate_of, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING seq",
            (
                article.id,
                article.content_hash,
                article.source,
                article.url,
                article.title,
                article.text,
                article.published,
                article.published_precision,
                article.lang,
                json.dumps(article.meta, ensure_ascii=False, default=str),
                article.duplicate_of,
                _now(),
            ),
        )

    def article_id_for_hash(self, content_hash: str) -> str | None:
        row = self._db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        return row[0] if row else None

    def hash_for_article_id(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def add_minhash(self, article_id: str, signature: bytes, band_keys: Iterable[str]) -> None:
        self._db.execute(
            self._sql.upsert("minhash", ("article_id", "signature"), ("article_id",)),
            (article_id, signature),
        )
        self._db.executemany(
            "INSERT INTO minhash_bands (band_key, article_id) VALUES (?,?)",
            [(key, article_id) for key in band_keys],
        )

    def minhash_candidates(self, band_keys: Iterable[str]) -> list[tuple[str, bytes]]:
        keys = list(band_keys)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT DISTINCT m.article_id, m.signature FROM minhash_bands b"
            f" JOIN minhash m ON m.article_id = b.article_id WHERE b.band_key IN ({marks})"
            " ORDER BY m.article_id",
            keys,
        ).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def _article_from_row(self, row: tuple, annotation: bytes | str | None) -> Article:  # type: ignore[type-arg]
        article = codec.article_from_row(row)
        if annotation:
            article.annotation = codec.annotation_loads(annotation)
        return article

    def get_article(self, article_id: str, with_annotation: bool = True) -> Article:
        stored = self.resolve_article_id(article_id)
        articles = list(self.iter_articles([stored], with_annotation)) if stored else []
        if not articles:
            raise NotFoundError(f"no article with id {article_id!r}")
        return articles[0]

    def iter_articles(
        self, ids: Iterable[str] | None = None, with_annotation: bool = True
    ) -> Iterator[Article]:
        ann = "n.data" if with_annotation else "NULL"
        cols = ", ".join("a." + c.strip() for c in _ARTICLE_COLUMNS.split(","))
        base = f"SELECT {cols}, {ann} FROM articles a LEFT JOIN annotations n ON n.article_id = a.id"
        wanted = self.article_ids() if ids is None else list(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(base + f" WHERE a.id IN ({marks}) ORDER BY a.seq", chunk).fetchall()
            links = self._links([r[1] for r in rows if r[-1]]) if with_annotation else {}
            for row in rows:
                article = self._article_from_row(row[:-1], row[-1])
                if article.annotation is not None:
                    codec.apply_links(article.annotation, links.get(article.id, []))
                yield article

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def count_duplicates(self) -> int:
        return int(
            self._db.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
        )

    # ---- rejections
    def add_rejection(self, rejection: Rejection) -> bool:
        cur = self._db.execute(
            self._sql.insert_ignore("rejections", ("input", "reason")),
            (rejection.input, rejection.reason),
        )
        return cur.rowcount > 0

    def rejections(self) -> list[Rejection]:
        return [
            Rejection(input=r[0], reason=r[1])
            for r in self._db.execute("SELECT input, reason FROM rejections ORDER BY id")
        ]

    def count_rejections(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM rejections").fetchone()[0])

    # ---- annotation
    def save_annotation(self, article_id: str, annotation: Annotation, encoded: bytes | None = None) -> None:
        self._db.execute(
            self._sql.upsert("annotations", ("article_id", "version", "data"), ("article_id",)),
            (
                article_id,
                annotation.version,
                encoded if encoded is not None else codec.annotation_dumps(annotation),
            ),
        )
        self._db.execute("DELETE FROM entity_links WHERE article_id=?", (article_id,))
        self._db.execute("UPDATE articles SET lang=? WHERE id=?", (annotation.lang, article_id))
        self._sql.index_saved(self._db, article_id, annotation)

    def ids_needing_annotation(self, version: str) -> list[str]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id=a.id"
                " WHERE n.version IS NULL OR n.version != ? ORDER BY a.seq",
                (version,),
            )
        ]

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

    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, content_hash in self._db.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk
            ):
                found[article_id] = content_hash
        return found

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
        wanted = sorted(set(ids))
        found: dict[str, Entity] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for (data,) in self._db.execute(f"SELECT data FROM entities WHERE id IN ({marks})", chunk):
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
