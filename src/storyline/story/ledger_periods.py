"""Figures of different time periods are different facts.

"в 2018 году … 58,8 млрд кубометров" and "с октября 2012 года до конца 2018 года …
264,1 млрд" count the same thing for the same subject with the same verb, but for two
periods: neither updates nor contradicts the other. A fact's identity therefore
includes the period its figure is given for, when the sentence says so: the nearest
year, month or interval expression in the figure's sentence. A figure whose sentence
names no period joins the period whose figure it agrees with ("составил порядка 58,8
млрд" in a later text); one that agrees with none is not of a named year's time and is
a fact of its own, never that year's rival.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from storyline.model import DateMention, QuantityMention
from storyline.story.features import SentenceInfo

__all__ = ["ATTRIBUTE_ITEMS", "PERIOD_SLOT", "PERIOD_PRECISIONS", "period_of", "split_by_period"]

# Date mentions that name a period a figure can be given for; a day ("30 мая суд
# постановил …") dates the statement or the happening, not the counted period.
PERIOD_PRECISIONS = frozenset({"year", "month"})
# What a person has rather than what happened: a year in the sentence of an age or a
# number of children dates something else, never the attribute.
ATTRIBUTE_ITEMS = frozenset({"возраст", "ребенок", "ребёнок", "рост", "вес"})
# Slot offset of the second and later periods of one group (the ledger's other splits
# use 1000 and 100 000 per part; a group has far fewer than 1000 periods).
PERIOD_SLOT = 10_000_000


class _Figure(Protocol):
    q: QuantityMention
    s: SentenceInfo

    item: str | None


Period = tuple[str | None, str | None, str]


def period_of(e: _Figure) -> Period | None:
    """(value, value_end, relation) of the period expression nearest to the figure in its
    sentence: "в 2018 году" and "до конца 2018 года" are two periods."""
    best: DateMention | None = None
    for d in e.s.dates:
        if d.value_end is None and d.precision not in PERIOD_PRECISIONS:
            continue
        if d.value is None and d.value_end is None:
            continue
        if best is None or abs(d.start - e.q.start) < abs(best.start - e.q.start):
            best = d
    return None if best is None else (best.value, best.value_end, best.relation)


F = TypeVar("F", bound=_Figure)


def split_by_period(
    group: Sequence[F], agree: Callable[[QuantityMention, QuantityMention], bool]
) -> list[list[F]]:
    """The group as one part per period, or as it is when its periods do not tell
    different figures apart (one figure told with two periods stays one fact)."""
    periods: dict[Period, list[F]] = {}
    loose: list[F] = []
    for e in group:
        # an attribute ("51-летняя", "пятеро детей") has no period of its own: a year in
        # its sentence dates something else ("46-летняя Биби, приговорённая в 2010 году")
        p = None if e.item in ATTRIBUTE_ITEMS else period_of(e)
        if p is None:
            loose.append(e)
        else:
            periods.setdefault(p, []).append(e)
    if not periods:
        return [list(group)]
    parts = list(periods.values())
    (only,) = periods if len(periods) == 1 else (None,)
    # A lone named period sets figures apart only when it is a year or an interval, a span
    # a figure is summed over: a month in the sentence more often dates the happening
    # ("в конце декабря Украина подписала контракт на поставку 1,8 млн доз" rivals
    # "получит 1,9 миллиона доз")
    if only is not None and only[1] is None and "-" in (only[0] or ""):
        return [list(group)]
    if len(parts) == 1:
        # one named period and figures that name none: a figure that agrees with the
        # period's joins it; one that does not is not of the same time ("€275 млн … в
        # 2018" vs "600 млн евро … в самом начале реализации проекта"), so the figures
        # without a period are a part of their own, never the named period's rivals
        apart = [e for e in loose if not any(agree(o.q, e.q) for o in parts[0])]
        if not apart:
            return [list(group)]
        apart_ids = {id(e) for e in apart}
        keep = [e for e in group if id(e) not in apart_ids]
        return [keep, apart] if id(group[0]) not in apart_ids else [apart, keep]
    # periods apart only where their figures differ: "58,8 млрд в 2018 году" twice with
    # two period phrases is still one figure
    if all(agree(a.q, b.q) for x in parts for y in parts if x is not y for a in x for b in y):
        return [list(group)]
    for e in loose:
        homes = [p for p in parts if any(agree(o.q, e.q) for o in p)]
        if len(homes) == 1:
            homes[0].append(e)
        else:
            parts.append([e])
    order = {id(e): n for n, e in enumerate(group)}
    merged = [sorted(p, key=lambda e: order[id(e)]) for p in parts]
    return sorted(merged, key=lambda p: order[id(p[0])])
