"""Published dates as inputs give them, parsed to a `PartialDate` of honest precision.

`2022-01` stays a month, `2022` a year; anything with a day (ISO datetimes, RFC 822
from feeds, `07.01.2022`, `7 января 2022`) is a day. A datetime keeps the calendar
date written in its own offset: `2022-01-07T23:30+06:00` was the 7th for the outlet,
even though it was the 6th in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from storyline.isodate import PartialDate, parse_iso
from storyline.reasons import Reason, reason

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|MSK|[+-]\d{2}:?\d{2})?"
_TIME = r"(?:[T ]" + _CLOCK + r")?"
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + r"$", re.I)
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T\d{4,6}(?:Z|[+-]\d{4})?)?$", re.I)
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _TIME + r"$", re.I)
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})" + _TIME + r"$", re.I)
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:г\.?|год|year))?$", re.I)

# Month names: Russian (nominative and genitive, with common abbreviations) and English.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "январь января янв january jan",
        "февраль февраля фев февр february feb",
        "март марта мар march mar",
        "апрель апреля апр april apr",
        "май мая may",
        "июнь июня июн june jun",
        "июль июля июл july jul",
        "август августа авг august aug",
        "сентябрь сентября сен сент september sep sept",
        "октябрь октября окт october oct",
        "ноябрь ноября ноя нояб november nov",
        "декабрь декабря дек december dec",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WORD = r"([a-zа-яё]+)\.?"
_YEAR_WORD = r"(?:\s*г(?:ода?)?\.?)?"
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\s+" + _WORD + r",?\s+(\d{4})" + _YEAR_WORD + r"(?:,?\s+(?:в\s+)?" + _CLOCK + r")?$", re.I
)
_MONTH_DAY_YEAR = re.compile(
    r"^" + _WORD + r"\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?" + _CLOCK + r")?$", re.I
)
_MONTH_YEAR = re.compile(r"^" + _WORD + r",?\s+(\d{4})" + _YEAR_WORD + r"$", re.I)
_WEEKDAY_PREFIX = re.compile(r"^[a-zа-яё]+\.?,\s*", re.I)

# Unix timestamps (seconds) are accepted between 1990 and 2100; an integer below
# 10000 is a year. Anything else numeric is ambiguous and rejected.
_EPOCH_MIN = 631_152_000
_EPOCH_MAX = 4_102_444_800

# Publication years a news article can have. 1700: the oldest Russian newspaper
# (Петровские «Ведомости») dates from 1702-03, so an earlier year is a typo or a
# placeholder ("0001-01-01" from a database default). 2100: the same end as the
# Unix timestamps above; a later year is a typo ("2202") or a sentinel
# ("9999-12-31"). Both bounds stay far from what `datetime.date` can hold, so
# relative dates ("завтра", "10 лет назад") and story spans computed from a
# publication date never come near an overflow.
MIN_PUBLISHED_YEAR = 1700
MAX_PUBLISHED_YEAR = 2100


def _day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def read_published(value: object) -> tuple[PartialDate | None, Reason | None]:
    """(date, None) for a readable published value, else (None, the exact reason)."""
    parsed = parse_published(value)
    if parsed is None:
        return None, reason("bad_date", value=_short(value))
    if not MIN_PUBLISHED_YEAR <= parsed.year <= MAX_PUBLISHED_YEAR:
        return None, reason(
            "date_out_of_range",
            value=_short(value),
            year=parsed.year,
            min=MIN_PUBLISHED_YEAR,
            max=MAX_PUBLISHED_YEAR,
        )
    return parsed, None


def _short(value: object, limit: int = 80) -> str:
    """The value as the input wrote it, cut for a one-line message. A huge integer
    is described, not printed: 400 digits would fill the screen, and past 4300
    Python refuses to convert it to text at all."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _HUGE_BITS:
        try:
            digits = str(abs(value))
        except ValueError:
            return "an integer of more than 4300 digits"
        return f"{'-' if value < 0 else ''}{digits[:12]}... ({len(digits)} digits)"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Integers longer than this (about 60 digits) are described by their length.
_HUGE_BITS = 200


def parse_published(value: object) -> PartialDate | None:
    """A `PartialDate` for a published value, or None when it cannot be read.

    Accepts strings in the forms listed in docs/ingest.md, an integer year, or an
    integer/float Unix timestamp. Missing values are the caller's business: this
    function is only called on something that is there.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_number(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    return _from_text(text)


def _from_number(value: float) -> PartialDate | None:
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, int) and not -(10**12) < value < 10**12:
        return None  # no year nor timestamp, and float() of a 400-digit int overflows
    if float(value).is_integer() and 1 <= value <= 9999:
        return PartialDate(int(value))
    if _EPOCH_MIN <= value <= _EPOCH_MAX:
        stamp = datetime.fromtimestamp(float(value), tz=UTC)
        return PartialDate(stamp.year, stamp.month, stamp.day)
    return None


def _from_text(text: str) -> PartialDate | None:
    if m := _ISO_DAY.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO_MONTH.match(text):
        return parse_iso(f"{m[1]}-{int(m[2]):02d}")
    if m := _YEAR.match(text):
        year = int(m[1])
        return PartialDate(year) if year >= 1 else None
    if m := _ISO_BASIC.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD_SLASH.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(text):
        # Day first, as in Russian and European usage; `01/07/2022` is 1 July.
        return _day(int(m[3]), int(m[2]), int(m[1]))
    if m := _MY.match(text):
        month = int(m[1])
        return PartialDate(int(m[2]), month) if 1 <= month <= 12 else None
    return _from_words(text)


def _from_words(text: str) -> PartialDate | None:
    if "," in text[:5] or _WEEKDAY_PREFIX.match(text):
        rfc = _rfc822(text)
        if rfc:
            return rfc
        text = _WEEKDAY_PREFIX.sub("", text)
    if m := _DAY_MONTH_YEAR.match(text):
        month = _month(m[2])
        if month is None:
            return _rfc822(text)
        return _day(int(m[3]), month, int(m[1]))
    if m := _MONTH_DAY_YEAR.match(text):
        month = _month(m[1])
        return _day(int(m[3]), month, int(m[2])) if month else None
    if m := _MONTH_YEAR.match(text):
        month = _month(m[1])
        return PartialDate(int(m[2]), month) if month else None
    return _rfc822(text)


def _rfc822(text: str) -> PartialDate | None:
    """RFC 822/2822 dates from RSS (`Fri, 07 Jan 2022 10:00:00 +0300`)."""
    try:
        stamp = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if stamp is None:
        return None
    return _day(stamp.year, stamp.month, stamp.day)
