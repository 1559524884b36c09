"""Read queries the web needs beyond `query.Reader`: filtered story lists with
per-day volumes, source counts, an entity's mentions, rejections.

Everything runs on the read side's read-only connections (`query/connect.py`:
per-thread SQLite connections, or a PostgreSQL pool whose `translate()` turns
the few SQLite spellings into PostgreSQL's), a page at a time, so a list costs
the same on a store of a thousand articles and of a hundred thousand. The SQL
here is written once for both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.query.reader import NEWEST_PUBLISHED, Reader, cutoff_after
from storyline.query.rows import Page, StorySort
from storyline.web.catalog_side import SideQueries

# Characters of a day-precise date ("2022-01-07"): the per-day volume counts those.
DAY_CHARS = 10
# The schema whose indexes lead a text filter from an article's seq to its story (0056).
SEQ_STORY_SCHEMA = 56
# The story list's orders over `story_list z`, each an index of 0045 (recency and
# size descending, ties by id).
_ORDERS = {
    StorySort.recency: "z.last_published DESC, z.story_id",
    StorySort.size: "z.articles DESC, z.story_id",
}


# A story's (articles, threads, sources, recent articles, (day, articles) per day).
MemberCounts = tuple[int, int, int, int, list[tuple[str, int]]]


@dataclass(frozen=True)
class StoryFilter:
    """What a story list is narrowed to; every field optional (None: no filter)."""

    date_from: str | None = None  # stories with an article published on or after this day
    date_to: str | None = None  # ... on or before this day
    entity_id: str | None = None
    source: str | None = None
    # stories with an article meeting this condition over articles `a` (a text
    # query's hits: `Searcher.matching_clause`), with its arguments
    articles_matching: tuple[str, tuple[object, ...]] | None = None
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


class Catalog(SideQueries):
    """The web's read side: a `Reader` plus the queries only the web asks (the story
    lists here, the smaller ones in `catalog_side`)."""

    def __init__(self, path: str | Path) -> None:
        self.reader = Reader(path)
        self.backend = "postgresql" if str(path).startswith(("postgresql://", "postgres://")) else "sqlite"
        # The reader's connections serve both: on SQLite one read connection per
        # thread (two, one each, kept two page caches of the same hot pages and
        # twice the file reads), on PostgreSQL one pool per server process.
        self._connections: Any = self.reader._connections
        self.tables = self._connections.tables
        self._sources: tuple[int | None, list[tuple[str, int]], int | None] | None = None
        self._marker: tuple[int, str] | None = None

    def close(self) -> None:
        self.reader.close()

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

    # ---------------------------------------------------------------- stories
    def stories(
        self, flt: StoryFilter, sort: StorySort = StorySort.recency, limit: int = 20, offset: int = 0
    ) -> Page[StoryItem]:
        """A page of stories: one query on `story_list`'s indexes (0045) for the
        page's ids and one for its total, then the page's own list rows.

        A text filter's stories come from joining every hit to its story, the
        list's dearest part (29,414 hits of «суд» at 100k): then the page and its
        total are one statement (`COUNT(*) OVER ()`), so the join runs once."""
        where, args = self._story_where(flt)
        if flt.articles_matching is not None:
            return self._matching_page(where, args, sort, limit, offset)
        count = f"SELECT COUNT(*) FROM story_list z {where}"
        if sort is StorySort.activity:
            total = int(self.db.execute(count, args).fetchone()[0])
            window = self.reader._window()  # read once: the page's order and its recent counts
            ids = self._active_page(where, args, limit, offset, window)
            return Page(self.story_items(ids, cutoff=str(window[0])), total, offset)
        # The page's ids with their list rows, the total and the newest publication in
        # one statement (on PostgreSQL each statement is a round trip, and a loaded
        # server's round trip waits for the run queue twice): four statements before.
        rows = self.db.execute(
            f"SELECT z.story_id, z.title, z.first_published, z.last_published, ({count}),"
            f" ({NEWEST_PUBLISHED}) FROM story_list z {where} ORDER BY {_ORDERS[sort]} LIMIT ? OFFSET ?",
            [*args, *args, limit, offset],
        ).fetchall()
        if not rows:  # a page past the end says nothing of the total: count it
            return Page([], int(self.db.execute(count, args).fetchone()[0]) if offset else 0, offset)
        heads = {r[0]: r[:4] for r in rows}
        items = self.story_items([r[0] for r in rows], heads, cutoff_after(rows[0][5]) or "9999")
        return Page(items, int(rows[0][4]), offset)

    def _matching_page(
        self, where: str, args: list[object], sort: StorySort, limit: int, offset: int
    ) -> Page[StoryItem]:
        """A page of a text-filtered list and its total from one statement. By
        activity, the stories with articles in the activity window come first by
        their recent articles, the others after by size (as `_active_page`)."""
        if sort is StorySort.activity:
            window = self.reader._window()
            join = "CROSS JOIN" if self.backend == "sqlite" else "JOIN"  # as in _active_page
            recent = (
                f"SELECT m.story_id, COUNT(*) AS k FROM articles a {join} assignments m ON m.article_id = a.id"
                " WHERE (a.published >= ? OR a.published IN (?, ?)) GROUP BY m.story_id"
            )
            source = f"story_list z LEFT JOIN ({recent}) r ON r.story_id = z.story_id"
            order = "CASE WHEN r.k IS NULL THEN 1 ELSE 0 END, r.k DESC, z.articles DESC, z.story_id"
            args = [*window, *args]
        else:
            source, order = "story_list z", _ORDERS[sort]
        rows = self.db.execute(
            f"SELECT z.story_id, COUNT(*) OVER () FROM {source} {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        if rows:
            total = int(rows[0][1])
        elif offset:  # a page past the end says nothing of the total: count it
            total = int(self.db.execute(f"SELECT COUNT(*) FROM {source} {where}", args).fetchone()[0])
        else:
            total = 0
        return Page(self.story_items([r[0] for r in rows]), total, offset)

    def _active_page(
        self, where: str, args: list[object], limit: int, offset: int, window: list[object] | None = None
    ) -> list[str]:
        """A page by activity: the stories with articles in the activity window by
        their recent articles, then the others by size.

        The active stories are few (those of the newest week): they are ranked
        alone, from the published index's few window rows, and the pages after them
        come from the size order without them."""
        window = window or self.reader._window()
        # CROSS JOIN keeps articles the outer loop, so the published index picks the
        # window's few articles (SQLite's planner otherwise scanned every assignment).
        # (PostgreSQL's planner needs no such push, and takes no ON after CROSS JOIN.)
        join = "CROSS JOIN" if self.backend == "sqlite" else "JOIN"
        recent = (
            f"SELECT m.story_id, COUNT(*) AS k FROM articles a {join} assignments m ON m.article_id = a.id"
            " WHERE (a.published >= ? OR a.published IN (?, ?)) GROUP BY m.story_id"
        )
        active = [
            r[0]
            for r in self.db.execute(
                f"SELECT z.story_id FROM ({recent}) r JOIN story_list z ON z.story_id = r.story_id {where}"
                " ORDER BY r.k DESC, z.articles DESC, z.story_id",
                [*window, *args],
            )
        ]
        if offset + limit <= len(active):
            return active[offset : offset + limit]
        head = active[offset:]
        skip = f"z.story_id NOT IN ({','.join('?' * len(active))})" if active else "1 = 1"
        rest_where = f"{where} AND {skip}" if where else f"WHERE {skip}"
        rest = [
            r[0]
            for r in self.db.execute(
                f"SELECT z.story_id FROM story_list z {rest_where} ORDER BY {_ORDERS[StorySort.size]}"
                " LIMIT ? OFFSET ?",
                [*args, *active, limit - len(head), max(0, offset - len(active))],
            )
        ]
        return head + rest

    def _story_where(self, flt: StoryFilter) -> tuple[str, list[object]]:
        """The WHERE clause over `story_list z` (one row per story) and its arguments."""
        clauses: list[str] = []
        args: list[object] = []
        member = "SELECT m.story_id FROM articles a JOIN assignments m ON m.article_id = a.id WHERE "
        if flt.entity_id:
            clauses.append("z.story_id IN (SELECT story_id FROM story_entities WHERE entity_id = ?)")
            args.append(flt.entity_id)
        if flt.source:
            # each story's sources from `story_members` (0051; by schema 63's index),
            # not every article of the source joined to its assignment
            by_members = "story_members" in self.tables
            clauses.append(
                "z.story_id IN (SELECT story_id FROM story_members WHERE source = ?)"
                if by_members
                else f"z.story_id IN ({member}a.source = ?)"
            )
            args.append(flt.source)
        # A story is in a date range when its span (first to last publication)
        # overlaps it. A month- or year-precise end may fall on or after the day:
        # its month or year counts.
        if flt.date_from:
            clauses.append("(z.last_published >= ? OR z.last_published IN (?, ?))")
            args += [flt.date_from, flt.date_from[:7], flt.date_from[:4]]
        if flt.date_to:
            clauses.append("z.first_published <= ?")
            args.append(flt.date_to)
        if flt.updated_since:
            # each story's ingest moments from `story_ingests` (schema 63), not every
            # article ingested since joined to its assignment
            clauses.append(
                "z.story_id IN (SELECT story_id FROM story_ingests WHERE ingested_at >= ?)"
                if "story_ingests" in self.tables
                else f"z.story_id IN ({member}a.ingested_at >= ?)"
            )
            args.append(flt.updated_since)
        if flt.articles_matching is not None:
            condition, values = flt.articles_matching
            clauses.append(f"z.story_id IN ({self._matching_member()}{condition})")
            args += values
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), args

    def _matching_member(self) -> str:
        """The stories of the articles a text filter matches: on SQLite through the
        covering seq -> id and id -> story indexes of schema 56 (the planner would
        seek every hit's article row, a row of a 100k-text table: 68 ms against 26 ms
        for the 29,414 hits of «суд» at 100k)."""
        if self.backend == "sqlite" and getattr(self._connections, "schema_version", 0) >= SEQ_STORY_SCHEMA:
            return (
                "SELECT m.story_id FROM articles a INDEXED BY articles_seq_id"
                " JOIN assignments m INDEXED BY assignments_article_story ON m.article_id = a.id WHERE "
            )
        return "SELECT m.story_id FROM articles a JOIN assignments m ON m.article_id = a.id WHERE "

    def story_items(
        self, ids: list[str], heads: dict[str, tuple[Any, ...]] | None = None, cutoff: str | None = None
    ) -> list[StoryItem]:
        """The list rows of these stories: title and dates from `story_list`, and
        every count from their members grouped by (thread, date, source) in
        `story_members` (schema 51: a few rows per story; the largest, 154
        articles, has 73). A page of the largest stories at 100k joined ~3,000
        assignments to their articles for that (3-4 ms of a 5.5 ms page); a store
        before schema 51 still does, on the covering `articles_id_dates` index. On
        SQLite the rows are summed by the database (`_member_counts_sql`). `heads`:
        the stories' (id, title, first, last published) rows when the caller read
        them already, `cutoff` the activity window's first day likewise."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        if heads is None:
            heads = {
                r[0]: r
                for r in self.db.execute(
                    "SELECT story_id, title, first_published, last_published FROM story_list"
                    f" WHERE story_id IN ({marks})",
                    ids,
                )
            }
        if cutoff is None:
            cutoff = self.reader.activity_cutoff() or "9999"
        if "story_members" in self.tables and self.backend == "sqlite":
            counts = self._member_counts_sql(ids, cutoff)
        else:
            counts = self._member_counts(ids, cutoff)
        out = []
        for i in ids:
            head = heads.get(i)
            if head is None:
                continue
            articles, threads, sources, recent, volume = counts[i] if i in counts else (0, 0, 0, 0, [])
            out.append(
                StoryItem(i, head[1] or i, articles, threads, sources, head[2], head[3], recent, volume)
            )
        return out

    def _member_counts_sql(self, ids: list[str], cutoff: str) -> dict[str, MemberCounts]:
        """Each story's counts (articles, threads, sources, recent articles, articles
        per day) summed by SQLite over its `story_members` rows: two grouped reads of
        the rows' index instead of every row brought into Python and counted there (a
        page of the 20 largest stories at 100k has 1,800 rows: 3.3 -> 1.5 ms of CPU).
        Equal to `_member_counts` (`tests/web/test_catalog.py`); SQLite's BINARY
        order of the dates is Python's. PostgreSQL keeps the Python count: its
        collation may order text otherwise."""
        marks = ",".join("?" * len(ids))
        volume: dict[str, list[tuple[str, int]]] = {i: [] for i in ids}
        for story_id, day, n in self.db.execute(
            "SELECT story_id, published, SUM(articles) FROM story_members"
            f" WHERE story_id IN ({marks}) AND length(published) = {DAY_CHARS}"
            " GROUP BY story_id, published ORDER BY story_id, published",
            ids,
        ):
            volume[story_id].append((day, int(n)))
        return {
            story_id: (int(articles), int(threads), int(sources), int(recent), volume[story_id])
            for story_id, articles, threads, sources, recent in self.db.execute(
                "SELECT story_id, SUM(articles), COUNT(DISTINCT thread_id), COUNT(DISTINCT NULLIF(source, '')),"
                " SUM(CASE WHEN published <> '' AND (published >= ? OR published IN (?, ?)) THEN articles"
                f" ELSE 0 END) FROM story_members WHERE story_id IN ({marks}) GROUP BY story_id",
                [cutoff, cutoff[:7], cutoff[:4], *ids],
            )
        }

    def _member_counts(self, ids: list[str], cutoff: str) -> dict[str, MemberCounts]:
        """Each story's counts from its members grouped by (thread, date, source) in
        `story_members`, counted here (PostgreSQL), or from every member on a store
        before schema 51 (on the covering `articles_id_dates` index)."""
        marks = ",".join("?" * len(ids))
        # (thread, date, source, articles) groups of each story's members
        members: dict[str, list[tuple[str, str | None, str | None, int]]] = {i: [] for i in ids}
        if "story_members" in self.tables:
            for story_id, thread_id, published, source, n in self.db.execute(
                "SELECT story_id, thread_id, published, source, articles FROM story_members"
                f" WHERE story_id IN ({marks})",
                ids,
            ):
                members[story_id].append((thread_id, published or None, source or None, int(n)))
        else:  # a store before schema 51: each member counted once
            hint = "INDEXED BY articles_id_dates " if self.backend == "sqlite" else ""
            for story_id, thread_id, published, source in self.db.execute(
                f"SELECT m.story_id, m.thread_id, a.published, a.source FROM assignments m JOIN articles a {hint}"
                f"ON a.id = m.article_id WHERE m.story_id IN ({marks})",
                ids,
            ):
                members[story_id].append((thread_id, published, source, 1))
        recent_marks = (cutoff[:7], cutoff[:4])
        out: dict[str, MemberCounts] = {}
        for i, rows in members.items():
            days: Counter[str] = Counter()
            for _, p, _, n in rows:
                if p is not None and len(p) == DAY_CHARS:
                    days[p] += n
            out[i] = (
                sum(n for *_, n in rows),
                len({t for t, _, _, _ in rows}),
                len({src for _, _, src, _ in rows if src is not None}),
                sum(n for _, p, _, n in rows if p is not None and (p >= cutoff or p in recent_marks)),
                sorted(days.items()),
            )
        return out
