"""The read side: a read-only, query-shaped reader and the story view built from it.

Used by the CLI's read commands and the markdown report, and meant for the web
interface: every list is a page, every read runs on its own read-only connection.
"""

from __future__ import annotations

from storyline.query.connect import MissingDatabaseError
from storyline.query.reader import Reader
from storyline.query.rows import (
    ArticleRow,
    ArticleSort,
    Counts,
    EntityRow,
    Page,
    StoryRow,
    StorySort,
    ThreadRow,
)

__all__ = [
    "ArticleRow",
    "ArticleSort",
    "Counts",
    "EntityRow",
    "MissingDatabaseError",
    "Page",
    "Reader",
    "StoryRow",
    "StorySort",
    "ThreadRow",
]
