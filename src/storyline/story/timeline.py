"""The story's timeline: dated happenings, one event per happening, with evidence.

An event is a sentence that carries a resolved date (or inherits one from the
sentence before: "Тогда …", "В ту же ночь …") and a predicate (a verb).
Sentences of several articles that report the same happening — same date and
restated content — become one event with several pieces of evidence.
Happenings far before the story (a 2010 precedent in a quote) stay on the
timeline as `context`, apart from the story's own days.

The steps live in their own modules: `timeline_dates` (which date dates a
sentence), `timeline_candidates` (the dated tellings of each article),
`timeline_events` (an event and when two tellings are one), `timeline_placing`
(undated tellings placed on events), `timeline_text` (an event's text, entities,
context). This module runs them in order; the names the fold (`timeline_fold`)
uses are importable from here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from storyline.isodate import PartialDate, parse_iso
from storyline.model import Evidence, TimelineEvent
from storyline.story.features import SentenceInfo
from storyline.story.happenings import merge_happenings
from storyline.story.similarity import Idf
from storyline.story.timeline_candidates import (
    LEAD_DAYS,
    Candidate,
    event_candidates,
    news_day_tellings,
    report_frames,
)
from storyline.story.timeline_dates import hypothetical, news_day
from storyline.story.timeline_events import _Event, _main_verbs, _related, _same_claim
from storyline.story.timeline_placing import (
    UNDATED_HOPS,
    _add_undated_restatements,
    _attach_report_frames,
    _place_leads,
)
from storyline.story.timeline_text import _PRECISION_RANK, _entity_ids, _event_text, _is_context

__all__ = [
    "LEAD_DAYS",
    "UNDATED_HOPS",
    "_PRECISION_RANK",
    "Candidate",
    "_Event",
    "_entity_ids",
    "_event_text",
    "_is_context",
    "_main_verbs",
    "_related",
    "_same_claim",
    "build_timeline",
    "event_candidates",
    "hypothetical",
    "news_day",
    "news_day_tellings",
    "report_frames",
]


def build_timeline(
    ordered: Sequence[list[SentenceInfo]],
    idf: Idf,
    links: dict[tuple[str, int], list[tuple[str, int]]],
    story_start: PartialDate | None,
    published: Mapping[str, date | None] | None = None,
) -> list[TimelineEvent]:
    """Events in chronological order; `ordered` holds each article's sentences, in reading order;
    `published` the articles' publication days (for dates relative to the previous event)."""
    events: list[_Event] = []
    for s, said, start, end, precision in event_candidates(ordered, published):
        home = next(
            (
                ev
                for ev in events
                # compared with the event's first telling, not any: chains of
                # partial overlaps joined a minister's resignation, his successor's
                # appointment and the queen's approval on bsnlp Brexit
                if ev.same_date(start, end) and _related(s, ev.evidence[0], idf, links)
            ),
            None,
        )
        if home is None:
            home = _Event(start, end, precision)
            events.append(home)
        home.evidence.append(s)
        home.said.append(said)
    _add_undated_restatements(events, ordered, links, idf)
    _place_leads(events, ordered, links, idf, published or {})
    _attach_report_frames(events, ordered, published or {})
    events = merge_happenings(events, idf, _main_verbs)
    anchor = story_start.first_day() if story_start else None

    def order(ev: _Event) -> tuple[date, int, int, int]:
        when = parse_iso(ev.date or ev.date_end)
        first = ev.evidence[0]
        return (
            when.first_day() if when else date.max,
            _PRECISION_RANK[ev.precision],
            first.position,
            first.index,
        )

    out = []
    for ev in sorted(events, key=order):
        out.append(
            TimelineEvent(
                date=ev.date,
                date_end=ev.date_end,
                precision=ev.precision,
                text=_event_text(ev, idf),
                evidence=[Evidence(s.article_id, s.start, s.end) for s in ev.evidence],
                entity_ids=_entity_ids(ev),
                context=_is_context(ev, anchor),
            )
        )
    return out
