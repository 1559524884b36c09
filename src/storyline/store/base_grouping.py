"""The store contract, part three: what grouping and the story stage keep —
assignments, threads and stories (with their part rows, kept state and built
page), merges, corpus entities and novelty marks.

A part of `Store` (`store/base.py`), which joins the parts; code above the store
imports `Store` from there, never a part.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from storyline.model import Entity, SentenceNovelty, Story, Thread
from storyline.store.story_rows import StoryRows


class GroupingContract(ABC):
    """Assignments, threads, stories, merges, entities and novelty."""

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
