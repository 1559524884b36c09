"""Which kept story state to drop when the states are over their memory budget:
the one whose loss costs least to undo per byte it frees, aged so that a state
nobody touches goes in the end however dear it was (GreedyDual-Size).

Why not least-recently-touched alone: at 5,000 watched articles four stories of
350-714 articles (~27,000 sentences) are touched by every poll, against a budget of
~11,000 sentences. Taken in turn they push each other and every small story out,
so the small stories are rebuilt from their articles again and again, while the
big ones are read back from their stored state anyway. Reading a stored state back
costs about a seventh of rebuilding the same sentences (below), so a big story
with a stored state should make room first, and the small stories stay.

Why no fixed per-story share of the budget: a share would drop a big story even
when nothing else wants the memory (a breaking story that gets every arrival),
and still let two stories just under the share crowd the rest out. Pricing each
state by what bringing it back costs decides both cases from the same numbers.

Each kept state gets a priority `floor + cost per sentence` when it is touched (a
state's bytes are estimated from its sentences, `kept.BYTES_PER_SENTENCE`); the
lowest goes first (the least recently touched among equals), and the floor rises
to the priority of each state dropped, so an untouched state's old priority falls
behind every fresh one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# CPU to rebuild a story's state from its stored articles, per sentence: reading the
# articles (decoding their annotations) and folding them. Measured on the watcher's
# 5,000-page database (benchmarks/story_restore_cost.py, load ~10): a 348-article story of
# 4,918 sentences 358 ms read + 3,109 ms fold = 0.70 ms a sentence; a 40-article one
# 0.50; one-article stories 0.4-0.6.
REBUILD_MS_PER_SENTENCE = 0.70
# CPU to read a stored state back (unpickle, `story/snapshot.py`), per sentence:
# the same 348-article story 477 ms (0.097 ms a sentence), the 40-article one 95 ms
# (0.11); reading the blob from SQLite is a few ms besides.
READ_BACK_MS_PER_SENTENCE = 0.10


@dataclass
class Restore:
    """What bringing a dropped state back would cost: its sentences, and whether a
    stored state `lag` articles behind it can be read back (else it is rebuilt)."""

    sentences: int
    articles: int
    stored: bool
    lag: int = 0

    def cost_ms(self) -> float:
        if not self.stored:
            return self.sentences * REBUILD_MS_PER_SENTENCE
        behind = self.sentences * min(self.lag, self.articles) / max(1, self.articles)
        return self.sentences * READ_BACK_MS_PER_SENTENCE + behind * REBUILD_MS_PER_SENTENCE


@dataclass
class CostAware:
    """The priorities of the kept states (story id -> priority) and the rising floor."""

    priority: dict[str, float] = field(default_factory=dict)
    floor: float = 0.0

    def touched(self, story_id: str, restore: Restore) -> None:
        """The state was just used: priced afresh, above every state not touched since."""
        self.priority[story_id] = self.floor + restore.cost_ms() / max(1, restore.sentences)

    def victim(self, kept: Iterable[str]) -> str:
        """The state to drop: the lowest priority, the least recently touched of equals
        (`kept` is in touch order, oldest first). A state never priced counts as
        priced now as a rebuild, the dearest kind."""
        best: str | None = None
        best_priority = 0.0
        for story_id in kept:
            value = self.priority.get(story_id)
            if value is None:
                value = self.floor + REBUILD_MS_PER_SENTENCE
                self.priority[story_id] = value
            if best is None or value < best_priority:
                best, best_priority = story_id, value
        if best is None:
            raise ValueError("no kept state to drop")
        return best

    def dropped(self, story_id: str) -> None:
        self.floor = max(self.floor, self.priority.pop(story_id, self.floor))

    def forget(self, story_id: str) -> None:
        self.priority.pop(story_id, None)

    def clear(self) -> None:
        self.priority.clear()
