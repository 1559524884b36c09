"""The store contract, part two: what ingest and annotate keep per article —
articles and their aliases, near-duplicate signatures, rejections, failures,
annotations with their entity links, and the feed watcher's sources and versions.

A part of `Store` (`store/base.py`), which joins the parts; code above the store
imports `Store` from there, never a part.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from storyline.model import (
    Annotation,
    Article,
    ArticleVersion,
    Failure,
    Rejection,
    SeenEntry,
    SourceState,
)


class ArticleIdentity(NamedTuple):
    """What the store knows of an incoming article's id and text, for ingest's
    exact and near-duplicate checks (`Store.article_identity`)."""

    stored_as: str | None  # the stored article the id names: itself, an alias's target
    stored_hash: str | None  # that article's content hash
    kept: str | None  # the article stored with the incoming content hash
    candidates: list[tuple[str, bytes]]  # near-duplicate candidates, as `minhash_candidates`


class ArticlesContract(ABC):
    """Articles, rejections, failures, annotations and entity links, watched sources."""

    # ---- articles
    @abstractmethod
    def add_article(self, article: Article) -> int:
        """Insert a new article; returns and sets its ingest sequence number."""

    def queue_article(self, article: Article) -> None:
        """Insert a new article as `add_article` does, its `seq` set by the end of the
        transaction or savepoint it is inserted in, not at once (a backend that
        queues statements need not wait for it)."""
        self.add_article(article)

    @abstractmethod
    def article_id_for_hash(self, content_hash: str) -> str | None: ...

    @abstractmethod
    def hash_for_article_id(self, article_id: str) -> str | None: ...

    def article_identity(
        self, article_id: str, content_hash: str, band_keys: Iterable[str] = ()
    ) -> ArticleIdentity:
        """The id's stored article and its hash, the hash's article and the band keys'
        near-duplicate candidates: what `resolve_article_id`, `hash_for_article_id`,
        `article_id_for_hash` and `minhash_candidates` answer, asked at once (a backend
        may answer in one statement)."""
        stored_as = self.resolve_article_id(article_id)
        stored_hash = self.hash_for_article_id(stored_as) if stored_as is not None else None
        return ArticleIdentity(
            stored_as,
            stored_hash,
            self.article_id_for_hash(content_hash),
            self.minhash_candidates(band_keys),
        )

    @abstractmethod
    def add_minhash(self, article_id: str, signature: bytes, band_keys: Iterable[str]) -> None: ...

    @abstractmethod
    def minhash_candidates(self, band_keys: Iterable[str]) -> list[tuple[str, bytes]]:
        """Articles sharing at least one LSH band, with their signatures."""

    @abstractmethod
    def get_article(self, article_id: str, with_annotation: bool = True) -> Article:
        """The article by its id or by the input id of an exact duplicate of it
        (an alias); NotFoundError for an unknown id."""

    @abstractmethod
    def add_alias(self, alias_id: str, article_id: str, input_label: str) -> bool:
        """Record that input `input_label` gave id `alias_id` to the text stored as
        `article_id`; False when the alias was known already."""

    @abstractmethod
    def resolve_article_id(self, some_id: str) -> str | None:
        """The stored article an id names: itself, the article an alias points to, or None."""

    @abstractmethod
    def aliases(self, article_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """article id -> its alias ids in the order they were recorded (all, or these articles)."""

    @abstractmethod
    def count_aliases(self) -> int: ...

    @abstractmethod
    def iter_articles(
        self, ids: Iterable[str] | None = None, with_annotation: bool = True
    ) -> Iterator[Article]:
        """Articles in ingest order (all, or the given ids)."""

    @abstractmethod
    def article_ids(self) -> list[str]:
        """Every article id in ingest order, without reading texts."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def count_duplicates(self) -> int:
        """Articles stored as near-duplicates of another (`duplicate_of` set)."""

    # ---- rejections
    @abstractmethod
    def add_rejection(self, rejection: Rejection) -> bool:
        """Record a rejection; False when the same one was already recorded."""

    @abstractmethod
    def rejections(self) -> list[Rejection]: ...

    @abstractmethod
    def count_rejections(self) -> int: ...

    # ---- failures (an item a stage could not process; the run went on)
    @abstractmethod
    def record_failure(self, failure: Failure) -> None:
        """Insert the failure, or count one more attempt of a known (stage, item)."""

    @abstractmethod
    def clear_failure(self, stage: str, item_id: str) -> None: ...

    def clear_failures(self, stage: str, item_ids: Iterable[str]) -> None:
        """`clear_failure` for each of `item_ids` (a backend may do it in one statement)."""
        for item_id in item_ids:
            self.clear_failure(stage, item_id)

    @abstractmethod
    def failures(self, stage: str | None = None) -> list[Failure]:
        """In the order first recorded."""

    @abstractmethod
    def count_failures(self) -> int: ...

    # ---- annotation
    @abstractmethod
    def save_annotation(self, article_id: str, annotation: Annotation, encoded: bytes | None = None) -> None:
        """Store the annotation as the annotate stage made it; the article's entity
        links (which point into the previous annotation) are dropped. `encoded` is
        `codec.annotation_dumps(annotation)` when an annotation worker made it already
        (the one writer then does not encode it again)."""

    # ---- entity links: the grouping's corpus entity ids of an article's mentions,
    # figure subjects and quote speakers, kept beside the annotation (which the
    # grouping never rewrites). Articles read with their annotation carry them.
    @abstractmethod
    def save_entity_links(self, article_id: str, annotation: Annotation) -> None:
        """Replace the article's links with the entity ids set on `annotation`."""

    @abstractmethod
    def rename_entity_links(self, renames: dict[str, str]) -> None:
        """Point every link to an old id at the new one (two entities merged)."""

    @abstractmethod
    def ids_needing_annotation(self, version: str) -> list[str]:
        """Articles with no annotation, or one made by another annotator version."""

    @abstractmethod
    def annotation_versions(self, article_ids: Iterable[str] | None = None) -> dict[str, int]:
        """How many stored annotations each annotator version made, of these articles'
        (all when None; `storyline.upgrade`)."""

    @abstractmethod
    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> content hash of those stored (an edit changes it)."""

    # ---- the feed watcher (migration 30; both backends: store/sql_watch.py)
    @abstractmethod
    def watch_source(self, url: str) -> SourceState | None:
        """The watcher's state of one listed source, None before its first poll."""

    @abstractmethod
    def watch_sources(self) -> list[SourceState]:
        """Every source the watcher has polled, by URL."""

    @abstractmethod
    def save_watch_source(self, state: SourceState) -> None:
        """Store a source's state after a poll (replacing the one before)."""

    @abstractmethod
    def seen_entries(self, source_url: str) -> dict[str, SeenEntry]:
        """Entries of one source already handled, by entry key."""

    @abstractmethod
    def mark_seen(self, entries: Iterable[SeenEntry], now: float) -> None:
        """Record (or update) handled entries."""

    @abstractmethod
    def replace_article_text(self, article: Article) -> int:
        """Store an edited text under the same article id, keeping the old one as a
        version; returns the new version number."""

    @abstractmethod
    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        """Earlier texts of an edited article, oldest first."""
