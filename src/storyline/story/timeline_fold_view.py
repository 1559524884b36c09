"""What a timeline fold shows: its kept events rendered, and tellings of one happening
merged (`story.happenings`), each cached per event until the fold changes it.

`story.timeline_fold` keeps the events and tells the view which ones changed
(`forget`); the view never changes an event, so a fold and a rebuild show the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.model import Evidence, Precision, TimelineEvent
from storyline.story.features import SentenceInfo
from storyline.story.happenings import SHARED_PARTICIPANTS, event_participants, event_rank, merge_happenings
from storyline.story.similarity import Idf
from storyline.story.timeline import (
    _PRECISION_RANK,
    _entity_ids,
    _Event,
    _event_text,
    _is_context,
    _main_verbs,
)
from storyline.story.timeline_fold_event import FoldEvent

__all__ = ["TimelineView"]


class TimelineView:
    """Renderings and merge facts of a fold's events, kept per event number."""

    def __init__(self) -> None:
        self._rendered: dict[int, TimelineEvent] = {}
        # Per event: what the happening merge needs of it alone (participants, date rank),
        # dropped with its rendering when an article changes the event's tellings.
        self._merge_facts: dict[int, tuple[set[str], int]] = {}

    def forget(self, number: int) -> None:
        """Event `number`'s tellings changed: render it and ask the merge about it anew."""
        self._rendered.pop(number, None)
        self._merge_facts.pop(number, None)

    def timeline(
        self, events: Sequence[FoldEvent], story_start: date | None, idf: Idf | None = None
    ) -> list[TimelineEvent]:
        """Events in chronological order (first telling, then creation, breaking ties).

        With `idf` (the story's, as of its last article), events that tell one happening
        are shown as one (`story.happenings`). The merge is redone on each call from the
        kept events, which it does not change, so a fold and a rebuild agree."""
        if idf is not None:
            merged = self._merged(events, idf)
            if merged is not None:
                return self._ordered(merged, story_start)

        def order(ev: FoldEvent) -> tuple[date, int, int, int, int]:
            first = ev.evidence[0]
            return (ev.when, _PRECISION_RANK[ev.precision], first.position, first.index, ev.number)

        return [self._render(ev, story_start) for ev in sorted(events, key=order)]

    def _render(self, ev: FoldEvent, story_start: date | None) -> TimelineEvent:
        """A kept event as the story shows it, rendered once until it changes."""
        cached = self._rendered.get(ev.number)
        if cached is None:
            cached = TimelineEvent(
                date=ev.date,
                date_end=ev.date_end,
                precision=ev.precision,
                text=ev.text,
                evidence=[Evidence(s.article_id, s.start, s.end) for s in ev.evidence],
                entity_ids=list(ev.entity_ids),
                context=False,
            )
            self._rendered[ev.number] = cached
        if ev.context_for != story_start:
            ev.context_for = story_start
            ev.context = _is_context(_Event(ev.date, ev.date_end, ev.precision), story_start)
        cached.context = ev.context
        return cached

    def _merged(self, events: Sequence[FoldEvent], idf: Idf) -> list[_Merged] | None:
        """The events after merging tellings of one happening; None when nothing merges.

        An event naming fewer than `SHARED_PARTICIPANTS` entities takes no part in the
        merge: it can neither join another (its own names are too few to share) nor be
        joined (a home's names grow only by what joined it, and the first to join must
        share that many of the home's own). Leaving such events out changes no
        comparison and keeps the others' order, so the result is the same; a story's
        events are mostly such (the 2,000-article benchmark story: all 2,686), and the
        merge is redone on every addition."""
        active = [ev for ev in events if len(self._merge_fact(ev)[0]) >= SHARED_PARTICIPANTS]
        views = [
            _Merged(
                ev.date,
                ev.date_end,
                ev.precision,
                list(ev.evidence),
                [ev.said[s.key] for s in ev.evidence],
                ev,
            )
            for ev in active
        ]
        if len(views) < 2:
            return None
        out = merge_happenings(
            views,
            idf,
            _main_verbs,
            participants=lambda m: self._merge_fact(m.source)[0],
            rank=lambda m: self._merge_fact(m.source)[1],
        )
        if len(out) == len(views):
            return None
        taking_part = {id(ev) for ev in active}
        out.extend(
            _Merged(ev.date, ev.date_end, ev.precision, ev.evidence, [], ev)  # shown as kept
            for ev in events
            if id(ev) not in taking_part
        )
        for m in out:
            if len(m.evidence) != len(m.source.evidence):  # it took in another event's tellings
                m.text = _event_text(_Event(m.date, m.date_end, m.precision, m.evidence, m.said), idf)
                m.entity_ids = _entity_ids(_Event(m.date, m.date_end, m.precision, m.evidence, m.said))
                m.fresh = True
        return out

    def _merge_fact(self, ev: FoldEvent) -> tuple[set[str], int]:
        """A kept event's participants and date rank, remembered until its tellings change
        (the merge asks before it adds another event's tellings to a view of it)."""
        kept = self._merge_facts.get(ev.number)
        if kept is None:
            view = _Merged(
                ev.date, ev.date_end, ev.precision, ev.evidence, [], ev
            )  # its tellings as they are
            kept = self._merge_facts[ev.number] = (event_participants(view), event_rank(view))
        return kept

    def _ordered(self, merged: list[_Merged], story_start: date | None) -> list[TimelineEvent]:
        def order(m: _Merged) -> tuple[date, int, int, int, int]:
            first = m.evidence[0]
            return (m.source.when, _PRECISION_RANK[m.precision], first.position, first.index, m.source.number)

        out = []
        for m in sorted(merged, key=order):
            ev = m.source
            if not m.fresh:
                out.append(self._render(ev, story_start))
                continue
            out.append(
                TimelineEvent(
                    date=m.date,
                    date_end=m.date_end,
                    precision=m.precision,
                    text=m.text,
                    evidence=[Evidence(s.article_id, s.start, s.end) for s in m.evidence],
                    entity_ids=list(m.entity_ids),
                    context=_is_context(_Event(m.date, m.date_end, m.precision), story_start),
                )
            )
        return out


@dataclass
class _Merged:
    """An event as `merge_happenings` sees it: a copy of a kept event's tellings."""

    date: str | None
    date_end: str | None
    precision: Precision
    evidence: list[SentenceInfo]
    said: list[str]
    source: FoldEvent
    text: str = ""
    entity_ids: list[str] = field(default_factory=list)
    fresh: bool = False
