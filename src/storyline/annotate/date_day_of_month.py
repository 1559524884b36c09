"""A day named by its number alone: "утром 4-го числа", "до 15 числа".

The month is the one the narrative is in: that of the explicit date just told, or of
the publication. Counted from the publication, a day after the publication's day is
last month's unless the verb announces it ("15 числа выплатят" is this month's).
"""

from __future__ import annotations

from datetime import date

from storyline.annotate.date_scan import Found
from storyline.isodate import PartialDate


def day_of_month(
    f: Found, base: PartialDate | None, from_publication: bool, future: bool
) -> PartialDate | None:
    """The day `f` names in the month of `base`, or None when no month is known."""
    if base is None or base.month is None:
        return None
    day = int(f.groups.get("dom") or 0)
    year, month = base.year, base.month
    if from_publication and base.day is not None and day > base.day and not future:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        date(year, month, day)
    except ValueError:
        return None  # "31-го числа" of a thirty-day month
    return PartialDate(year, month, day)
