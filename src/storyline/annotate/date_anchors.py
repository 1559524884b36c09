"""Where a date pattern can start, found cheaply, so its regex runs only there.

`date_scan.scan` runs every pattern of `date_grammar` over the whole text, and a
pattern that opens with a lookbehind or an alternation makes the regex engine try
it at every character (round 9's py-spy: `scan` was 7.6 % of an annotation
worker; on bsnlp-ru the day-first patterns cost 0.4 s each over the corpus). Most
patterns can only start at a few places: the start of a run of digits, or a word
that begins with a month, an ordinal or a holiday stem. `finditer` here tries the
pattern's regex only at such places, in text order, exactly as `regex.finditer`
would (the same matches: a regex can only match where its first character can
be, and every place it could is tried), and skips a pattern whose required word
the text lacks.

What each pattern needs is written against its exact source below: a pattern
whose source is not listed (one added or changed in `date_grammar`) is run over
the whole text as before, never filtered on a stale reading.

Stems are looked up in `text.lower()`. That finds every place an IGNORECASE regex
can match a lower-case literal except for the few characters the regex engine
also folds ("ᲀ" for "в", "ı" for "i", ...: `_FOLDED`, computed over all of Unicode
in `tests/annotate/test_date_anchors.py`); a text holding one of them, or whose
lower case changes length, is scanned whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from functools import cache, cached_property

from storyline.annotate import date_grammar as g

# Characters an IGNORECASE regex matches to a Cyrillic or Latin letter although
# their lower case is another character (the full list over Unicode, checked by
# the tests).
_FOLDED = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")
_DIGIT_RUN = re.compile(r"\d+")
_ORDINAL_STEMS = tuple(stem for stem, _ in g._ORDINAL_STEMS)
# Every form `MONTH_RU` allows starts with one of these ("ма" only as май/мая/мае/маю/маем).
_MONTH_RU_STARTS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "май",
    "мая",
    "мае",
    "маю",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
# `MONTH_EN` is case-sensitive; every name and abbreviation starts with one of these.
_MONTH_EN_STARTS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# `HOLIDAYS`: day words (день, дня, дню, днём, днем, дне), and the other openings.
_HOLIDAY_STARTS = ("день", "дн", "международн", "первома", "нов")
_WEEKDAY_STEMS = tuple(stem for stem, _ in g.WEEKDAYS)


def _occurrences(haystack: str, needles: tuple[str, ...]) -> list[int]:
    found: list[int] = []
    for needle in needles:
        at = haystack.find(needle)
        while at != -1:
            found.append(at)
            at = haystack.find(needle, at + 1)
    return found


class Anchors:
    """The places of one text where patterns can start, each computed once."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lower(self) -> str | None:
        """The text in lower case, or None when positions or folding would differ."""
        low = self.text.lower()
        if len(low) != len(self.text) or _FOLDED.search(self.text) is not None:
            return None
        return low

    @cached_property
    def digit_runs(self) -> list[int]:
        return [m.start() for m in _DIGIT_RUN.finditer(self.text)]

    def stems(self, needles: tuple[str, ...]) -> list[int] | None:
        low = self.lower
        return None if low is None else _occurrences(low, needles)

    def has(self, needles: tuple[str, ...]) -> bool | None:
        low = self.lower
        return None if low is None else any(needle in low for needle in needles)

    @cached_property
    def day(self) -> list[int] | None:
        """`DAY`'s starts: a digit run, or a word opening with an ordinal stem."""
        ordinals = self.stems(_ORDINAL_STEMS)
        return None if ordinals is None else sorted(set(self.digit_runs + ordinals))

    @cached_property
    def month_ru(self) -> list[int] | None:
        return self.stems(_MONTH_RU_STARTS)

    @cached_property
    def month_en(self) -> list[int]:
        return sorted(_occurrences(self.text, _MONTH_EN_STARTS))


# What a pattern's starts are: a sorted list of places (a superset of where it can
# match), [] when the text lacks what it needs, or None for "anywhere".
Starts = Callable[[Anchors], "list[int] | None"]


def _digits(a: Anchors) -> list[int]:
    return a.digit_runs  # each of these opens with `\d` after a non-digit (or at 0)


def _day(a: Anchors) -> list[int] | None:
    return a.day


def _months(a: Anchors) -> list[int] | None:
    ru = a.month_ru
    return None if ru is None else sorted(set(ru + a.month_en))


def _month_ru(a: Anchors) -> list[int] | None:
    ru = a.month_ru
    return None if ru is None else sorted(set(ru))


def _month_en(a: Anchors) -> list[int]:
    return a.month_en


def _holiday(a: Anchors) -> list[int] | None:
    found = a.stems(_HOLIDAY_STARTS)
    return None if found is None else sorted(set(found))


def _needing(*words: str) -> Starts:
    """Anywhere, but only in a text that holds one of `words` (in any case)."""

    def starts(a: Anchors) -> list[int] | None:
        return None if a.has(words) is not False else []

    return starts


# Each pattern by the SHA-1 of its exact source (first 12 hex digits), with what it
# opens with: a pattern edited in `date_grammar` no longer matches its entry and is
# run over the whole text (`tests/annotate/test_date_anchors.py` names the entries
# left unused, to be read again against the new source and re-pinned).
# fmt: off
_TABLE: tuple[tuple[str, str, Starts], ...] = (
    ("night_range", "c3b2d9dd59eb", _needing("ночь")),  # opens "в ночь с ..."
    ("day_range", "6019daab8d62", _day),                # (?P<d0>{DAY}) - {_DM}
    ("year_range", "f4ba7addde39", _digits),            # (?P<y0>{YEAR}) - (?P<y1>{YEAR}) год
    ("month_range", "6a67d7a06e78", _month_ru),       # (?<![\w]) MONTH_RU [YEAR] - MONTH_RU YEAR
    ("dmy", "e8d06b5c83df", _day),                      # _DM opens with DAY
    ("mdy", "1c6c0944ddae", _month_en),                 # (?<![\w]) MONTH_EN ...
    ("my", "92ea4899ffb9", _months),                    # (?<![\w]) (MONTH_RU | MONTH_EN) YEAR
    ("numeric", "b6fcbf4ce88f", _digits),               # (?<![\d.,/]) day . month . year
    ("iso", "a145ae90c900", _digits),                   # (?<![\d\-./]) \d{4}-
    ("year", "2d2c2d40ec60", _digits),                  # YEAR [-го] год
    ("year", "389bd90bec11", _digits),                  # (?<=\() YEAR
    ("year_range", "722f6332dcd0", _digits),            # (?<![\w\-]) YEAR - YEAR
    ("decade", "89ea774193c5", _digits),                # (?<![\w.,\-]) 1990-х
    ("bare_year", "452dff13f6b4", _digits),             # YEAR
    ("holiday", "fcd5677b93d9", _holiday),              # (?<![\w]) {_HOLIDAY}
    ("month", "696df363a2be", _month_ru),               # (?<![\w]) MONTH_RU
    ("ago", "b7b4ad1ad36c", _needing("назад")),
    ("weekday", "d4fa34364251", _needing(*_WEEKDAY_STEMS)),
)
# fmt: on
_BY_SOURCE: dict[tuple[str, str], Starts] = {(kind, digest): starts for kind, digest, starts in _TABLE}


def source_digest(pattern: g.Pattern) -> str:
    return hashlib.sha1(pattern.regex.pattern.encode("utf-8")).hexdigest()[:12]


@cache
def starts_of(pattern: g.Pattern) -> Starts | None:
    """How `pattern`'s starts are found, or None when it is run over the whole text."""
    return _BY_SOURCE.get((pattern.kind, source_digest(pattern)))


def finditer(pattern: g.Pattern, anchors: Anchors) -> Iterator[re.Match[str]]:
    """`pattern.regex.finditer(text)`, trying the regex only where it can start."""
    text = anchors.text
    how = starts_of(pattern)
    places = None if how is None else how(anchors)
    if places is None:
        yield from pattern.regex.finditer(text)
        return
    end = 0
    match = pattern.regex.match
    for place in places:
        if place < end:
            continue  # inside the last match, where finditer does not look either
        m = match(text, place)
        if m is not None:
            yield m
            end = m.end()  # no date pattern matches the empty string
