"""The web's smaller read queries, mixed into `web.catalog.Catalog`: the source filter's
counts, an entity's latest mentions, the rejections and failures pages, and the
look-ups of one article's ingest time and placement. Each is one or two statements
on the catalog's read connection (SQL written once for SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storyline.model import Rejection
from storyline.query.reader import Reader
from storyline.query.rows import Page

# Recent mentions shown on an entity's page.
MENTIONS_SHOWN = 20
# Characters either side of a mention in its context line.
MENTION_CONTEXT = 80
# The schema whose rejections carry a reason code and its parameters (0080_rejection_codes);
# an older store, read as it is by a read-only server, has only the words.
REJECTION_CODES_SCHEMA = 80


@dataclass(frozen=True)
class Mention:
    article_id: str
    title: str
    source: str | None
    published: str | None
    text: str  # the mention in its context
    start: int


class SideQueries:
    """The queries below need only the catalog's reader and its connections."""

    reader: Reader
    tables: frozenset[str]
    _connections: Any
    _sources: tuple[int | None, list[tuple[str, int]], int | None] | None

    @property
    def db(self) -> Any:
        """The connection to run a read on (this thread's, or the pool's)."""
        return self._connections.get()

    def sources(self, generation: int | None = None) -> list[tuple[str, int]]:
        """Every source with its article count, largest first (the filter's choices).

        Counted again only when articles were added (the newest seq changed): a
        GROUP BY over 100k articles on every story-list page would cost more than
        the page itself. `generation`: the request's write generation; within one
        the counts are kept without asking for the newest seq (a statement, on
        PostgreSQL a round trip)."""
        kept = self._sources  # (newest seq, counts, generation): one tuple, swapped whole
        if kept is not None and generation is not None and kept[2] == generation:
            return kept[1]
        newest = self.db.execute("SELECT MAX(seq) FROM articles").fetchone()[0]
        if kept is not None and kept[0] == newest:
            self._sources = (newest, kept[1], generation)
            return kept[1]
        counted = [
            (r[0], int(r[1]))
            for r in self.db.execute(
                "SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY source"
                " ORDER BY COUNT(*) DESC, source"
            )
        ]
        self._sources = (newest, counted, generation)
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
        if "article_entities" not in self.tables:
            return []
        seqs = [
            r[0]
            for r in self.db.execute(
                "SELECT e.seq FROM article_entities e JOIN articles a ON a.seq = e.seq WHERE e.entity_id = ?"
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
    def rejections(self, limit: int = 50, offset: int = 0) -> Page[Rejection]:
        """The latest first, each with its code and parameters (none on rows stored
        before schema 80: the page shows their stored words)."""
        total = int(self.db.execute("SELECT COUNT(*) FROM rejections").fetchone()[0])
        coded = getattr(self._connections, "schema_version", REJECTION_CODES_SCHEMA) >= REJECTION_CODES_SCHEMA
        columns = "input, reason, code, params" if coded else "input, reason, NULL, NULL"
        rows = self.db.execute(
            f"SELECT {columns} FROM rejections ORDER BY id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return Page([Rejection(r[0], r[1], r[2] or "", _params(r[3])) for r in rows], total, offset)

    def failures(self, limit: int = 50, offset: int = 0) -> Page[tuple[str, str]]:
        """Articles stored but not processed (annotation failed or still pending)."""
        where = "FROM articles a LEFT JOIN annotations n ON n.article_id = a.id WHERE n.article_id IS NULL"
        total = int(self.db.execute(f"SELECT COUNT(*) {where}").fetchone()[0])
        rows = self.db.execute(
            f"SELECT a.id, a.ingested_at {where} ORDER BY a.seq LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return Page([(r[0], r[1]) for r in rows], total, offset)


def _params(stored: str | None) -> dict[str, str]:
    """A rejection's stored parameters; a damaged value reads as none."""
    try:
        value = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
