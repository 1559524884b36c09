"""A yearless day or month followed by a year named relative to the writing:
"до 1 января будущего года", "15 марта следующего года", "в мае прошлого года".

Without this reading the day took the year nearest the publication (`dates._with_year`),
so "до 1 января будущего года" in a July article was the 1 January just past. The
relative year counts from the publication (a deictic word: "будущий год" is the one
after the year of writing), and the words join the date's span. A month marked past
before it ("прошлого марта") is the latest one before the publication (`past_marked`).
"""

from __future__ import annotations

import re
from datetime import date

from storyline.annotate.date_scan import Found
from storyline.isodate import PartialDate

# Kinds of match whose year may be named so: a day and month ("1 января"), a month alone.
YEAR_WORD_KINDS = frozenset({"dmy", "month"})
# The year words after the date, genitive as a date's year is: "1 января будущего года".
_YEAR_WORD = re.compile(
    r"[\s\u00a0]+(?P<mod>прошлого|минувшего|прошедшего|этого|текущего|нынешнего|следующего|будущего)"
    r"[\s\u00a0]+года(?![\w])",
    re.IGNORECASE,
)
# Year steps of the words, from the year of writing.
_STEPS = (
    (("прошл", "минувш", "прошедш"), -1),
    (("эт", "текущ", "нынешн"), 0),
    (("следующ", "будущ"), 1),
)


def year_word(text: str, end: int) -> tuple[int, int] | None:
    """(year step, end of the words) when a relative year word follows the date ending at `end`."""
    m = _YEAR_WORD.match(text, end)
    if m is None:
        return None
    mod = m.group("mod").lower()
    step = next(s for prefixes, s in _STEPS if mod.startswith(prefixes))
    return step, m.end()


def with_year_word(value: PartialDate | None, step: int, published: PartialDate | None) -> PartialDate | None:
    """The date's day and month in the year `step` years from the publication's."""
    if value is None or published is None or value.month is None:
        return value
    year = published.year + step
    try:
        date(year, value.month, value.day or 1)
    except ValueError:
        return None  # "29 февраля следующего года" of a year without one
    return PartialDate(year, value.month, value.day)


def year_worded(
    text: str, f: Found, value: PartialDate | None, published: PartialDate | None
) -> PartialDate | None:
    """ "до 1 января будущего года", "в мае прошлого года": a yearless day or month in the
    year the words name from the publication's; the words join the mention's span."""
    if f.kind not in YEAR_WORD_KINDS or f.groups.get("y1") or f.joined is not None:
        return value
    worded = year_word(text, f.end)
    if worded is None:
        return value
    step, end = worded
    f.end = end
    return with_year_word(value, step, published)


# "в конце минувшего октября", "прошлого марта": a month marked as past is the latest
# one before the publication, even when a yearless month would otherwise be read ahead.
_PAST_MONTH = re.compile(r"(?:минувш|прошл|прошедш)\w*[\s\u00a0]+$", re.IGNORECASE)


def past_marked(
    text: str, f: Found, value: PartialDate | None, published: PartialDate | None
) -> PartialDate | None:
    if (
        value is None
        or published is None
        or f.kind != "month"
        or value.month is None
        or not _PAST_MONTH.search(text, max(0, f.core_start - 16), f.core_start)
    ):
        return value
    if (value.year, value.month) >= (published.year, published.month or 12):
        return PartialDate(value.year - 1, value.month)
    return value
