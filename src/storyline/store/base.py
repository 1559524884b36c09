"""The storage interface. The pipeline and the interfaces talk to this, never to
SQL, so that SQLite (default) and PostgreSQL are interchangeable."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import NamedTuple

from storyline.errors import LeaseLostError, WriterBusyError
from storyline.model import (
    Annotation,
    Article,
    ArticleVersion,
    Entity,
    Failure,
    Rejection,
    SeenEntry,
    SentenceNovelty,
    SourceState,
    Story,
    Thread,
)
from storyline.store.lease import DEFAULT_TTL, HEARTBEATS_PER_TTL, Lease
from storyline.store.story_rows import StoryRows


class ArticleIdentity(NamedTuple):
    """What the store knows of an incoming article's id and text, for ingest's
    exact and near-duplicate checks (`Store.article_identity`)."""

    stored_as: str | None  # the stored article the id names: itself, an alias's target
    stored_hash: str | None  # that article's content hash
    kept: str | None  # the article stored with the incoming content hash
    candidates: list[tuple[str, bytes]]  # near-duplicate candidates, as `minhash_candidates`


class Store(ABC):
    """A database of articles and everything derived from them.

    Writes happen inside `transaction()`; a transaction either lands whole or not
    at all, which is what makes ingest safe to kill and re-run. Every write
    transaction is fenced by the writer lease (`store/lease.py`): it is refused
    while another live writer holds the lease, or once this writer's lease was
    taken over.
    """

    location: str  # what `open_store` was given: a path, or a URL without its password
    _lease_token: str | None = None
    _lease_ttl: float = DEFAULT_TTL
    _fenced_at: float = 0.0  # when the open transaction checked the lease (unix seconds)

    # ---- lifecycle
    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction. A nested one is a savepoint: an exception rolls back
        only its own writes, and the outer transaction goes on. Backends call
        `_fence()` first thing inside the outermost one and `_before_commit()`
        last."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def schema_version(self) -> int:
        """The migration the database is at (0 for a new one)."""

    @abstractmethod
    def reopen(self) -> Store:
        """Another connection to the same database (for another thread)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the writer lease (readers never need it)
    @abstractmethod
    def try_acquire_lease(self, candidate: Lease, now: float) -> Lease:
        """Atomically install `candidate` unless another live lease is held; the lease
        held afterwards (the candidate itself when it won)."""

    @abstractmethod
    def renew_lease(self, token: str, now: float, ttl: float) -> bool:
        """Move the heartbeat and expiry of the lease `token`; False if it is not held."""

    @abstractmethod
    def release_lease(self, token: str) -> None: ...

    @abstractmethod
    def current_lease(self) -> Lease | None: ...

    def is_infrastructure_error(self, exc: BaseException) -> bool:
        """True when `exc` is the database failing (locked, full, damaged), not an
        item's fault: the pipeline stops on these instead of recording a failure."""
        return False

    def hold_lease(self, token: str | None, ttl: float = DEFAULT_TTL) -> None:
        """Write as the holder of lease `token` from now on (None: as no one)."""
        self._lease_token, self._lease_ttl = token, ttl

    def _fence(self) -> None:
        """Refuse a write transaction that is not the lease holder's; renew the lease
        of a holder whose heartbeat is due (the write lock is held already)."""
        now = time.time()
        lease = self.current_lease()
        if self._lease_token is None:
            if lease is not None and lease.live(now):
                raise WriterBusyError(f"database {self.location} is being written by {lease.describe(now)}")
            return
        if lease is None or lease.token != self._lease_token:
            holder = lease.describe(now) if lease is not None else "no one"
            raise LeaseLostError(
                f"this writer's lease on {self.location} expired and was taken over by {holder}; "
                "run again to continue"
            )
        if now - lease.heartbeat_at >= self._lease_ttl / HEARTBEATS_PER_TTL:
            self.renew_lease(self._lease_token, now, self._lease_ttl)
        self._fenced_at = now

    def _before_commit(self) -> None:
        """Renew the holder's lease in the commit of a transaction that ran long.

        While a transaction holds the write lock, the heartbeat cannot write, so a
        rebuild in one long transaction may outlive its lease; renewing inside that
        commit means the lease is live again the moment the lock is free, and a
        waiting writer cannot slip in between the commit and the next heartbeat."""
        if self._lease_token is None:
            return
        now = time.time()
        if now - self._fenced_at >= self._lease_ttl / HEARTBEATS_PER_TTL:
            self.renew_lease(self._lease_token, now, self._lease_ttl)

    @abstractmethod
    def next_id(self, counter: str) -> int:
        """The next number of a named id counter (1, 2, ...), inside the writer's
        transaction: a rolled-back transaction gives its numbers back."""

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

    # ---- grouping
    # Membership is the assignments': a thread's `article_ids` and a story's
    # `article_ids` and `thread_ids` are not stored with their records (an add would
    # rewrite a story as large as it is). Writers may leave them empty; readers get
    # them filled from the assignments, articles in ingest order, a story's threads
    # in the order of their first article.
    @abstractmethod
    def set_assignment(self, article_id: str, thread_id: str, story_id: str) -> None: ...

    @abstractmethod
    def assignments(self) -> dict[str, tuple[str, str]]:
        """article id -> (thread id, story id)."""

    @abstractmethod
    def ids_without_assignment(self) -> list[str]:
        """Articles not in any thread yet, in ingest order (ids only)."""

    @abstractmethod
    def count_assignments(self) -> int: ...

    @abstractmethod
    def assignment_of(self, article_id: str) -> tuple[str, str] | None:
        """(thread id, story id) of one article, or None while it has none."""

    @abstractmethod
    def thread_members(self, thread_id: str) -> list[str]:
        """The thread's article ids in ingest order."""

    @abstractmethod
    def story_members(self, story_id: str) -> tuple[list[str], list[str]]:
        """The story's article ids in ingest order and its thread ids in the order of
        their first article."""

    @abstractmethod
    def save_thread(self, thread: Thread) -> None:
        """Insert or replace the thread record; its `article_ids` are ignored (see above)."""

    @abstractmethod
    def delete_thread(self, thread_id: str) -> None: ...

    @abstractmethod
    def threads(self) -> list[Thread]:
        """Every thread, members filled from the assignments."""

    @abstractmethod
    def save_story(self, story: Story, written: StoryRows | None = None) -> StoryRows:
        """Insert or replace the story record; `article_ids` and `thread_ids` are ignored.

        The timeline, facts and quotes are rows (`story_parts`): only those that differ
        from the rows already stored are written. `written` is what the previous save of
        this story returned, kept by a caller that saves the story again (checked, then
        trusted, so the store need not read them back); the result is the rows now stored.
        """

    @abstractmethod
    def story_rows(self, story_id: str) -> StoryRows:
        """The story's part rows as stored (what `save_story` compares with)."""

    # A big story's fold state (`story/snapshot.py`): bytes the store keeps, does not read.
    @abstractmethod
    def save_story_state(self, story_id: str, format: str, articles: int, data: bytes) -> None:
        """Insert or replace the story's kept state (`format` names the code that wrote it,
        `articles` how many articles it has folded)."""

    @abstractmethod
    def story_state(self, story_id: str) -> tuple[str, int, bytes] | None:
        """(format, articles, data) of the story's kept state, or None."""

    @abstractmethod
    def delete_story_state(self, story_id: str) -> None: ...

    # The web's built story page (`web/page_store.py`): bytes the store keeps, does not read.
    @abstractmethod
    def save_story_view(self, story_id: str, version: str, data: bytes) -> None:
        """Insert or replace the story's built page (schema 55)."""

    @abstractmethod
    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> content hash of those stored (an edit changes it)."""

    @abstractmethod
    def delete_story(self, story_id: str) -> None: ...

    @abstractmethod
    def stories(self) -> list[Story]:
        """Every story, members filled from the assignments."""

    @abstractmethod
    def get_story(self, story_id: str) -> Story:
        """The story, members filled from the assignments; NotFoundError for an unknown id."""

    @abstractmethod
    def story_skeleton(self, story_id: str) -> Story:
        """`get_story` without the parts the story step writes anew: timeline, facts,
        quotes and summary evidence empty (their rows are not read); NotFoundError for an
        unknown id."""

    @abstractmethod
    def record_merge(self, level: str, kept_id: str, merged_id: str, article_id: str | None) -> None: ...

    @abstractmethod
    def merges(self) -> list[tuple[str, str, str, str | None, str]]:
        """(level, kept id, merged id, article id, timestamp) in order."""

    @abstractmethod
    def replace_entities(self, entities: list[Entity]) -> None: ...

    @abstractmethod
    def entities(self) -> list[Entity]: ...

    @abstractmethod
    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        """The listed corpus entities that exist (unknown ids are left out)."""

    @abstractmethod
    def clear_grouping(self) -> None:
        """Forget threads, stories, assignments, merges, entities, novelty and state (recluster)."""

    # ---- story intelligence
    @abstractmethod
    def save_novelty(self, article_id: str, marks: list[SentenceNovelty]) -> None: ...

    @abstractmethod
    def novelty(self, article_id: str) -> list[SentenceNovelty]: ...

    # ---- named state of stages
    @abstractmethod
    def get_state(self, key: str) -> bytes | None: ...

    @abstractmethod
    def set_state(self, key: str, value: bytes) -> None: ...

    # ---- bulk state (appended for the grouping stage, which keeps one record per
    # thread, story, entity and term under a key prefix so an add writes only what it changed)
    @abstractmethod
    def iter_state(self, prefix: str) -> Iterator[tuple[str, bytes]]:
        """(key, value) of every state entry whose key starts with `prefix`, in key order."""

    @abstractmethod
    def set_states(self, items: Iterable[tuple[str, bytes]]) -> None: ...

    @abstractmethod
    def state_keys(self, prefix: str) -> list[str]:
        """The keys of `iter_state(prefix)`, without reading the values."""

    # ---- the grouping state (migration 46: tables, not blobs; `docs/store.md`)
    @abstractmethod
    def group_profile_ids(self, level: str) -> list[str]:
        """Ids of the stored profiles of one level ("thread" or "story"), without their data."""

    @abstractmethod
    def group_profile(self, level: str, profile_id: str) -> bytes | None:
        """One profile's JSON (`group/profile.py`), or None."""

    @abstractmethod
    def save_group_profiles(self, rows: Iterable[tuple[str, str, str | None, bytes]]) -> None:
        """Insert or replace (level, id, parent, data) rows."""

    @abstractmethod
    def delete_group_profiles(self, level: str, ids: Iterable[str]) -> None: ...

    @abstractmethod
    def document_frequencies(self) -> Iterator[tuple[str, str, int]]:
        """(kind, term, df): kind "t" a lemma, "e" a corpus entity id (document
        frequencies); "h" an entity id, "s" a lemma (thread frequencies, `Grouper.spread`)."""

    @abstractmethod
    def save_document_frequencies(self, rows: Iterable[tuple[str, str, int]]) -> None: ...

    @abstractmethod
    def delete_document_frequencies(self, keys: Iterable[tuple[str, str]]) -> None: ...

    @abstractmethod
    def entity_records(self) -> list[bytes]:
        """The entity resolver's records (JSON), in id order."""

    def iter_entity_records(self, page: int = 1000) -> Iterator[bytes]:
        """The same records, read `page` ids at a time (a backend may hold fewer rows)."""
        yield from self.entity_records()

    @abstractmethod
    def save_entity_records(self, rows: Iterable[tuple[str, bytes]]) -> None: ...

    @abstractmethod
    def delete_entity_records(self, ids: Iterable[str]) -> None: ...

    @abstractmethod
    def entity_redirects(self) -> dict[str, str]:
        """Merged entity id -> the id it was merged into."""

    @abstractmethod
    def save_entity_redirects(self, redirects: Mapping[str, str]) -> None:
        """Insert or replace these redirects, leaving the others."""

    @abstractmethod
    def counter(self, name: str) -> int:
        """A plain counter's value (0 when never set)."""

    @abstractmethod
    def set_counter(self, name: str, value: int) -> None: ...

    # ---- stories to build (migration 47)
    @abstractmethod
    def note_unbuilt_stories(self, story_ids: Iterable[str]) -> None:
        """Remember stories grouping touched, in its transaction, until they are built."""

    @abstractmethod
    def unbuilt_stories(self) -> list[str]: ...

    @abstractmethod
    def clear_unbuilt_stories(self, story_ids: Iterable[str]) -> None: ...

    # ---- the grouping's candidate index (threads and stories by lemma / entity key and week)
    @abstractmethod
    def add_postings(self, level: str, postings: Iterable[tuple[str, int, str]]) -> None:
        """(key, week, cluster id) rows; one already there keeps its place in the order."""

    @abstractmethod
    def search_postings(
        self, level: str, keys: Iterable[str], weeks: tuple[int, int] | None, per_key: int
    ) -> list[tuple[str, str]]:
        """(key, cluster id) for each key: with `weeks` (first, last), the postings of those
        weeks in ascending week order, then the undated ones; without, every week from
        the newest. Newest first within a week; at most `per_key` per key."""

    @abstractmethod
    def count_postings(self) -> int: ...

    @abstractmethod
    def delete_states(self, keys: Iterable[str]) -> None: ...

    # ---- incremental entities (appended for the grouping stage: an add changes a few)
    @abstractmethod
    def save_entities(self, entities: list[Entity]) -> None:
        """Insert or replace these entities, leaving the others."""

    @abstractmethod
    def delete_entities(self, ids: Iterable[str]) -> None: ...

    @abstractmethod
    def update_story_skeleton(self, story: Story) -> None:
        """Insert the story, or replace only its skeleton (title, first/last published,
        entity_ids), keeping what the story stage computed; membership comes from the
        assignments. The grouper calls it on every add, so its cost must not grow with
        the story: no round trip of the whole record through the model."""

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
