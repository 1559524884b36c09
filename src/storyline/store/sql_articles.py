"""The articles' tables, for both backends: articles (inserted at once or queued),
near-duplicate signatures, rejections and annotations.

A mixin of `SQLStore` (like `sql_runtime`), on its connection `_db` and dialect
`_sql`, in SQL both backends run. Aliases and entity links are `sql_runtime`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from storyline.errors import NotFoundError
from storyline.model import Annotation, Article, Rejection
from storyline.store import codec, id_chunks
from storyline.store.sql_runtime import now_text as _now

# The schema whose rejections carry a reason code and its parameters (0080_rejection_codes).
REJECTION_CODES_SCHEMA = 80

if TYPE_CHECKING:
    from storyline.store.dialect import Connection, Dialect

_ARTICLE_COLUMNS = ", ".join(codec.ARTICLE_COLUMNS)


class ArticleTables:
    """`articles`, `minhash`, `minhash_bands`, `rejections` and `annotations`."""

    _db: Connection
    _sql: Dialect
    _depth: int
    # Articles of `queue_article` whose seq is in their INSERT's answer, not read yet.
    _unread: list[tuple[Article, Any]]

    if TYPE_CHECKING:  # `sql_runtime.RuntimeTables`'

        def resolve_article_id(self, some_id: str) -> str | None: ...

        def schema_version(self) -> int: ...  # each backend's store

        def _links(self, article_ids: list[str]) -> dict[str, list[codec.LinkRow]]: ...

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
        wanted = id_chunks.unique(self.article_ids() if ids is None else ids)
        for chunk in id_chunks.chunks(wanted):
            rows = id_chunks.rows_for_ids(self._db, base + " WHERE a.id IN ({marks}) ORDER BY a.seq", chunk)
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
        params = json.dumps(rejection.params, ensure_ascii=False, sort_keys=True) if rejection.code else None
        cur = self._db.execute(
            self._sql.insert_ignore("rejections", ("input", "reason", "code", "params")),
            (rejection.input, rejection.reason, rejection.code or None, params),
        )
        return cur.rowcount > 0

    def rejections(self) -> list[Rejection]:
        # A store read as it is below schema 80 (read-only: nothing migrated) has no codes.
        coded = self.schema_version() >= REJECTION_CODES_SCHEMA
        columns = "input, reason, code, params" if coded else "input, reason, NULL, NULL"
        return [
            Rejection(input=r[0], reason=r[1], code=r[2] or "", params=json.loads(r[3]) if r[3] else {})
            for r in self._db.execute(f"SELECT {columns} FROM rejections ORDER BY id")
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

    def annotation_versions(self, article_ids: Iterable[str] | None = None) -> dict[str, int]:
        query = "SELECT version, COUNT(*) FROM annotations"
        if article_ids is None:
            rows = self._db.execute(query + " GROUP BY version").fetchall()
        else:
            sql = query + " WHERE article_id IN ({marks}) GROUP BY version"
            rows = id_chunks.rows_for_ids(self._db, sql, article_ids)
        found: dict[str, int] = {}
        for version, n in rows:
            found[str(version)] = found.get(str(version), 0) + int(n)
        return found

    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        sql = "SELECT id, content_hash FROM articles WHERE id IN ({marks})"
        return dict(id_chunks.rows_for_ids(self._db, sql, article_ids))
