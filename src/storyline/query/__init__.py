"""The read side: a read-only, query-shaped reader and the story view built from it.

Used by the CLI's read commands and the markdown report, and meant for the web
interface: every list is a page, every read runs on its own read-only connection.
Names are imported on first use, so the renderers' `query.view` (plain
dataclasses) does not pull in the reader and the store codec.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "MissingDatabaseError": "connect",
    "Reader": "reader",
    "ArticleRow": "rows",
    "ArticleSort": "rows",
    "Counts": "rows",
    "EntityRow": "rows",
    "Page": "rows",
    "StoryRow": "rows",
    "StorySort": "rows",
    "ThreadRow": "rows",
}
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'storyline.query' has no attribute {name!r}")
    return getattr(import_module(f"storyline.query.{home}"), name)
