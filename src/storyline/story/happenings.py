"""One happening, one event: timeline events that tell the same happening are merged.

`timeline.build_timeline` groups tellings sentence by sentence (same date, a shared
verb and a restatement). Reports of one happening often share neither wording nor
verb ("обратился к членам ОДКБ" / "запросил поддержку у членов ОДКБ"), and one
outlet gives the day while another gives only the month ("в конце февраля" /
"28 февраля"). Two events are one happening when their dates agree (equal, or the
coarser one contains the finer) and they name the same participants doing the same
thing: at least `SHARED_PARTICIPANTS` entities in common, and a shared main verb or
a restated content (idf cover at least `SAME_CONTENT` one way round).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from storyline.isodate import PartialDate, parse_iso
from storyline.model import Precision
from storyline.story.features import SentenceInfo
from storyline.story.similarity import Idf

# Entities two tellings of one happening name in common (actor and what it acts on:
# Токаев and ОДКБ; Газпром, Нафтогаз and the court). One shared name (a country
# every sentence of the story mentions) says nothing about the happening.
SHARED_PARTICIPANTS = 2
# Least share of one telling's content the other restates when they have no main verb
# in common: "Стокгольмский арбитраж … обязал Газпром доплатить" against "Газпром
# проиграл … в Стокгольмском арбитраже" on the naftogaz gold (tuned there and on
# asia-bibi-asylum; brexit-chequers' same-day resignations stay apart at this bar).
# Above 0: `same_happening` skips pairs of tellings with no feature in common.
SAME_CONTENT = 0.4


class EventLike(Protocol):
    date: str | None
    date_end: str | None
    precision: Precision
    evidence: list[SentenceInfo]
    said: list[str]


E = TypeVar("E", bound=EventLike)


def _contains(coarse: PartialDate, fine: PartialDate) -> bool:
    return coarse.first_day() <= fine.first_day() and fine.last_day() <= coarse.last_day()


def compatible_dates(a: EventLike, b: EventLike) -> bool:
    """Same dates, or one is a point date at a coarser precision that contains the other's
    (written, not inherited from a publication day)."""
    if (a.date, a.date_end) == (b.date, b.date_end):
        return True
    if a.date_end or b.date_end or not a.date or not b.date:
        return False
    da, db = parse_iso(a.date), parse_iso(b.date)
    if da is None or db is None or da.precision == db.precision:
        return False
    coarse, fine, finer = (da, db, b) if _rank(da) < _rank(db) else (db, da, a)
    # the finer date must be written in a telling: a lead dated by its publication
    # day does not say that a month's happening was on that day
    return any(finer.said) and _contains(coarse, fine)


_RANKS = {"year": 0, "month": 1, "day": 2}


def _rank(d: PartialDate) -> int:
    return _RANKS.get(d.precision, 3)


def event_participants(ev: EventLike) -> set[str]:
    """The entities an event's tellings name."""
    return {m.entity_id for s in ev.evidence for m in s.entities if m.entity_id}


def same_happening(
    a: EventLike,
    b: EventLike,
    idf: Idf,
    main_verbs: Callable[[SentenceInfo], set[str]],
    *,
    participants_shared: bool = False,
) -> bool:
    """Do two events tell one happening (the module's test)? `participants_shared`: the
    caller has found `SHARED_PARTICIPANTS` entities the two name in common already.

    A pair of tellings passes when one restates the other (cover at least `SAME_CONTENT`
    both ways) or they share a main verb and one restates the other one way. Pairs
    with no feature in common cover nothing either way, and pairs whose covers are both
    under the bar pass neither test: both are skipped before the costlier steps (on a
    150-article story ~40 % of the pairs share no feature and ~6 % reach the bar; the
    merge is redone on every addition)."""
    if not compatible_dates(a, b):
        return False
    if not participants_shared and len(event_participants(a) & event_participants(b)) < SHARED_PARTICIPANTS:
        return False
    for x in a.evidence:
        disjoint = x.content.isdisjoint
        for y in b.evidence:
            if disjoint(y.content):
                continue
            forward, backward = idf.cover(x, y, figures=False), idf.cover(y, x, figures=False)
            if forward < SAME_CONTENT and backward < SAME_CONTENT:
                continue
            if min(forward, backward) >= SAME_CONTENT or main_verbs(x) & main_verbs(y):
                return True
    return False


def merge_happenings(
    events: Sequence[E],
    idf: Idf,
    main_verbs: Callable[[SentenceInfo], set[str]],
    *,
    participants: Callable[[E], set[str]] | None = None,
    rank: Callable[[E], int] | None = None,
) -> list[E]:
    """Events with every telling of one happening under the finest date any of them gives.

    Only events whose dates can be compatible are compared: the same dates, or a point
    date written as a prefix of the other's (a month and its days). An index by date
    keeps this near linear in the number of events: a story of 2,000 articles has
    thousands, and the pipeline redoes the merge on every added article. A caller that
    keeps its events between merges passes `participants` and `rank` remembered per
    event (they depend on an event's tellings alone, not on the IDF): each merge then
    computes them only for the events an article changed, and the IDF-dependent test
    runs only on pairs that share participants (`participants` must give what
    `event_participants` gives: the test does not ask again)."""
    participants_of = participants or event_participants
    rank_of = rank or event_rank
    out: list[E] = []
    exact: dict[tuple[str | None, str | None], list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    parts: list[set[str]] = []  # per kept event: its participants, grown as it takes in others
    for ev in sorted(events, key=lambda e: -rank_of(e)):  # finest first: coarser ones join it
        candidates = set(exact.get((ev.date, ev.date_end), ()))
        if ev.date and not ev.date_end:
            candidates.update(by_prefix.get(ev.date, ()))
        mine = set(participants_of(ev))  # a copy: a kept event's set grows below
        # the participants test first, on kept sets: most date-compatible pairs fail it
        at_home = next(
            (
                i
                for i in sorted(candidates)
                if len(parts[i] & mine) >= SHARED_PARTICIPANTS
                and same_happening(out[i], ev, idf, main_verbs, participants_shared=True)
            ),
            None,
        )
        if at_home is not None:
            parts[at_home] |= mine
        home = out[at_home] if at_home is not None else None
        if home is None:
            at = len(out)
            out.append(ev)
            parts.append(mine)
            exact.setdefault((ev.date, ev.date_end), []).append(at)
            if ev.date and not ev.date_end:
                for cut in _DATE_PREFIXES:
                    if len(ev.date) > cut:
                        by_prefix.setdefault(ev.date[:cut], []).append(at)
            continue
        home.evidence.extend(ev.evidence)
        home.said.extend(ev.said)
        order = sorted(
            range(len(home.evidence)), key=lambda i: (home.evidence[i].position, home.evidence[i].index)
        )
        home.evidence = [home.evidence[i] for i in order]
        home.said = [home.said[i] for i in order]
    return out


# Lengths of the ISO forms a finer point date contains: "2022" and "2022-01" in "2022-01-07".
_DATE_PREFIXES = (4, 7)


def event_rank(ev: EventLike) -> int:
    """How fine the event's date is: year 0, month 1, day 2; -1 undated."""
    d = parse_iso(ev.date or ev.date_end)
    return _rank(d) if d is not None else -1
