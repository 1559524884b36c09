"""The story's timeline: dated happenings, one event per happening, with evidence.

An event is a sentence that carries a resolved date (or inherits one from the
sentence before: "Тогда …", "В ту же ночь …") and a predicate (a verb).
Sentences of several articles that report the same happening — same date and
restated content — become one event with several pieces of evidence.
Happenings far before the story (a 2010 precedent in a quote) stay on the
timeline as `context`, apart from the story's own days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.isodate import PartialDate, parse_iso
from storyline.model import DateMention, Evidence, Precision, TimelineEvent
from storyline.story.compress import MIN_CHARS, compress
from storyline.story.features import SentenceInfo, norm_lemma, relative_clause_tokens
from storyline.story.similarity import Idf

# Openers that carry the previous sentence's date over ("Тогда он обратился …").
INHERIT_OPENERS = (
    "тогда", "в тот же день", "в ту же ночь", "в тот день", "в этот же день", "тем же днем",
    "в тот момент", "в это время", "там же",
)
# An event this long before the story's first publication is background
# (`context`). 90 days: the seeds' precedents lie 15 months (October 2020) and
# 12 years (2010) back while their own happenings span the week before
# publication; a quarter leaves room for a crisis that built up over weeks.
CONTEXT_DAYS = 90
# Two dated sentences are the same happening when one restates the other:
# containment of one in the other at least this high, with the same date and a
# shared verb (sentences linked by novelty merge regardless).
MERGE_COVER = 0.5


@dataclass
class _Event:
    date: str | None
    date_end: str | None
    precision: Precision
    evidence: list[SentenceInfo] = field(default_factory=list)

    def same_date(self, date: str | None, date_end: str | None) -> bool:
        return (self.date, self.date_end) == (date, date_end)


def _pick_date(s: SentenceInfo) -> DateMention | None:
    """The date of the sentence's main happening: the first one outside relative clauses."""
    # A relative date ("накануне") anchored on a month-precise publication
    # resolves only to the month: it places nothing, so it does not date an event.
    usable = [
        d for d in s.dates
        if (d.value or d.value_end) and d.precision != "unknown" and not (d.relative and d.precision != "day")
    ]
    if not usable:
        return None
    relative = relative_clause_tokens(s.tokens)
    rel_spans = [(s.tokens[i].start, s.tokens[i].end) for i in relative]

    def in_relative(d: DateMention) -> bool:
        return any(a <= d.start < b for a, b in rel_spans)

    # A date only in a relative clause ("кабинет Мэй, который она возглавляет с
    # 2016 года") dates a side remark, not what the sentence reports.
    main = [d for d in usable if not in_relative(d)]
    return main[0] if main else None


def _date_of(d: DateMention) -> tuple[str | None, str | None, Precision]:
    if d.relation in ("until", "before") and d.value_end is None:
        return None, d.value, d.precision
    if d.relation in ("until", "before") and d.value_end is not None and d.value == d.value_end:
        return None, d.value_end, d.precision
    return d.value, d.value_end, d.precision


def _verb_lemmas(s: SentenceInfo) -> set[str]:
    return {norm_lemma(t.lemma) for t in s.verbs()}


def event_candidates(ordered: Sequence[list[SentenceInfo]]) -> list[tuple[SentenceInfo, str | None, str | None, Precision]]:
    """(sentence, date, date_end, precision) for every dated sentence with a predicate, in reading order."""
    out: list[tuple[SentenceInfo, str | None, str | None, Precision]] = []
    for sentences in ordered:
        previous: tuple[str | None, str | None, Precision] | None = None
        for s in sentences:
            if s.kind != "text":
                previous = None
                continue
            picked = _pick_date(s)
            dated = _date_of(picked) if picked is not None else None
            if dated is None and previous is not None and s.starts_with(*INHERIT_OPENERS):
                dated = previous
            if dated is not None and s.verbs():
                out.append((s, *dated))
            previous = dated
    return out


def _related(a: SentenceInfo, b: SentenceInfo, idf: Idf, links: dict[tuple[str, int], list[tuple[str, int]]]) -> bool:
    if b.key in links.get(a.key, ()) or a.key in links.get(b.key, ()):
        return True
    if not _verb_lemmas(a) & _verb_lemmas(b):
        return False
    return max(idf.cover(a, b, figures=False), idf.cover(b, a, figures=False)) >= MERGE_COVER


def _is_context(ev: _Event, story_start: date | None) -> bool:
    if story_start is None:
        return False
    last = parse_iso(ev.date_end or ev.date)
    return last is not None and last.last_day() < story_start - timedelta(days=CONTEXT_DAYS)


_ANAPHORIC = ("он ", "она ", "оно ", "они ", "это ", "там ", "тогда ", "его ", "ее ", "их ")


def _event_text(ev: _Event) -> str:
    """The shortest telling that stands on its own (not "Он обратился …" when another names him)."""
    texts = [compress(s.text, frozenset(t.text.lower() for t in s.verbs())) for s in ev.evidence]
    good = [t for t in texts if len(t) >= MIN_CHARS] or texts
    named = [t for t in good if not t.lower().startswith(_ANAPHORIC)] or good
    return min(named, key=len)


def _entity_ids(ev: _Event) -> list[str]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s in ev.evidence:
        for m in s.entities:
            if m.entity_id:
                counts[m.entity_id] += 1
                first.setdefault(m.entity_id, len(first))
    return sorted(counts, key=lambda e: (-counts[e], first[e]))


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "unknown": 3}


def build_timeline(
    ordered: Sequence[list[SentenceInfo]],
    idf: Idf,
    links: dict[tuple[str, int], list[tuple[str, int]]],
    story_start: PartialDate | None,
) -> list[TimelineEvent]:
    """Events in chronological order; `ordered` holds each article's sentences, in reading order."""
    events: list[_Event] = []
    for s, start, end, precision in event_candidates(ordered):
        home = next(
            (ev for ev in events if ev.same_date(start, end) and any(_related(s, e, idf, links) for e in ev.evidence)),
            None,
        )
        if home is None:
            home = _Event(start, end, precision)
            events.append(home)
        home.evidence.append(s)
    anchor = story_start.first_day() if story_start else None

    def order(ev: _Event) -> tuple[date, int, int, int]:
        when = parse_iso(ev.date or ev.date_end)
        first = ev.evidence[0]
        return (when.first_day() if when else date.max, _PRECISION_RANK[ev.precision], first.position, first.index)

    out = []
    for ev in sorted(events, key=order):
        out.append(
            TimelineEvent(
                date=ev.date,
                date_end=ev.date_end,
                precision=ev.precision,
                text=_event_text(ev),
                evidence=[Evidence(s.article_id, s.start, s.end) for s in ev.evidence],
                entity_ids=_entity_ids(ev),
                context=_is_context(ev, anchor),
            )
        )
    return out
