"""Round 9 date forms read off spent golds' misses: a year named by its relative adjective
alone ("прошлый год стал …", "за прошедший год"), and the eve of a day-precise date
("накануне Нового года", "накануне 9 мая") as the day before."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

POLAND = PartialDate(2019, 1, 12)  # Energetyka24's ranking (nord-stream-poland-blackmail a09)
CRAWL = PartialDate(2021, 2, 1)  # covid-19 articles carry the crawl day


def _dates(text: str, published: PartialDate) -> list[tuple[str, str | None, str | None, str]]:
    return [(d.text, d.value, d.value_end, d.relation) for d in extract_dates(text, segment(text), published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Да и прошлый год стал для Польши довольно успешным за счет контрактов на поставку газа.",
            ("прошлый год", "2018", None, "on"),
        ),
        (
            "Не изменилась за прошедший год и ситуация относительно «зависимости» Украины от российского газа.",
            ("прошедший год", "2018", None, "on"),
        ),
        ("Минувший год стал рекордным для компании.", ("Минувший год", "2018", None, "on")),
        ("Следующий год будет решающим для проекта.", ("Следующий год", "2020", None, "on")),
        ("Уходящий год стал трудным.", ("Уходящий год", "2019", None, "on")),
    ],
)
def test_a_year_named_by_its_adjective_alone(text: str, expected: tuple[str, str, None, str]) -> None:
    assert _dates(text, POLAND) == [expected]


def test_this_year_by_its_pronoun_alone_is_no_date() -> None:
    # "этот год" narrates a year told before as often as it names the present one
    assert _dates("Этот год он запомнил надолго.", POLAND) == []


def test_the_eve_of_the_new_year_is_the_last_day_of_the_old_one() -> None:
    text = (
        "Людям можно сделать сочетание двух прививок от COVID-19, например, если такой же дозы вакцины "
        "нет в наличии, в соответствии с руководящими принципами, опубликованными накануне Нового года."
    )
    assert _dates(text, CRAWL) == [("накануне Нового года", "2020-12-31", None, "on")]


def test_the_eve_of_a_dated_day_is_the_day_before() -> None:
    assert _dates("Акция прошла накануне 9 мая в центре города.", PartialDate(2021, 5, 20)) == [
        ("накануне 9 мая", "2021-05-08", None, "on")
    ]


def test_before_a_day_stays_an_open_bound() -> None:
    # "перед" says only "some time before": no day is honest
    assert _dates("Встреча прошла перед Новым годом.", CRAWL) == [
        ("перед Новым годом", "2021-01-01", None, "before")
    ]


def test_a_new_year_in_lower_case_is_no_holiday() -> None:
    assert _dates("Каждый сезон приносит нового года ожидания.", CRAWL) == []
