"""Tellings without a date of their own, placed on events the dated ones made.

An undated restatement joins the event it restates (through novelty's links), a
news lead joins the event of its publication days that tells the same happening
(or opens one), and a report frame ("Об этом сообщает …") rides with the sentence
it reports. Run after the dated candidates have made their events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from storyline.isodate import parse_iso
from storyline.story.features import SentenceInfo
from storyline.story.similarity import Idf
from storyline.story.timeline_candidates import LEAD_DAYS, news_day_tellings, report_frames
from storyline.story.timeline_dates import news_day
from storyline.story.timeline_events import _Event, _related, _same_claim

__all__ = ["UNDATED_HOPS", "_add_undated_restatements", "_attach_report_frames", "_place_leads"]


# Undated restatements join an event through at most this many restatement
# links (dated telling <- restatement <- restatement of that): two reach every
# telling of the seeds' CSTO appeal; longer chains drift to other matters.
UNDATED_HOPS = 2


def _add_undated_restatements(
    events: list[_Event],
    ordered: Sequence[list[SentenceInfo]],
    links: dict[tuple[str, int], list[tuple[str, int]]],
    idf: Idf,
) -> None:
    """An article that tells a dated happening without its date ("Токаев … обратился к членам
    ОДКБ") reports the same event: it joins as evidence when novelty linked it to the event's
    tellings and it says the same as one of the dated ones both ways round (not a background
    detail the dated sentence merely contains). A sentence joins one event at most."""
    sentence = {s.key: s for sentences in ordered for s in sentences}
    used = {e.key for ev in events for e in ev.evidence}
    linked: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for key, earlier in links.items():
        for prior in earlier:
            linked.setdefault(key, set()).add(prior)
            linked.setdefault(prior, set()).add(key)
    for ev in events:
        dated = list(ev.evidence)
        frontier = list(ev.evidence)
        for _ in range(UNDATED_HOPS):
            found = []
            for e in frontier:
                for key in sorted(
                    linked.get(e.key, ()),
                    key=lambda k: (sentence[k].position, k[1]) if k in sentence else (0, 0),
                ):
                    other = sentence.get(key)
                    if other is None or key in used or other.kind != "text" or not other.verbs():
                        continue
                    if any((d.value or d.value_end) for d in other.dates):
                        continue  # it has a date of its own and was placed by it (or is not a happening)
                    if not any(_same_claim(other, d, idf) for d in dated):
                        continue
                    found.append(other)
                    used.add(key)
            ev.evidence.extend(found)
            ev.said.extend("" for _ in found)
            frontier = found
        order = sorted(range(len(ev.evidence)), key=lambda i: (ev.evidence[i].position, ev.evidence[i].index))
        ev.evidence = [ev.evidence[i] for i in order]
        ev.said = [ev.said[i] for i in order]


def _days_before(ev: _Event, day: date) -> bool:
    """The event is dated to a day at most `LEAD_DAYS` before `day`."""
    when = parse_iso(ev.date or ev.date_end)
    return when is not None and when.precision == "day" and 0 <= (day - when.first_day()).days <= LEAD_DAYS


def _place_leads(
    events: list[_Event],
    ordered: Sequence[list[SentenceInfo]],
    links: dict[tuple[str, int], list[tuple[str, int]]],
    idf: Idf,
    published: Mapping[str, date | None],
) -> None:
    """A news lead without a date of its own tells the day's news ("INTERFAX.RU - Муж
    Асии Биби попросил убежища …"). It joins the event another article dates, when it
    tells the same happening within `LEAD_DAYS` before its publication; else it is an
    event of its publication day."""
    used = {e.key for ev in events for e in ev.evidence}
    for sentences in ordered:
        day = news_day(sentences, published.get(sentences[0].article_id)) if sentences else None
        for s, is_lead in news_day_tellings(sentences, day):
            if day is None or s.key in used:
                continue
            home = next(
                (
                    ev
                    for ev in events
                    if _days_before(ev, day) and any(_related(s, e, idf, links) for e in ev.evidence)
                ),
                None,
            )
            if home is None and not is_lead and links.get(s.key):
                continue  # a restatement of an earlier telling is not the day's news
            if home is None:
                home = _Event(day.isoformat(), None, "day")
                events.append(home)
            home.evidence.append(s)
            home.said.append("")
            used.add(s.key)


def _attach_report_frames(
    events: list[_Event], ordered: Sequence[list[SentenceInfo]], published: Mapping[str, date | None]
) -> None:
    """A report frame joins the event of the sentence it reports as evidence: the event
    then knows its actor or source, while its text stays the telling itself (`_event_text`
    skips frames)."""
    home = {s.key: ev for ev in events for s in ev.evidence}
    for sentences in ordered:
        day = news_day(sentences, published.get(sentences[0].article_id)) if sentences else None
        for frame, told in report_frames(sentences, day):
            ev = home.get(told.key)
            if ev is None or frame.key in home:
                continue
            ev.evidence.append(frame)
            ev.said.append("")
            home[frame.key] = ev
        for ev in {id(e): e for e in home.values()}.values():
            order = sorted(
                range(len(ev.evidence)), key=lambda i: (ev.evidence[i].position, ev.evidence[i].index)
            )
            ev.evidence = [ev.evidence[i] for i in order]
            ev.said = [ev.said[i] for i in order]
