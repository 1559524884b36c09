"""The feed watcher's tables: sources, seen entries, article versions.

A mixin of `SQLStore` (like `sql_runtime`), working on its connection `_db`, so
both backends run the same plain SQL (`?` placeholders; PostgreSQL's connection
translates them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from storyline.errors import NotFoundError
from storyline.model import Article, ArticleVersion, SeenEntry, SourceState
from storyline.store.dialect import Connection
from storyline.store.sql_runtime import now_text

_SOURCE_COLUMNS = "url, interval_s, feed_url, etag, last_modified, last_poll, next_poll, status, failures, articles, entries"


def _source(row: tuple[object, ...]) -> SourceState:
    return SourceState(*row)  # type: ignore[arg-type]


class WatchTables:
    """`watch_sources`, `watch_seen` and `article_versions` (migration 30)."""

    _db: Connection

    # ---- sources
    def watch_source(self, url: str) -> SourceState | None:
        row = self._db.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE url=?", (url,)).fetchone()
        return _source(row) if row else None

    def watch_sources(self) -> list[SourceState]:
        return [
            _source(r) for r in self._db.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources ORDER BY url")
        ]

    def save_watch_source(self, state: SourceState) -> None:
        values = (
            state.url, state.interval, state.feed_url, state.etag, state.last_modified, state.last_poll,
            state.next_poll, state.status, state.failures, state.articles, state.entries,
        )  # fmt: skip
        self._db.execute("DELETE FROM watch_sources WHERE url=?", (state.url,))
        self._db.execute(
            f"INSERT INTO watch_sources ({_SOURCE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", values
        )

    # ---- seen entries
    def seen_entries(self, source_url: str) -> dict[str, SeenEntry]:
        rows = self._db.execute(
            "SELECT entry_key, fingerprint, article_id FROM watch_seen WHERE source_url=?", (source_url,)
        )
        return {k: SeenEntry(source_url, k, f, a) for k, f, a in rows}

    def mark_seen(self, entries: Iterable[SeenEntry], now: float) -> None:
        for e in entries:
            self._db.execute(
                "DELETE FROM watch_seen WHERE source_url=? AND entry_key=?", (e.source_url, e.key)
            )
            self._db.execute(
                "INSERT INTO watch_seen (source_url, entry_key, fingerprint, article_id, seen_at)"
                " VALUES (?,?,?,?,?)",
                (e.source_url, e.key, e.fingerprint, e.article_id, now),
            )

    # ---- article versions
    def replace_article_text(self, article: Article) -> int:
        """Keep the stored text of `article.id` as a version, store this one in its
        place (same id, seq, thread), and drop what was derived from the old text
        (annotation, near-duplicate signature), so the pipeline redoes it. Returns
        the new text's version number."""
        row = self._db.execute(
            "SELECT content_hash, title, text, published FROM articles WHERE id=?", (article.id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article.id}")
        count = self._db.execute(
            "SELECT COUNT(*) FROM article_versions WHERE article_id=?", (article.id,)
        ).fetchone()[0]
        version = int(count) + 1
        self._db.execute(
            "INSERT INTO article_versions (article_id, version, content_hash, title, text, published, replaced_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (article.id, version, row[0], row[1], row[2], row[3], now_text()),
        )
        self._db.execute(
            "UPDATE articles SET content_hash=?, title=?, text=?, published=?, published_precision=?, meta=?"
            " WHERE id=?",
            (
                article.content_hash,
                article.title,
                article.text,
                article.published,
                article.published_precision,
                json.dumps(article.meta, ensure_ascii=False, default=str),
                article.id,
            ),
        )
        self._db.execute("DELETE FROM annotations WHERE article_id=?", (article.id,))
        self._db.execute("DELETE FROM minhash_bands WHERE article_id=?", (article.id,))
        self._db.execute("DELETE FROM minhash WHERE article_id=?", (article.id,))
        return version + 1

    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        rows = self._db.execute(
            "SELECT article_id, version, content_hash, title, text, published, replaced_at"
            " FROM article_versions WHERE article_id=? ORDER BY version",
            (article_id,),
        )
        return [ArticleVersion(*r) for r in rows]
