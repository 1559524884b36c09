"""Date arithmetic at the edges of the calendar (issue #15): relative words on
any publication date from 0001-01-01 to 9999-12-31 resolve without raising, and
saturate at the bounds instead of overflowing.

Ingest keeps publication years inside 1700-2100 (tests/ingest/test_dates.py);
these tests call the annotator directly with what ingest would refuse, because
annotation must never raise on any date (defence in depth).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import MAX_YEAR, MIN_YEAR, PartialDate, add_days, parse_iso
from storyline.model import DateMention

RELATIVE = [
    "сегодня",
    "вчера",
    "позавчера",
    "завтра",
    "послезавтра",
    "накануне",
    "на следующий день",
    "днём ранее",
    "в понедельник",
    "в прошлый вторник",
    "в следующую среду",
    "в эту пятницу",
    "в ближайшее воскресенье",
    "до четверга",
    "с субботы",
    "три дня назад",
    "2 недели назад",
    "5 месяцев назад",
    "10 лет назад",
    "99 лет назад",
    "несколько лет назад",
    "в прошлом году",
    "в следующем году",
    "в этом месяце",
    "в прошлом месяце",
    "в следующем месяце",
    "на прошлой неделе",
    "на следующей неделе",
    "на этой неделе",
    "7 января",
    "31 декабря",
    "с 28 декабря по 5 января",
    "в ночь на 1 января",
    "28-29 февраля",
]


def extract(text: str, published: PartialDate | None) -> list[DateMention]:
    return extract_dates(text, segment(text), published)


def valid(found: list[DateMention]) -> None:
    """Every resolved value is a real ISO date of the calendar."""
    for d in found:
        for value in (d.value, d.value_end):
            if value is not None:
                parsed = parse_iso(value)
                assert parsed is not None, d
                parsed.first_day(), parsed.last_day()


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (PartialDate(9999, 12, 31), "Завтра всё решится.", "9999-12-31"),
        (PartialDate(9999, 12, 31), "Послезавтра всё решится.", "9999-12-31"),
        (PartialDate(1, 1, 1), "Вчера всё решилось.", "0001-01-01"),
        (PartialDate(1, 1, 1), "Три дня назад всё решилось.", "0001-01-01"),
        (PartialDate(1, 1), "В прошлом месяце всё решилось.", "0001"),
        (PartialDate(9999, 12), "В следующем месяце всё решится.", "9999"),
        (PartialDate(9999), "В следующем году всё решится.", "9999"),
        (PartialDate(1), "Десять лет назад всё решилось.", "0001"),
    ],
)
def test_arithmetic_saturates_at_the_calendar_bounds(
    published: PartialDate, text: str, expected: str
) -> None:
    found = extract(text, published)
    assert [d.value for d in found] == [expected]


def test_weeks_at_the_bounds() -> None:
    end, start = PartialDate(9999, 12, 31), PartialDate(1, 1, 1)
    assert [(d.value, d.value_end) for d in extract("На следующей неделе решат.", end)] == [
        ("9999-12-31", "9999-12-31")
    ]
    assert [d.value for d in extract("В следующую пятницу решат.", end)] == ["9999-12-31"]
    assert [d.value for d in extract("В прошлый вторник решили.", start)] == ["0001-01-01"]
    valid(extract("На прошлой неделе решили.", start))


@settings(max_examples=300, deadline=None)
@given(
    published=st.one_of(
        st.none(),
        st.integers(MIN_YEAR, MAX_YEAR).map(PartialDate),
        st.tuples(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12)).map(lambda t: PartialDate(*t)),
        st.dates(date.min, date.max).map(PartialDate.from_date),
        st.sampled_from(
            [PartialDate(1, 1, 1), PartialDate(9999, 12, 31), PartialDate(1), PartialDate(9999, 12)]
        ),
    ),
    phrases=st.lists(st.sampled_from(RELATIVE), min_size=1, max_size=6),
)
def test_any_relative_words_on_any_date(published: PartialDate | None, phrases: list[str]) -> None:
    text = " ".join(f"{p.capitalize()} произошло событие." for p in phrases)
    valid(extract(text, published))


@given(st.dates(date.min, date.max), st.integers(-(10**7), 10**7))
def test_add_days_saturates(day: date, days: int) -> None:
    result = add_days(day, days)
    assert date.min <= result <= date.max
    if date.min.toordinal() <= day.toordinal() + days <= date.max.toordinal():
        assert result.toordinal() == day.toordinal() + days


@pytest.mark.parametrize("year", [-(10**6), -1, 0, 10_000, 10**9])
def test_a_partial_date_cannot_hold_an_impossible_year(year: int) -> None:
    value = PartialDate(year)
    assert MIN_YEAR <= value.year <= MAX_YEAR
    assert value.first_day() <= value.last_day()
