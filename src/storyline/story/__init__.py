"""Story intelligence: novelty per sentence, timeline, fact ledger, quotes, summary and title.

`build_story` is the stage's one entry point; `reading_order` is the order a
reader meets a story's articles in, which every "earlier"/"later" here means.
"""

from storyline.story.build import StoryResult, build_story
from storyline.story.order import reading_order

__all__ = ["StoryResult", "build_story", "reading_order"]
