"""One event of the timeline fold (`story.timeline_fold`): its date, its tellings in
reading order and how each reached it, and the names the fold's journal uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.isodate import parse_iso
from storyline.model import Precision
from storyline.story.features import SentenceInfo

__all__ = ["FRAME_HOP", "LEAD_HOP", "Day", "Entry", "FoldEvent", "Key", "Links"]

Day = date  # (FoldEvent has a field named `date`)
Key = tuple[str, int]
Links = dict[Key, list[Key]]
# One undone change: an operation name and what it needs to be reverted (see `_undo`).
Entry = tuple[Any, ...]


@dataclass
class FoldEvent:
    number: int  # creation order: unique among the fold's events, live or closed (`TimelineFold.opened`)
    date: str | None
    date_end: str | None
    precision: Precision
    lead_event: bool = False  # opened by an undated lead (dated candidates never join it)
    first: SentenceInfo | None = None  # the first dated telling: later ones are compared with it
    evidence: list[SentenceInfo] = field(default_factory=list)  # in reading order
    said: dict[Key, str] = field(default_factory=dict)  # per telling: the date as written ("" if none)
    hops: dict[Key, int] = field(default_factory=dict)  # 0 dated, 1-2 reached through links, 9 a lead
    dated: list[SentenceInfo] = field(default_factory=list)
    text: str = ""
    entity_ids: list[str] = field(default_factory=list)
    when: Day = Day.max  # the first day it may be on: the timeline's order
    context: bool = False
    context_for: Day | None = None  # the story start `context` was judged against

    def __post_init__(self) -> None:
        when = parse_iso(self.date or self.date_end)
        self.when = when.first_day() if when else Day.max

    def day(self) -> Day | None:
        when = parse_iso(self.date or self.date_end)
        return when.first_day() if when is not None and when.precision == "day" else None

    def add(self, s: SentenceInfo, said: str, hop: int) -> None:
        self.hops[s.key] = hop
        self.said[s.key] = said
        at = len(self.evidence)
        while at > 0 and (self.evidence[at - 1].position, self.evidence[at - 1].index) > (
            s.position,
            s.index,
        ):
            at -= 1
        self.evidence.insert(at, s)


LEAD_HOP = 9
# A report frame ("Об этом сообщил …") rides with the telling it reports: never reached
# through links, never claimed (see `story.timeline.report_frames`).
FRAME_HOP = LEAD_HOP + 1
