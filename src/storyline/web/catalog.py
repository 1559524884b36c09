"""Read queries the web needs beyond `query.Reader`: filtered story lists with
per-day volumes, source counts, an entity's mentions, rejections.

Everything runs on the read side's per-thread read-only connections
(`query/connect.py`), a page at a time, so a list costs the same on a store of
a thousand articles and of a hundred thousand.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from storyline.query.connect import Connections
from storyline.query.reader import Reader
from storyline.query.rows import Page, StorySort

# Recent mentions shown on an entity's page.
MENTIONS_SHOWN = 20
# Characters either side of a mention in its context line.
MENTION_CONTEXT = 80


@dataclass(frozen=True)
class StoryFilter:
    """What a story list is narrowed to; every field optional (None: no filter)."""

    date_from: str | None = None  # stories with an article published on or after this day
    date_to: str | None = None  # ... on or before this day
    entity_id: str | None = None
    source: str | None = None
    article_seqs: frozenset[int] | None = None  # stories with one of these articles (a text query's hits)
    updated_since: str | None = None  # stories with an article ingested at or after this moment


@dataclass(frozen=True)
class StoryItem:
    id: str
    title: str
    articles: int
    threads: int
    sources: int
    first_published: str | None
    last_published: str | None
    recent_articles: int
    volume: list[tuple[str, int]] = field(default_factory=list)  # (day, articles) for day-precise dates


@dataclass(frozen=True)
class Mention:
    article_id: str
    title: str
    source: str | None
    published: str | None
    text: str  # the mention in its context
    start: int


class Catalog:
    """The web's read side: a `Reader` plus the queries only the web asks."""

    def __init__(self, path: str | Path) -> None:
        self.reader = Reader(path)
        self._connections = Connections(path)
        self.tables = self._connections.tables
        self._sources: tuple[int | None, list[tuple[str, int]]] | None = None
        self._marker: tuple[int, str] | None = None

    def close(self) -> None:
        self.reader.close()
        self._connections.close()

    def list_marker(self, generation: int | None = None) -> str:
        """A short text that changes when the story lists may have: an article was
        stored, placed or moved, or a story was made or dropped. Read from the
        database (not from this process's generation), so every server process
        gives the same marker and a polling page is not refreshed by switching
        between them. Counted once per write generation: pass the request's (the
        response cache's) one; asking a new thread's connection would count a
        change that is not there."""
        if generation is None:
            generation = self.generation()
        if self._marker is not None and self._marker[0] == generation:
            return self._marker[1]
        seq, placed, stories = self.db.execute(
            "SELECT (SELECT MAX(seq) FROM articles), (SELECT COUNT(*) FROM assignments),"
            " (SELECT COUNT(*) FROM stories)"
        ).fetchone()
        marker = f"{seq or 0}-{placed}-{stories}"
        self._marker = (generation, marker)
        return marker

    def generation(self) -> int:
        """Moves on the first call after any commit to the store (`Connections.generation`)."""
        return self._connections.generation()

    @property
    def db(self) -> sqlite3.Connection:
        return self._connections.get()

    # ---------------------------------------------------------------- stories
    def stories(
        self, flt: StoryFilter, sort: StorySort = StorySort.recency, limit: int = 20, offset: int = 0
    ) -> Page[StoryItem]:
        where, args = self._story_where(flt)
        total = int(self.db.execute(f"SELECT COUNT(*) FROM stories s {where}", args).fetchone()[0])
        if sort is StorySort.recency:
            order = "json_extract(s.data, '$.last_published') DESC, s.id"
            sql = f"SELECT s.id FROM stories s {where} ORDER BY {order} LIMIT ? OFFSET ?"
            params: list[object] = [*args]
        else:
            sizes = self.reader.sizes_sql()
            if sort is StorySort.activity:
                window = self.reader._window()
                # CROSS JOIN keeps articles the outer loop, so the published index picks
                # the window's few articles; SQLite's planner otherwise scanned every
                # assignment (233 ms at 100k).
                recent = (
                    "SELECT m.story_id, COUNT(*) AS k FROM articles a CROSS JOIN assignments m ON m.article_id = a.id"
                    " WHERE (a.published >= ? OR a.published IN (?, ?)) GROUP BY m.story_id"
                )
                sql = (
                    f"SELECT s.id FROM stories s LEFT JOIN ({sizes}) z ON z.story_id = s.id"
                    f" LEFT JOIN ({recent}) r ON r.story_id = s.id {where}"
                    " ORDER BY COALESCE(r.k, 0) DESC, COALESCE(z.n, 0) DESC, s.id LIMIT ? OFFSET ?"
                )
                params = [*window, *args]
                # Fast path: the stories active in the window are few; ranking them
                # alone answers every page that ends among them (321 ms -> a few at
                # 100k), and the full ranking serves the pages after them.
                active = [
                    r[0]
                    for r in self.db.execute(
                        f"SELECT s.id FROM ({recent}) r JOIN stories s ON s.id = r.story_id {where}"
                        f" ORDER BY r.k DESC, COALESCE({self.reader.size_of_sql()}, 0) DESC, s.id",
                        [*window, *args],
                    )
                ]
                if offset + limit <= len(active):
                    return Page(self.story_items(active[offset : offset + limit]), total, offset)
                # the rest, inactive, come by size: the size ranking without the active ones
                head = active[offset:]
                marks = ",".join("?" * len(active))
                skip = f"s.id NOT IN ({marks})" if active else "1"
                rest_where = f"{where} AND {skip}" if where else f"WHERE {skip}"
                rest = [
                    r[0]
                    for r in self.db.execute(
                        f"SELECT s.id FROM stories s LEFT JOIN ({sizes}) z ON z.story_id = s.id {rest_where}"
                        " ORDER BY COALESCE(z.n, 0) DESC, s.id LIMIT ? OFFSET ?",
                        [*args, *active, limit - len(head), max(0, offset - len(active))],
                    )
                ]
                return Page(self.story_items(head + rest), total, offset)
            else:
                sql = (
                    f"SELECT s.id FROM stories s LEFT JOIN ({sizes}) z ON z.story_id = s.id {where}"
                    " ORDER BY COALESCE(z.n, 0) DESC, s.id LIMIT ? OFFSET ?"
                )
                params = [*args]
        ids = [r[0] for r in self.db.execute(sql, [*params, limit, offset])]
        return Page(self.story_items(ids), total, offset)

    def _story_where(self, flt: StoryFilter) -> tuple[str, list[object]]:
        clauses: list[str] = []
        args: list[object] = []
        member = "SELECT m.story_id FROM assignments m JOIN articles a ON a.id = m.article_id WHERE "
        if flt.entity_id:
            clauses.append("s.id IN (SELECT story_id FROM story_entities WHERE entity_id = ?)")
            args.append(flt.entity_id)
        if flt.source:
            clauses.append(f"s.id IN ({member}a.source = ?)")
            args.append(flt.source)
        # A story is in a date range when its span (first to last publication)
        # overlaps it: read from the documents' indexed dates, not from every
        # article (740 ms at 100k for a range holding most of the store). A month-
        # or year-precise end may fall on or after the day: its month or year counts.
        # Each bound is an id list from its expression index alone (covering):
        # evaluating json_extract row by row parsed every 170 KB story document
        # (680 ms for a one-year range at 100k; 2 ms this way).
        if flt.date_from:
            last = "json_extract(data, '$.last_published')"
            clauses.append(
                f"+s.id IN (SELECT id FROM stories WHERE {last} >= ? UNION SELECT id FROM stories WHERE {last} IN (?, ?))"
            )
            args += [flt.date_from, flt.date_from[:7], flt.date_from[:4]]
        if flt.date_to:
            clauses.append(
                "+s.id IN (SELECT id FROM stories WHERE json_extract(data, '$.first_published') <= ?)"
            )
            args.append(flt.date_to)
        if flt.updated_since:
            clauses.append(f"s.id IN ({member}a.ingested_at >= ?)")
            args.append(flt.updated_since)
        if flt.article_seqs is not None:
            seqs = sorted(flt.article_seqs) or [-1]
            clauses.append(
                "s.id IN (SELECT m.story_id FROM assignments m JOIN articles a ON a.id = m.article_id"
                f" WHERE a.seq IN ({','.join('?' * len(seqs))}))"
            )
            args += seqs
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), args

    def story_items(self, ids: list[str]) -> list[StoryItem]:
        if not ids:
            return []
        rows = {r.id: r for r in self.reader._story_rows(ids, self.reader._window())}
        marks = ",".join("?" * len(ids))
        sources: dict[str, int] = {}
        volume: dict[str, list[tuple[str, int]]] = {i: [] for i in ids}
        for story_id, n in self.db.execute(
            "SELECT m.story_id, COUNT(DISTINCT a.source) FROM assignments m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.story_id IN ({marks}) GROUP BY m.story_id",
            ids,
        ):
            sources[story_id] = int(n)
        for story_id, day, n in self.db.execute(
            "SELECT m.story_id, a.published, COUNT(*) FROM assignments m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.story_id IN ({marks}) AND length(a.published) = 10"
            " GROUP BY m.story_id, a.published ORDER BY m.story_id, a.published",
            ids,
        ):
            volume[story_id].append((day, int(n)))
        out = []
        for i in ids:
            row = rows.get(i)
            if row is None:
                continue
            out.append(
                StoryItem(
                    row.id,
                    row.title or row.id,
                    row.articles,
                    row.threads,
                    sources.get(i, 0),
                    row.first_published,
                    row.last_published,
                    row.recent_articles,
                    volume[i],
                )
            )
        return out

    def sources(self) -> list[tuple[str, int]]:
        """Every source with its article count, largest first (the filter's choices).

        Counted again only when articles were added (the newest seq changed): a
        GROUP BY over 100k articles on every story-list page would cost more than
        the page itself."""
        newest = self.db.execute("SELECT MAX(seq) FROM articles").fetchone()[0]
        if self._sources is not None and self._sources[0] == newest:
            return self._sources[1]
        counted = [
            (r[0], int(r[1]))
            for r in self.db.execute(
                "SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY source"
                " ORDER BY COUNT(*) DESC, source"
            )
        ]
        self._sources = (newest, counted)
        return counted

    def ingested_at(self, article_ids: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(article_ids))
        return (
            dict(
                self.db.execute(
                    f"SELECT id, ingested_at FROM articles WHERE id IN ({marks})", article_ids
                ).fetchall()
            )
            if article_ids
            else {}
        )

    def thread_of(self, article_id: str) -> tuple[str, str] | None:
        row = self.db.execute(
            "SELECT thread_id, story_id FROM assignments WHERE article_id = ?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    # ---------------------------------------------------------------- entities
    def mentions(self, entity_id: str, limit: int = MENTIONS_SHOWN) -> list[Mention]:
        """The entity's latest mentions, from the search index's article list."""
        if "entity_links" not in self.tables:
            return []
        seqs = [
            r[0]
            for r in self.db.execute(
                "SELECT e.seq FROM search_entities e JOIN articles a ON a.seq = e.seq WHERE e.entity_id = ?"
                " ORDER BY a.published DESC, a.seq DESC LIMIT ?",
                (entity_id, limit),
            )
        ]
        ids = (
            [
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM articles WHERE seq IN ({','.join('?' * len(seqs))})", seqs
                )
            ]
            if seqs
            else []
        )
        articles = self.reader.articles_by_id(ids, tokens=lambda a: False)
        out = []
        for article in sorted(articles, key=lambda a: (a.published or "", a.seq or 0), reverse=True):
            ann = article.annotation
            if ann is None:
                continue
            mention = next((m for m in ann.entities if m.entity_id == entity_id), None)
            if mention is None:
                continue
            lo = max(0, mention.start - MENTION_CONTEXT)
            hi = min(len(article.text), mention.end + MENTION_CONTEXT)
            out.append(
                Mention(
                    article.id,
                    article.title,
                    article.source,
                    article.published,
                    " ".join(article.text[lo:hi].split()),
                    mention.start,
                )
            )
        return out

    # ---------------------------------------------------------------- rejections
    def rejections(self, limit: int = 50, offset: int = 0) -> Page[tuple[str, str]]:
        total = int(self.db.execute("SELECT COUNT(*) FROM rejections").fetchone()[0])
        rows = self.db.execute(
            "SELECT input, reason FROM rejections ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return Page([(r[0], r[1]) for r in rows], total, offset)

    def failures(self, limit: int = 50, offset: int = 0) -> Page[tuple[str, str]]:
        """Articles stored but not processed (annotation failed or still pending)."""
        where = "FROM articles a LEFT JOIN annotations n ON n.article_id = a.id WHERE n.article_id IS NULL"
        total = int(self.db.execute(f"SELECT COUNT(*) {where}").fetchone()[0])
        rows = self.db.execute(
            f"SELECT a.id, a.ingested_at {where} ORDER BY a.seq LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return Page([(r[0], r[1]) for r in rows], total, offset)

    def rejection_reason(self, input_label: str) -> str | None:
        row = self.db.execute(
            "SELECT reason FROM rejections WHERE input = ? ORDER BY id DESC LIMIT 1", (input_label,)
        ).fetchone()
        return row[0] if row else None
