"""The store contract, part four: the stages' own state — named and prefixed state
entries, and the grouping's tables (profiles, document frequencies, entity records
and redirects, counters, unbuilt stories, the candidate index).

A part of `Store` (`store/base.py`), which joins the parts; code above the store
imports `Store` from there, never a part.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping


class StateContract(ABC):
    """State entries and the grouping's incremental tables."""

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
