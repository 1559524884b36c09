"""Relative dates read as a reader would (real Russian sentences, one rule each)."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

THURSDAY = PartialDate(2018, 11, 8)  # a Thursday
MONDAY = PartialDate(2018, 7, 30)  # a Monday


def found(text: str, published: PartialDate) -> list[tuple[str, str | None, str | None, str]]:
    return [(d.text, d.value, d.value_end, d.relation) for d in extract_dates(text, segment(text), published)]


def test_минувший_weekday_is_the_latest_one_before_the_day() -> None:
    # published on a Thursday, "в минувшую среду" is the day before, not last week's
    text = "Как сообщалось, в минувшую среду суд освободил активиста под залог."
    assert found(text, THURSDAY) == [("в минувшую среду", "2018-11-07", None, "on")]
    # on a Wednesday itself, the минувшая Wednesday is a week back
    assert found("В минувшую среду суд отклонил жалобу.", PartialDate(2018, 11, 7))[0][1] == "2018-10-31"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "В начале этого месяца концерн получил разрешение финских властей.",
            [("В начале этого месяца", "2018-07", None, "around")],
        ),
        (
            "В середине прошлого месяца компания сообщила о планах.",
            [("В середине прошлого месяца", "2018-06", None, "around")],
        ),
        ("Работы планируют завершить до конца месяца.", [("до конца месяца", None, "2018-07", "until")]),
    ],
)
def test_a_part_of_a_month_is_that_month(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert found(text, MONDAY) == expected


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Он уклонился от службы по призыву 2004-го года.", "2004-го года", "2004"),
        ("В 2020-м году компания объявила о слиянии.", "В 2020-м году", "2020"),
    ],
)
def test_a_year_written_as_an_ordinal_is_a_year(text: str, span: str, value: str) -> None:
    assert [(d[0], d[1]) for d in found(text, MONDAY)] == [(span, value)]
