"""How a finished event is shown: its text, its entities, its place on the timeline.

The event's text is the most central of its tellings, compressed; its entities
are ranked by how often its tellings name them; an event long before the story is
`context`. None of this changes which tellings an event holds.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from storyline.isodate import add_days, parse_iso
from storyline.story.compress import MIN_CHARS, compress
from storyline.story.similarity import Idf
from storyline.story.statements import (
    _FRAGMENT,
    named_speaker_text,
    reports_previous,
)
from storyline.story.timeline_events import _Event

__all__ = ["CONTEXT_DAYS", "_PRECISION_RANK", "_entity_ids", "_event_text", "_is_context"]


# An event this long before the story's first publication is background
# (`context`). 90 days: the seeds' precedents lie 15 months (October 2020) and
# 12 years (2010) back while their own happenings span the week before
# publication; a quarter leaves room for a crisis that built up over weeks.
CONTEXT_DAYS = 90


def _is_context(ev: _Event, story_start: date | None) -> bool:
    if story_start is None:
        return False
    last = parse_iso(ev.date_end or ev.date)
    return last is not None and last.last_day() < add_days(story_start, -CONTEXT_DAYS)


# A lowercase word that lost its space before a capitalised one ("2018 годаЕвропарламент
# выступил"): the reader is shown the space (the evidence keeps the source's offsets).
# A word that starts with a capital ("ФедералПресс", "МакКейн") is left as written.
_LOST_SPACE = re.compile(r"(?<![\w-])([а-яё]{4,})(?=[А-ЯЁ][а-яё])")
MEDOID_POOL = 30  # tellings compared to pick an event's text (pairwise: keep it small)
# "После этого он …", "Там …": a telling that needs the sentence before it.
_LEANING = re.compile(
    r"^(?:после этого|после того|в ответ|тогда|там|затем)\b|^\w+(?: \w+)? (?:он|она|они)\b", re.IGNORECASE
)
_ANAPHORIC = ("он ", "она ", "оно ", "они ", "это ", "там ", "тогда ", "его ", "ее ", "их ")


def _event_text(ev: _Event, idf: Idf) -> str:
    """The telling that carries most of what the others say (the event's medoid), compressed;
    among the three most central the shortest that stands on its own (not "Он обратился …",
    not a fragment cut before its clause: "Меркель заявила, что")."""
    tellings = [i for i, s in enumerate(ev.evidence) if not reports_previous(s)] or list(
        range(len(ev.evidence))
    )
    pool = [i for i in tellings if ev.said[i]] or tellings
    pool = pool[:MEDOID_POOL]

    def centrality(i: int) -> float:
        others = [j for j in pool if j != i]
        if not others:
            return 0.0
        return sum(idf.cover(ev.evidence[j], ev.evidence[i], figures=False) for j in others) / len(others)

    ranked = sorted(pool, key=lambda i: (-round(centrality(i), 6), i))
    texts = []
    for i in ranked:
        s, said = ev.evidence[i], ev.said[i]
        verbs = frozenset(t.text.lower() for t in s.verbs())
        whole = named_speaker_text(s)
        text = compress(whole, verbs)
        if said and said.lower() not in text.lower():  # the date was in a dropped clause: keep that clause
            text = compress(whole, verbs, keep_relative=True)
        texts.append(text)
    good = [t for t in texts if len(t) >= MIN_CHARS and not _FRAGMENT.search(t)] or texts
    named = [t for t in good if not t.lower().startswith(_ANAPHORIC) and not _LEANING.search(t)] or good
    return _LOST_SPACE.sub(r"\1 ", min(named[:3], key=len))


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
