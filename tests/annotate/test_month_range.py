"""A span of months written with a dash is one interval (real Russian sentences)."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

CRAWLED = PartialDate(2021, 2, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Вакцинацию планировали на декабрь 2020-го — февраль 2021-го.",
            ("на декабрь 2020-го — февраль 2021-го", "2020-12", "2021-02"),
        ),
        (
            "В ноябре — декабре 2020 года число заражений выросло.",
            ("В ноябре — декабре 2020 года", "2020-11", "2020-12"),
        ),
        # the first month with no year of its own is the last one before the second
        ("Пик пришёлся на декабрь—январь 2021 года.", ("на декабрь—январь 2021 года", "2020-12", "2021-01")),
    ],
)
def test_a_dashed_span_of_months_is_one_interval(text: str, expected: tuple[str, str, str]) -> None:
    found = [(d.text, d.value, d.value_end) for d in extract_dates(text, segment(text), CRAWLED)]
    assert found == [expected]


def test_a_month_then_a_dash_and_a_figure_is_no_span() -> None:
    text = "В мае — 25 случаев, в июне 2020 года — 40."
    found = [(d.text, d.value_end) for d in extract_dates(text, segment(text), CRAWLED)]
    assert all(end is None for _, end in found)
