"""The read side of storyline: query-shaped, paged, read-only.

The CLI's read commands, the markdown report and the coming web interface ask
this for what one screen shows. Every list is a SQL page (LIMIT/OFFSET with a
COUNT for its total), so a page costs the same on a store of 100 articles and
of 100,000; nothing here reads a whole table into Python. Thread and story
membership comes from `assignments` (see `store/base.py`); stories, threads and
entities are JSON documents whose sort keys `0010_query_indexes.sql` indexes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from storyline.errors import NotFoundError
from storyline.isodate import parse_iso
from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.query.connect import open_connections
from storyline.query.rows import (
    ArticleRow,
    ArticleSort,
    Counts,
    EntityRow,
    Page,
    StoryRow,
    StorySort,
    ThreadRow,
)
from storyline.store import codec, id_chunks, story_rows

# A story's activity counts its articles published in the last ACTIVITY_DAYS days
# before the newest publication in the store: a week is the span over which a news
# desk calls a story "still developing" (and keeps a daily feed's weekend in it).
ACTIVITY_DAYS = 7
# Story ids per page when `story_ids` walks every story (the store's `IN (...)` chunk).
ID_CHUNK = id_chunks.ID_CHUNK
# Characters of text shown for an article without a title.
SNIPPET_CHARS = 70

_STORY_COLUMNS = (
    "s.id, json_extract(s.data, '$.title'), json_extract(s.data, '$.first_published'),"
    " json_extract(s.data, '$.last_published')"
)
_STORY_LIST_COLUMNS = "s.id, z.title, z.first_published, z.last_published"
_ARTICLE_COLUMNS = ", ".join("a." + c for c in codec.ARTICLE_COLUMNS)
_ROW_COLUMNS = (
    f"a.id, a.source, a.url, a.title, substr(a.text, 1, {SNIPPET_CHARS}), a.published,"
    " a.published_precision, a.lang, length(a.text), a.duplicate_of, m.thread_id, m.story_id"
)
# Story sizes: kept in `story_list` by the store's triggers since schema 40 (a GROUP BY
# over every assignment cost ~90 ms at 100k articles); counted from the covering
# (story_id, thread_id) index on an older database.
_SIZES = "SELECT story_id, articles AS n FROM story_list"
_SIZES_COUNTED = "SELECT story_id, COUNT(*) AS n FROM assignments GROUP BY story_id"
# An article is recent when its date, at whatever precision, may fall on or after
# the cutoff day: a later day, month or year compares greater than the cutoff, and
# the cutoff's own month ("2022-01") or year counts too. Three index ranges.
_IS_RECENT = "(a.published >= ? OR a.published IN (?, ?))"
_NOVELTY = "SELECT article_id, data FROM novelty WHERE article_id IN ({marks})"
_RECENT_COUNTS = (
    "SELECT m.story_id, COUNT(*) AS k FROM articles a JOIN assignments m ON m.article_id = a.id"
    f" WHERE {_IS_RECENT} GROUP BY m.story_id"
)


# The newest publication in the store, which the activity window ends on: a scalar
# subquery a statement may carry as one more column (`cutoff_after` reads it).
NEWEST_PUBLISHED = "SELECT MAX(published) FROM articles"


def cutoff_after(newest_published: str | None) -> str | None:
    """The activity window's first day, ACTIVITY_DAYS before this newest publication."""
    newest = parse_iso(newest_published)
    if newest is None:
        return None
    return (newest.last_day() - timedelta(days=ACTIVITY_DAYS - 1)).isoformat()


class Reader:
    """Read-only queries over one storyline database, safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self._connections = open_connections(path)
        self.path = self._connections.path

    def close(self) -> None:
        self._connections.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    def _one(self, sql: str, args: Iterable[object] | dict[str, object] = ()) -> int:
        return int(self._db.execute(sql, args).fetchone()[0])  # type: ignore[arg-type]

    # ---------------------------------------------------------------- counts
    def counts(self) -> Counts:
        return Counts(
            articles=self._one("SELECT COUNT(*) FROM articles"),
            duplicates=self._one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            aliases=self._one("SELECT COUNT(*) FROM article_aliases"),
            rejections=self._one("SELECT COUNT(*) FROM rejections"),
            failures=self._one("SELECT COUNT(*) FROM failures"),
            threads=self._one("SELECT COUNT(*) FROM threads"),
            stories=self._one("SELECT COUNT(*) FROM stories"),
            entities=self._one("SELECT COUNT(*) FROM entities"),
        )

    # ---------------------------------------------------------------- stories
    def activity_cutoff(self) -> str | None:
        """The first day of the activity window: ACTIVITY_DAYS before the newest publication."""
        return cutoff_after(self._db.execute(NEWEST_PUBLISHED).fetchone()[0])

    def stories(
        self,
        sort: StorySort = StorySort.size,
        limit: int = 30,
        offset: int = 0,
        entity_id: str | None = None,
    ) -> Page[StoryRow]:
        """A page of stories, optionally only those an entity takes part in.

        The page's ids come first from indexes alone (sizes from story_list, dates
        from the expression index, recent articles from the published index); only
        the page's own story documents are then read.
        """
        where, args = self._entity_filter(entity_id)
        total = self._one(f"SELECT COUNT(*) FROM stories s {where}", args)
        window = self._window()
        sizes = self.sizes_sql()
        if sort is StorySort.recency:
            sql = (
                f"SELECT s.id FROM stories s {where}"
                " ORDER BY json_extract(s.data, '$.last_published') DESC, s.id LIMIT ? OFFSET ?"
            )
            params: list[object] = [*args]
        elif sort is StorySort.activity:
            sql = (
                f"SELECT s.id, COALESCE(r.k, 0) AS recent, COALESCE(z.n, 0) AS n FROM stories s"
                f" LEFT JOIN ({sizes}) z ON z.story_id = s.id LEFT JOIN ({_RECENT_COUNTS}) r ON r.story_id = s.id"
                f" {where} ORDER BY recent DESC, n DESC, s.id LIMIT ? OFFSET ?"
            )
            params = [*window, *args]
        else:
            sql = (
                f"SELECT s.id, COALESCE(z.n, 0) AS n FROM stories s LEFT JOIN ({sizes}) z ON z.story_id = s.id"
                f" {where} ORDER BY n DESC, s.id LIMIT ? OFFSET ?"
            )
            params = [*args]
        ids = [r[0] for r in self._db.execute(sql, [*params, _sql_limit(limit), offset])]
        return Page(self._story_rows(ids, window), total, offset)

    def sizes_sql(self) -> str:
        """A subquery of (story_id, n): every story's article count."""
        return _SIZES if self.has_story_list else _SIZES_COUNTED

    @property
    def has_story_list(self) -> bool:
        """Schema 40's `story_list` rows exist (a read-only reader never migrates)."""
        return "story_list" in self._connections.tables

    def size_of_sql(self) -> str:
        """A scalar subquery: the article count of the story `s.id`."""
        if self.has_story_list:
            return "(SELECT z.articles FROM story_list z WHERE z.story_id = s.id)"
        return "(SELECT COUNT(*) FROM assignments m WHERE m.story_id = s.id)"

    def _entity_filter(self, entity_id: str | None) -> tuple[str, list[object]]:
        if entity_id is None:
            return "", []
        if "story_entities" in self._connections.tables:
            return "WHERE s.id IN (SELECT story_id FROM story_entities WHERE entity_id = ?)", [entity_id]
        # A database not yet migrated to version 10: read the documents' entity lists.
        return "WHERE EXISTS (SELECT 1 FROM json_each(s.data, '$.entity_ids') j WHERE j.value = ?)", [
            entity_id
        ]

    def _window(self) -> list[object]:
        """The activity window's three bounds (see _RECENT_COUNTS)."""
        cutoff = self.activity_cutoff() or "9999"
        return [cutoff, cutoff[:7], cutoff[:4]]

    def _story_rows(self, ids: list[str], window: list[object]) -> list[StoryRow]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        # titles and dates from the list rows: json_extract would parse each story
        # document (up to 170 KB) for three short fields
        head = _STORY_LIST_COLUMNS if self.has_story_list else _STORY_COLUMNS
        source = "stories s JOIN story_list z ON z.story_id = s.id" if self.has_story_list else "stories s"
        rows = self._db.execute(
            f"SELECT {head},"
            " (SELECT COUNT(*) FROM assignments m WHERE m.story_id = s.id),"
            " (SELECT COUNT(DISTINCT m.thread_id) FROM assignments m WHERE m.story_id = s.id),"
            " (SELECT COUNT(*) FROM assignments m JOIN articles a ON a.id = m.article_id"
            f"  WHERE m.story_id = s.id AND {_IS_RECENT})"
            f" FROM {source} WHERE s.id IN ({marks})",
            [*window, *ids],
        ).fetchall()
        found = {r[0]: StoryRow(r[0], r[1] or "", r[4], r[5], r[2], r[3], r[6]) for r in rows}
        return [found[i] for i in ids if i in found]

    def stories_of_entity(self, entity_id: str, limit: int = 30, offset: int = 0) -> Page[StoryRow]:
        """The stories an entity takes part in, largest first; NotFoundError for an unknown entity."""
        self.entity(entity_id)
        return self.stories(StorySort.size, limit, offset, entity_id=entity_id)

    def story(self, story_id: str) -> Story:
        """One story record with its members (articles in ingest order, threads by first article)."""
        row = self._db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no story with id {story_id!r}; see `storyline stories`")
        members = self._db.execute(
            "SELECT m.article_id, m.thread_id FROM assignments m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = ? ORDER BY a.seq",
            (story_id,),
        ).fetchall()
        article_ids = [r[0] for r in members]
        thread_ids = list(dict.fromkeys(r[1] for r in members))
        parts = None
        if "story_parts" in self._connections.tables:  # schema 41: timeline, facts, quotes as rows
            rows = self._db.execute(story_rows.SELECT_TEXTS, (story_id,)).fetchall()
            parts = story_rows.texts_by_part(rows)
        return codec.story_from(row[0], article_ids, thread_ids, parts)

    def story_ids(self, sort: StorySort = StorySort.size) -> Iterator[str]:
        """Every story id in list order, a page at a time (for reports over all stories)."""
        offset = 0
        while True:
            page = self.stories(sort, ID_CHUNK, offset)
            yield from (row.id for row in page.items)
            offset += len(page.items)
            if not page.items or offset >= page.total:
                return

    # ---------------------------------------------------------------- threads
    def threads(self, story_id: str | None = None, limit: int = 30, offset: int = 0) -> Page[ThreadRow]:
        """A page of threads, largest first (a story's threads: in the order they began)."""
        if story_id is not None:
            where, args = "WHERE t.id IN (SELECT thread_id FROM assignments WHERE story_id = ?)", [story_id]
            order = "first IS NULL, first, t.id"
        else:
            where, args, order = "", [], "n DESC, t.id"
        total = self._one(f"SELECT COUNT(*) FROM threads t {where}", args)
        rows = self._db.execute(
            "SELECT t.id, json_extract(t.data, '$.story_id'), json_extract(t.data, '$.title'),"
            " (SELECT COUNT(*) FROM assignments m WHERE m.thread_id = t.id) AS n,"
            " json_extract(t.data, '$.first_published') AS first, json_extract(t.data, '$.last_published')"
            f" FROM threads t {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, _sql_limit(limit), offset],
        ).fetchall()
        return Page([ThreadRow(r[0], r[1] or "", r[2] or "", r[3], r[4], r[5]) for r in rows], total, offset)

    # ---------------------------------------------------------------- articles
    def articles(
        self,
        story_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
        sort: ArticleSort = ArticleSort.ingest,
    ) -> Page[ArticleRow]:
        """A page of article rows (no texts beyond a snippet, no annotations)."""
        if story_id is not None:
            self._require_story(story_id)
            where, args = "WHERE m.story_id = ?", [story_id]
            total = self._one("SELECT COUNT(*) FROM assignments m WHERE m.story_id = ?", args)
        else:
            where, args = "", []
            total = self._one("SELECT COUNT(*) FROM articles")
        order = "a.seq" if sort is ArticleSort.ingest else "a.published DESC, a.seq DESC"  # NULLs last
        rows = self._db.execute(
            f"SELECT {_ROW_COLUMNS} FROM articles a LEFT JOIN assignments m ON m.article_id = a.id"
            f" {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, _sql_limit(limit), offset],
        ).fetchall()
        return Page([ArticleRow(*r) for r in rows], total, offset)

    def article(self, article_id: str, with_annotation: bool = True) -> Article:
        """The article with this id, or the one kept for an exact duplicate given this id."""
        found = self._articles("a.id = ?", [article_id], with_annotation)
        if not found:
            found = self._articles(
                "a.id = (SELECT article_id FROM article_aliases WHERE alias_id = ?)",
                [article_id],
                with_annotation,
            )
        if not found:
            raise NotFoundError(f"no article with id {article_id!r}")
        return found[0]

    def article_by_url(self, url: str, with_annotation: bool = True) -> Article:
        """The first article stored from this URL."""
        found = self._articles("a.url = ?", [url], with_annotation, limit=1)
        if not found:
            raise NotFoundError(f"no article from {url}")
        return found[0]

    def articles_by_id(
        self,
        ids: Iterable[str],
        with_annotation: bool = True,
        tokens: Callable[[Article], bool] | None = None,
        links: bool = True,
        parts: frozenset[str] | None = None,
    ) -> list[Article]:
        """These articles in ingest order (unknown ids are skipped). With `tokens`, an
        annotation keeps its tokens only for the articles it accepts, and of the
        others' annotations only the span lists named in `parts` are decoded (all
        when None; "sentences", "quotes", ...); `links=False` leaves the grouping's
        entity ids off its mentions, speakers and figures (None: a reader that does
        not look at them skips reading their rows)."""
        found: list[Article] = []
        for chunk in id_chunks.chunks(id_chunks.unique(ids)):
            where = f"a.id IN ({','.join('?' * len(chunk))})"
            found += self._articles(
                where, list(chunk), with_annotation, tokens=tokens, links=links, parts=parts
            )
        return sorted(found, key=lambda a: a.seq or 0)

    def _articles(
        self,
        where: str,
        args: list[str],
        with_annotation: bool,
        limit: int | None = None,
        tokens: Callable[[Article], bool] | None = None,
        links: bool = True,
        parts: frozenset[str] | None = None,
    ) -> list[Article]:
        ann = "n.data" if with_annotation else "NULL"
        tail = f" LIMIT {int(limit)}" if limit else ""
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS}, {ann} FROM articles a LEFT JOIN annotations n ON n.article_id = a.id"
            f" WHERE {where} ORDER BY a.seq{tail}",
            args,
        ).fetchall()
        articles = [_article(r, tokens, parts) for r in rows]
        annotated = [a for a in articles if a.annotation is not None]
        if annotated:
            found = self._links([a.id for a in annotated]) if links else {}
            for article in annotated:
                assert article.annotation is not None
                codec.apply_links(article.annotation, found.get(article.id, []))
        return articles

    def _links(self, article_ids: list[str]) -> dict[str, list[codec.LinkRow]]:
        """The grouping's entity links of these articles (the annotations carry none)."""
        found: dict[str, list[codec.LinkRow]] = {}
        for article_id, kind, idx, entity_id in id_chunks.rows_for_ids(
            self._db,
            "SELECT article_id, kind, idx, entity_id FROM entity_links WHERE article_id IN ({marks})",
            article_ids,
        ):
            found.setdefault(article_id, []).append((kind, idx, entity_id))
        return found

    def novelty_lazily(self, article_ids: Iterable[str]) -> Mapping[str, list[SentenceNovelty]]:
        """`novelty`, each article's marks decoded when first asked for: a story page
        shows 30 of its articles, and decoding the 11,000 marks of the largest story's
        154 was a tenth of building its view."""
        stored: dict[str, str] = dict(id_chunks.rows_for_ids(self._db, _NOVELTY, article_ids))
        return _Decoded(stored, codec.novelty_from)

    def novelty(self, article_ids: Iterable[str]) -> dict[str, list[SentenceNovelty]]:
        """Sentence novelty marks of these articles (articles without marks are left out)."""
        return {
            article_id: codec.novelty_from(data)
            for article_id, data in id_chunks.rows_for_ids(self._db, _NOVELTY, article_ids)
        }

    # ---------------------------------------------------------------- entities
    def entities(self, entity_type: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRow]:
        """A page of entities, most mentioned first."""
        where, args = ("WHERE json_extract(data, '$.type') = ?", [entity_type]) if entity_type else ("", [])
        count = f"SELECT COUNT(*) FROM entities {where}"
        # the total rides on the page's rows: one statement (a round trip on PostgreSQL)
        rows = self._db.execute(
            f"SELECT data, ({count}) FROM entities {where}"
            " ORDER BY json_extract(data, '$.mention_count') DESC, id LIMIT ? OFFSET ?",
            [*args, *args, _sql_limit(limit), offset],
        ).fetchall()
        total = int(rows[0][1]) if rows else (self._one(count, args) if offset else 0)
        return Page([_entity_row(codec.entity_from(r[0])) for r in rows], total, offset)

    def entity(self, entity_id: str) -> Entity:
        row = self._db.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity with id {entity_id!r}")
        return codec.entity_from(row[0])

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        wanted = (i for i in ids if i)
        for (data,) in id_chunks.rows_for_ids(
            self._db, "SELECT data FROM entities WHERE id IN ({marks})", wanted
        ):
            entity = codec.entity_from(data)
            found[entity.id] = entity
        return found

    def _require_story(self, story_id: str) -> None:
        if self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
            raise NotFoundError(f"no story with id {story_id!r}; see `storyline stories`")


V = TypeVar("V")


class _Decoded(Mapping[str, V]):
    """Stored documents by key, each decoded on first access (and kept)."""

    def __init__(self, stored: dict[str, Any], decode: Callable[[Any], V]) -> None:
        self._stored, self._decode = stored, decode
        self._done: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        if key not in self._done:
            self._done[key] = self._decode(self._stored[key])
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)


def _sql_limit(limit: int) -> int:
    """SQLite's LIMIT: 0 here means no limit, which SQLite spells -1."""
    return limit if limit > 0 else -1


def _article(
    row: tuple,  # type: ignore[type-arg]
    tokens: Callable[[Article], bool] | None = None,
    parts: frozenset[str] | None = None,
) -> Article:
    article = codec.article_from_row(row)
    if row[12]:
        if tokens is None or tokens(article):
            article.annotation = codec.annotation_loads(row[12])
        else:  # only what precedes the tokens is inflated and parsed
            article.annotation = codec.annotation_spans_loads(row[12], parts)
    return article


def _entity_row(entity: Entity) -> EntityRow:
    return EntityRow(entity.id, entity.name, entity.type, entity.mention_count, list(entity.aliases))
