"""Partial ISO dates (`2022`, `2022-01`, `2022-01-07`) with explicit precision.

A date is never made more precise than its evidence: `2022-01` stays a month.
Used by ingest (published dates), annotation (resolved dates) and the story
stage (ordering, timelines).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from storyline.model import Precision

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# The years `datetime.date` can hold. Arithmetic saturates at these bounds
# instead of raising OverflowError (issue #15): "завтра" on 9999-12-31 stays
# 9999-12-31, "3000 лет назад" from 2022 is year 1. Ingest keeps published
# dates far inside them (`ingest.dates`), so saturation only guards odd text.
MIN_YEAR = date.min.year
MAX_YEAR = date.max.year


def clamp_year(year: int) -> int:
    return min(max(year, MIN_YEAR), MAX_YEAR)


def add_days(value: date, days: int) -> date:
    """`value` + `days`, held at date.min/date.max rather than overflowing."""
    ordinal = value.toordinal() + days
    return date.fromordinal(min(max(ordinal, date.min.toordinal()), date.max.toordinal()))


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month or a day. The year is saturated into MIN_YEAR..MAX_YEAR on
    construction, so `first_day`/`last_day` never raise whatever arithmetic made it."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            object.__setattr__(self, "year", clamp_year(self.year))

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def truncate(self, precision: Precision) -> PartialDate:
        """Drop detail beyond `precision` (e.g. a relative date anchored on a month)."""
        if precision == "year":
            return PartialDate(self.year)
        if precision == "month":
            return PartialDate(self.year, self.month)
        return self

    @classmethod
    def from_date(cls, value: date, precision: Precision = "day") -> PartialDate:
        return cls(value.year, value.month, value.day).truncate(precision)


def parse_iso(text: str | None) -> PartialDate | None:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part is ignored); None if invalid."""
    if not text:
        return None
    head = text.strip()[:10]
    if "T" in head:
        head = head.split("T", 1)[0]
    m = _ISO.match(head)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if day is not None:
            date(year, month or 1, day)
        elif month is not None and not 1 <= month <= 12:
            return None
    except ValueError:
        return None
    if not 1 <= year <= 9999:
        return None
    return PartialDate(year, month, day)


def sort_key(text: str | None) -> tuple[int, str]:
    """Order ISO strings chronologically, undated last; a month sorts before its days."""
    return (0, text) if text else (1, "")
