"""build_story: novelty, timeline, ledger, quotes, summary and title of one story.

A pure function of the story's articles (and the corpus entities): the fold of
`story.state` from an empty state, so that a story kept and extended article by
article (`StoryState.extend`, as the pipeline does) gives exactly this result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline.model import Article, Entity, Story
from storyline.story.state import StoryResult, StoryState

__all__ = ["StoryResult", "build_story"]


def build_story(story: Story, articles: Sequence[Article], entities: Mapping[str, Entity]) -> StoryResult:
    """Novelty per sentence, timeline, fact ledger, quotes, summary and title of one story."""
    return StoryState.rebuild(story.id, articles).result(story, entities)
