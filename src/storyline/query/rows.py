"""What the query layer returns: plain rows for lists, pages of them, and counts.

Rows carry what a listing shows (counts, dates, a title), not whole records; a
caller that needs a story's timeline asks for that one story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class StorySort(StrEnum):
    """Orders of a story list."""

    size = "size"  # most articles first
    recency = "recency"  # latest publication first
    activity = "activity"  # most articles in the latest days of the store first


class ArticleSort(StrEnum):
    ingest = "ingest"  # the order articles arrived in
    newest = "newest"  # latest publication first


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: `total` is the length of the whole list."""

    items: list[T]
    total: int
    offset: int = 0

    @property
    def remaining(self) -> int:
        """Items after this page."""
        return max(0, self.total - self.offset - len(self.items))


@dataclass(frozen=True)
class Counts:
    articles: int
    duplicates: int
    rejections: int
    threads: int
    stories: int
    entities: int


@dataclass(frozen=True)
class StoryRow:
    id: str
    title: str
    articles: int
    threads: int
    first_published: str | None
    last_published: str | None
    recent_articles: int = 0  # articles inside the activity window (see Reader.stories)


@dataclass(frozen=True)
class ThreadRow:
    id: str
    story_id: str
    title: str
    articles: int
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class ArticleRow:
    id: str
    source: str | None
    url: str | None
    title: str
    snippet: str  # the start of the text, for articles without a title
    published: str | None
    published_precision: str
    lang: str | None
    chars: int
    duplicate_of: str | None
    thread_id: str | None
    story_id: str | None


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    type: str
    mention_count: int
    aliases: list[str] = field(default_factory=list)
