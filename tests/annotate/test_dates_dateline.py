"""A text's own dateline is the reference day when the stored date is a later crawl stamp."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate.dates import extract_dates
from storyline.annotate.dates_dateline import CRAWL_GAP_DAYS
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

CRAWLED = PartialDate(2021, 2, 1)  # a Monday


def values(text: str, published: PartialDate | None = CRAWLED) -> dict[str, str | None]:
    return {d.text: d.value for d in extract_dates(text, segment(text), published)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # an agency dateline without a year: the year comes from the stored date
        (
            "ВАШИНГТОН, 15 дек – РИА Новости. В понедельник выборщики проголосовали.",
            "В понедельник",
            "2020-12-14",
        ),
        # a timestamp line
        (
            "15 декабря 2020 04:36\n\nГолосование, которое прошло накануне, обошлось без коллизий.",
            "накануне",
            "2020-12-14",
        ),
        # a numeric stamp with a clock time
        ("21.01.2021 15:15\n\nСегодня врач рассказал о подготовке.", "Сегодня", "2021-01-21"),
        # an agency name before the date, after a teaser
        (
            "В Коми поступила вакцина. РИА Новости, 14.01.2021\n\nВчера привили 82 человека.",
            "Вчера",
            "2021-01-13",
        ),
        # a weekday and a slashed numeric date on the header line (us_election_2020 file 91)
        (
            "Мир Байдена \n\nЧетверг, 21/01/2021 \n\nВ среду Джо Байден принял присягу.",
            "В среду",
            "2021-01-20",
        ),
        # a weekday with a written date
        ("Среда, 6 января 2021\n\nНакануне Пенс сказал Трампу о своем решении.", "Накануне", "2021-01-05"),
    ],
)
def test_relative_dates_read_against_the_dateline(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_a_story_date_at_the_start_is_no_dateline() -> None:
    # "15 декабря парламент проголосовал" tells the story; "сегодня" stays the stored day
    assert values("15 декабря парламент проголосовал. Сегодня депутаты разошлись.")["Сегодня"] == "2021-02-01"


def test_a_dateline_close_to_the_stored_date_changes_nothing() -> None:
    # filed on the 30th, stored on the 1st: an ordinary lag, the stored day stays the reference
    assert values("МОСКВА, 30 янв — РИА Новости. Сегодня прошло заседание.")["Сегодня"] == "2021-02-01"


def test_no_stored_date_no_reference() -> None:
    assert values("МОСКВА, 15 янв — РИА Новости. Сегодня прошло заседание.", None)["Сегодня"] is None


@given(st.integers(min_value=0, max_value=400))
def test_reference_is_the_dateline_exactly_when_the_gap_is_large(days_before: int) -> None:
    filed = date(2021, 2, 1) - timedelta(days=days_before)
    text = f"{filed.day:02d}.{filed.month:02d}.{filed.year} 10:00\n\nСегодня прошло заседание."
    expected = filed if days_before > CRAWL_GAP_DAYS else date(2021, 2, 1)
    assert values(text)["Сегодня"] == expected.isoformat()


def test_a_weekday_and_date_inside_a_clause_is_no_dateline() -> None:
    text = "Он приехал в четверг, 21.01.2021, а вчера уехал."
    assert values(text)["вчера"] == "2021-01-31"
