"""A second happening in one sentence: two dates, each governing its own clause.

"Голоса будут подсчитаны Конгрессом 6 января, а спустя две недели, 20 января,
избранный президент принесет присягу" tells two happenings. The timeline dates a
sentence by its main date (`timeline_dates._pick_date`); this module finds the other date
of a sentence that joins a second clause with its own verb ("…, а …", "…; …",
"…, после чего …"), so that clause becomes an event of its own day. A date in the
clause of a telling verb and one in what it tells ("сообщили 14 мая, что 13 мая …")
are one happening (`timeline_dates._frames_report` decides those first).

A second clause may also leave its verb out when it repeats the first one's pattern with a
new day and a new figure ("9 декабря мы получили 400 доз, 12 декабря еще 600 доз"): two
deliveries. Only that parallel shape counts (a figure in each clause, the first clause's
verb between its date and the comma), so an apposition ("в понедельник, 14 декабря") or
a list of one happening's days ("5, 6 и 7 мая") stays one event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.model import DateMention
from storyline.story.features import SentenceInfo

__all__ = ["CLAUSE_JOIN", "GAPPED_JOIN", "second_clause_date"]

# What joins a second main clause to the first: a semicolon, or a comma followed by a
# contrastive or sequential conjunction. A bare comma or "и" is left out: they join
# appositions ("в понедельник, 14 декабря") and enumerations of one happening's dates
# ("в мае и июне").
CLAUSE_JOIN = re.compile(
    r";|,[\s\u00a0]*(?:а|но|однако|затем|потом|после чего|тогда как|в то время как)(?![\w])",
    re.IGNORECASE,
)


# A comma (optionally with "а"/"и") right before the second date: the opening of a gapped
# clause ("…, 12 декабря еще 600 доз").
GAPPED_JOIN = re.compile(r",[\s\u00a0]*(?:(?:а|и)[\s\u00a0]+)?$", re.IGNORECASE)
# Where the gapped clause ends: the next comma, semicolon, dash or sentence end.
CLAUSE_END = re.compile(r"[,;:—–]|[.!?](?:[\s\u00a0]|$)")


def _gapped_parallel(s: SentenceInfo, first: DateMention, d: DateMention, between: str) -> bool:
    """ "9 декабря мы получили 400 доз, 12 декабря еще 600 доз": a verbless clause that
    repeats the first clause's figure pattern on another day of the same precision."""
    if not GAPPED_JOIN.search(between) or d.precision != first.precision:
        return False
    if (d.value, d.value_end) == (first.value, first.value_end):
        return False
    comma = first.end + between.rfind(",")
    head = [t for t in s.tokens if first.end <= t.start and t.end <= comma]
    if not any(t.pos == "VERB" for t in head) or not any(t.pos == "NUM" for t in head):
        return False
    rest = s.text[d.end - s.start :]
    stop = CLAUSE_END.search(rest)
    tail_end = d.end + (stop.start() if stop else len(rest))
    tail = [t for t in s.tokens if d.end <= t.start and t.end <= tail_end]
    return any(t.pos == "NUM" for t in tail) and not any(t.pos in ("VERB", "AUX") for t in tail)


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
            if _gapped_parallel(s, first, d, between):
                return d
            continue
        cut = first.end + joins[-1].end()
        own = [t for t in s.tokens if t.start >= cut and t.pos in ("VERB", "AUX")]
        before = [t for t in s.tokens if t.end <= first.end + joins[-1].start() and t.pos == "VERB"]
        if own and before:
            return d
    return None
