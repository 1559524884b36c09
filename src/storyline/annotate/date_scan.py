"""Finding time expressions: explicit dates first (longest span wins), then the
relation word before each, then "с X по Y" joined into one interval, then the
relative words that overlap nothing explicit. Nothing is resolved here."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from storyline.annotate import date_grammar as g
from storyline.annotate.date_anchors import Anchors
from storyline.annotate.date_anchors import finditer as anchored
from storyline.model import DateRelation


@dataclass
class Found:
    """One matched expression before resolution."""

    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    relation: DateRelation = "on"
    core_start: int = -1
    joined: Found | None = None  # the "по 7 января" half of "с 5 января по 7 января"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def explicit(self) -> bool:
        return self.kind not in ("day_word", "ago", "weekday", "this_unit", "after", "day_of_month")


# ------------------------------------------------------------------ scanning


def _licensed(text: str, m: re.Match[str], kind: str) -> bool:
    if kind == "month":
        return g.MONTH_LICENSE.search(text, max(0, m.start() - 40), m.start()) is not None
    if kind == "bare_year":
        return g.bare_year_ok(text, m.start(), m.end())
    if kind == "holiday":  # a holiday's name is capitalised: "День Победы", not "день победы"
        return text[m.start()].isupper()
    return True


class _Taken:
    """Characters covered by kept spans. A lookup costs the span's length, not the
    number of spans kept, so selection stays linear in the text (issue #15: the
    pairwise check made date-dense texts quadratic)."""

    def __init__(self, size: int) -> None:
        self.marks = bytearray(size + 1)

    def free(self, start: int, end: int) -> bool:
        return start >= end or self.marks.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)


def _select(found: list[Found], size: int) -> list[Found]:
    """Longest span first, then earliest; drop anything overlapping a kept span."""
    kept: list[Found] = []
    taken = _Taken(size)
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if taken.free(f.start, f.end):
            taken.take(f.start, f.end)
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _with_prefix(text: str, f: Found) -> Found:
    f.core_start = f.start
    ranged = f.kind in ("night_range", "day_range", "year_range")
    if ranged:
        f.relation = "night_of" if f.kind == "night_range" else "on"
        if not text[f.start].isdigit():
            return f  # "с 5 по 7 января" carries its own preposition
    m = g.PREFIX.search(text, max(0, f.start - 40), f.start)
    if m is None:
        return f
    relation = next(name for name, value in m.groupdict().items() if value is not None)
    if ranged and relation not in ("on", "around"):
        return f
    f.start = m.start()
    f.relation = relation  # type: ignore[assignment]
    return f


def _join_ranges(text: str, found: list[Found]) -> list[Found]:
    """ "с 5 января по 7 февраля": two dates, one interval."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.explicit
            and f.explicit
            and prev.relation == "since"
            and f.relation == "until"
            and prev.joined is None
            and re.fullmatch(r"[\s\u00a0]*", text[prev.end : f.start])
            and g.RANGE_JOIN.match(" " + text[f.start : f.core_start])
        ):
            prev.joined = f
            prev.end = f.end
            prev.relation = "on"
            continue
        out.append(f)
    return out


def scan(text: str) -> list[Found]:
    """Every time expression in `text`, unresolved, in text order."""
    explicit: list[Found] = []
    anchors = Anchors(text)
    for pattern in g.EXPLICIT:
        for m in anchored(pattern, anchors):
            if _licensed(text, m, pattern.kind):
                explicit.append(Found(m.start(), m.end(), pattern.kind, m.groupdict()))
    size = len(text)
    kept = [_with_prefix(text, f) for f in _select(explicit, size)]
    kept = _join_ranges(text, _select(kept, size))
    taken = _Taken(size)
    for k in kept:
        taken.take(k.start, k.end)
    relative: list[Found] = []
    for pattern in g.RELATIVE:
        for m in anchored(pattern, anchors):
            if taken.free(m.start(), m.end()):
                relative.append(Found(m.start(), m.end(), pattern.kind, m.groupdict(), core_start=m.start()))
    found = sorted(kept + _select(relative, size), key=lambda f: f.start)
    _remember(text, [(f.start, f.end) for f in found])
    return found


# The quantity stage needs the date spans of the text the date stage has just
# scanned; keeping the last few saves the second scan (~3 ms per NEREL document).
_RECENT: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()
_RECENT_SIZE = 8


_RECENT_LOCK = threading.Lock()


def _remember(text: str, spans: list[tuple[int, int]]) -> None:
    with _RECENT_LOCK:
        _RECENT[text] = spans
        _RECENT.move_to_end(text)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of time expressions, for stages that must not read them as numbers."""
    with _RECENT_LOCK:
        spans = _RECENT.get(text)
    if spans is None:
        spans = [(f.start, f.end) for f in scan(text)]
    return list(spans)
