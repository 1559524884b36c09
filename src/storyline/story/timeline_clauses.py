"""A second happening in one sentence: two dates, each governing its own clause.

"Голоса будут подсчитаны Конгрессом 6 января, а спустя две недели, 20 января,
избранный президент принесет присягу" tells two happenings. The timeline dates a
sentence by its main date (`timeline_dates._pick_date`); this module finds the other date
of a sentence that joins a second clause with its own verb ("…, а …", "…; …",
"…, после чего …"), so that clause becomes an event of its own day. A date in the
clause of a telling verb and one in what it tells ("сообщили 14 мая, что 13 мая …")
are one happening (`timeline_dates._frames_report` decides those first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.model import DateMention
from storyline.story.features import SentenceInfo

__all__ = ["CLAUSE_JOIN", "second_clause_date"]

# What joins a second main clause to the first: a semicolon, or a comma followed by a
# contrastive or sequential conjunction. A bare comma or "и" is left out: they join
# appositions ("в понедельник, 14 декабря") and enumerations of one happening's dates
# ("в мае и июне").
CLAUSE_JOIN = re.compile(
    r";|,[\s\u00a0]*(?:а|но|однако|затем|потом|после чего|тогда как|в то время как)(?![\w])",
    re.IGNORECASE,
)


def second_clause_date(
    s: SentenceInfo,
    first: DateMention,
    dates: Sequence[DateMention],
    frames_report: Callable[[SentenceInfo, DateMention, DateMention], bool],
) -> DateMention | None:
    """The date after `first` that governs a clause of its own, or None."""
    for d in dates:
        if d.start < first.end or frames_report(s, first, d):
            continue
        between = s.text[first.end - s.start : d.start - s.start]
        joins = list(CLAUSE_JOIN.finditer(between))
        if not joins:
            continue
        cut = first.end + joins[-1].end()
        own = [t for t in s.tokens if t.start >= cut and t.pos in ("VERB", "AUX")]
        before = [t for t in s.tokens if t.end <= first.end + joins[-1].start() and t.pos == "VERB"]
        if own and before:
            return d
    return None
