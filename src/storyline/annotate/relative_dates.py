"""Relative time expressions ("вчера", "накануне", "в понедельник", "три дня
назад", "на прошлой неделе") resolved against an anchor date.

The anchor is chosen by the caller (`dates.extract_dates`): the publication
date for deictic words, the narrative's last explicit date for anaphoric ones.
A value is never more precise than its anchor.
"""

from __future__ import annotations

import re
from datetime import date

from storyline.annotate import date_grammar as g
from storyline.annotate.date_scan import Found
from storyline.isodate import PartialDate, add_days
from storyline.model import DateRelation

# Deictic words point at the moment of writing, i.e. the publication date;
# anaphoric ones at the narrative's current date.
_DEICTIC_OFFSETS = {
    "сегодня": 0,
    "сегодняшний": 0,
    "сегодняшнего": 0,
    "вчера": -1,
    "позавчера": -2,
    "завтра": 1,
    "послезавтра": 2,
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
_ANAPHORIC_OFFSETS = {
    "накануне": -1,
    "ранее": -1,
    "раньше": -1,
    "позже": 1,
    "позднее": 1,
    "следующий": 1,
    "другой": 1,
    # "в тот же день", "в этот же день", "тем же днём", "тогда же": the day (or the
    # month, at the anchor's precision) the narrative is at
    "тот": 0,
    "этот": 0,
    "тем": 0,
    "тогда": 0,
}


def _shift(anchor: PartialDate, days: int) -> PartialDate:
    if anchor.precision != "day":
        return anchor  # a month/year anchor cannot say which day; keep its precision
    return PartialDate.from_date(add_days(anchor.first_day(), days))


def _shift_months(anchor: PartialDate, months: int) -> PartialDate | None:
    if anchor.month is None:
        return None
    index = anchor.year * 12 + anchor.month - 1 + months
    if not date.min.year * 12 <= index < (date.max.year + 1) * 12:
        return PartialDate(index // 12)  # saturates to the first or last year
    return PartialDate(index // 12, index % 12 + 1)


_SMALL_NUMBERS = {
    "один": 1,
    "одну": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
}


# Number words of a relative count ("два года назад", "через два года").
SMALL_NUMBERS = _SMALL_NUMBERS


def resolve_relative(
    f: Found, anchor: PartialDate | None, future: bool
) -> tuple[PartialDate | None, PartialDate | None, DateRelation]:
    """(value, value_end, relation) of a relative expression against its anchor."""
    if anchor is None:
        return None, None, "on"
    words = text_words(f)
    if f.kind == "day_word":
        for word in reversed(words):
            offset = _DEICTIC_OFFSETS.get(word, _ANAPHORIC_OFFSETS.get(word))
            if offset is not None:
                return _shift(anchor, offset), None, "on"
        return None, None, "on"
    if f.kind == "ago":
        n_word = (f.groups.get("n") or "").lower()
        if n_word == "несколько":
            return None, None, "around"
        n = int(n_word) if n_word.isdigit() else _SMALL_NUMBERS.get(n_word, 1)
        unit = (f.groups.get("unit") or "").lower()
        if unit.startswith(("дн", "сут")):
            return _shift(anchor, -n), None, "on"
        if unit.startswith("недел"):
            return _shift(anchor, -7 * n), None, "around"
        if unit.startswith("месяц"):
            return _shift_months(anchor, -n), None, "around"
        return PartialDate(anchor.year - n), None, "around"
    if f.kind == "weekday":
        if anchor.precision != "day":
            return None, None, "on"
        target = g.weekday_number(f.groups.get("wd") or "")
        mod = (f.groups.get("wmod") or "").lower()
        today = anchor.first_day()
        if target is None:
            return None, None, "on"
        back = today.weekday()  # days since this week's Monday
        if mod.startswith("минувш"):
            delta = -((today.weekday() - target - 1) % 7) - 1  # the latest one before today
        elif mod.startswith("прошл"):
            delta = target - back - 7  # last week's
        elif mod.startswith("следующ"):
            delta = target - back + 7  # next week's
        elif mod.startswith("эт"):
            delta = target - back  # this week's
        elif future or mod.startswith("ближайш"):
            delta = (target - today.weekday()) % 7  # the coming one
        else:
            delta = -((today.weekday() - target) % 7)  # the latest one, today included
        prep = (f.groups.get("wprep") or "").lower()
        relation: DateRelation = (
            "since" if prep in ("с", "со") else "until" if prep in ("до", "к", "ко") else "on"
        )
        return PartialDate.from_date(add_days(today, delta)), None, relation
    # this_unit: "в прошлом году", "в этом месяце", "на прошлой неделе"
    if f.groups.get("runit3"):
        return _part_of_year(f, anchor)
    mod = (f.groups.get("rmod") or f.groups.get("rmod2") or f.groups.get("rmod4") or "").lower()
    prep = (f.groups.get("rprep") or "").lower()
    bound: DateRelation = "since" if prep in ("с", "со") else "until" if prep == "до" else "on"
    step = (
        -1
        if mod.startswith(("прошл", "минувш", "прошедш"))
        else 1
        if mod.startswith(("следующ", "будущ"))
        else 0
    )
    unit = (f.groups.get("runit") or f.groups.get("runit2") or f.groups.get("runit4") or "").lower()
    if unit.startswith("год"):
        return _bounded(PartialDate(anchor.year + step), None, bound)
    if unit.startswith("месяц"):
        return _bounded(_shift_months(anchor, step), None, bound)
    if anchor.precision != "day":
        return None, None, "on"  # a week inside an unknown day of the month: no honest value
    day = anchor.first_day()
    monday = add_days(day, 7 * step - day.weekday())
    return _bounded(PartialDate.from_date(monday), PartialDate.from_date(add_days(monday, 6)), bound)


def _part_of_year(
    f: Found, anchor: PartialDate
) -> tuple[PartialDate | None, PartialDate | None, DateRelation]:
    """ "до конца года" ends with this year's December, "с начала года" starts with its
    January; "в конце прошлого года" is only last year, as "в конце 2019 года" is 2019
    (no month is certain), and "до середины года" has no honest end. A part of a month
    ("в начале этого месяца") is that month, its end or its start the same way."""
    mod = (f.groups.get("rmod3") or "").lower()
    past, ahead = mod.startswith(("прошл", "минувш", "прошедш")), mod.startswith(("следующ", "будущ"))
    step = -1 if past else 1 if ahead else 0
    part = (f.groups.get("rpart") or "").lower()
    prep = (f.groups.get("rpprep") or "").lower()
    if (f.groups.get("runit3") or "").lower().startswith("месяц"):
        month = _shift_months(anchor, step)
        if month is None:
            return None, None, "on"  # a part of an unknown month: no honest value
        if prep in ("до", "к"):
            return None, (month if part.startswith("конц") else None), "until"
        if prep in ("с", "со"):
            return (month if part.startswith("начал") else None), None, "since"
        return month, None, "around"
    year = anchor.year + step
    if prep in ("до", "к"):
        return None, (PartialDate(year, 12) if part.startswith("конц") else None), "until"
    if prep in ("с", "со"):
        return (PartialDate(year, 1) if part.startswith("начал") else None), None, "since"
    return PartialDate(year), None, "around"


def _bounded(
    value: PartialDate | None, value_end: PartialDate | None, bound: DateRelation
) -> tuple[PartialDate | None, PartialDate | None, DateRelation]:
    """A unit as a point ("в следующем месяце"), or one end of an interval: "со следующей
    недели" starts at its Monday, "до следующего года" ends where that year begins."""
    if bound == "since":
        return value, None, "since"
    if bound == "until":
        return None, value, "until"
    return value, value_end, "on"


def text_words(f: Found) -> list[str]:
    return re.findall(r"[а-яёa-z]+", f.extra.get("text", "").lower())


# Words of "в тот же день", "тогда же": the time the narrative is at, whatever dated it.
SAME_TIME_WORDS = frozenset({"тот", "этот", "тем", "тогда"})


def is_same_time(f: Found) -> bool:
    """ "в тот же день", "тогда же": no offset, only a reference to the date told just before."""
    return f.kind == "day_word" and bool(SAME_TIME_WORDS & set(text_words(f)))


def is_deictic(f: Found) -> bool:
    if f.kind == "day_word":
        return any(w in _DEICTIC_OFFSETS for w in text_words(f))
    return f.kind in ("ago", "this_unit")
