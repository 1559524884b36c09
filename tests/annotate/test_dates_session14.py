"""Session 14: tense and reference of relative dates (issue #10, "Relative dates").

Invented sentences, real annotator (the rules read the verbs' morphology). Each test
failed before its rule:
- the analytic future's auxiliary ("будет", "будут") is tagged present by the model,
  so "В четверг будет опубликован" pointed at the Thursday just past;
- "до 1 января будущего года" took the 1 January nearest the publication (the one
  just past in a July article);
- "На следующий день" two sentences after its explicit date, with "В тот же день"
  between, counted from the publication instead of the day told last.
"""

from __future__ import annotations

from typing import Any

from storyline.model import Article

# 2018-07-10 is a Tuesday.
PUBLISHED = "2018-07-10"


def _dates(annotator: Any, text: str) -> list[tuple[str, str | None, str | None]]:
    article = Article(
        id="a", text=text, published=PUBLISHED, published_precision="day", lang="ru", source="s"
    )
    return [(d.text, d.value, d.value_end) for d in annotator.annotate_many([article])[0].dates]


def test_an_analytic_future_weekday_points_forward(annotator: Any) -> None:
    assert _dates(annotator, "В четверг будет опубликован доклад комиссии.") == [
        ("В четверг", "2018-07-12", None)
    ]
    assert _dates(annotator, "В пятницу будут проведены выборы.") == [("В пятницу", "2018-07-13", None)]


def test_a_past_weekday_points_back(annotator: Any) -> None:
    assert _dates(annotator, "В четверг был опубликован доклад комиссии.") == [
        ("В четверг", "2018-07-05", None)
    ]


def test_until_the_first_of_january_of_next_year(annotator: Any) -> None:
    for word in ("будущего", "следующего"):
        text = f"Соглашение действует до 1 января {word} года."
        assert _dates(annotator, text) == [(f"до 1 января {word} года", None, "2019-01-01")]


def test_a_month_of_last_year(annotator: Any) -> None:
    assert _dates(annotator, "Переговоры начались в мае прошлого года.") == [
        ("в мае прошлого года", "2017-05", None)
    ]


def test_a_day_of_this_year_stays_this_years(annotator: Any) -> None:
    # a lead of the news day: a text whose only day lies long before publication is read
    # as crawl-stamped (`dates_dateline`), which is not this rule's business
    text = "Правительство объявило 9 июля, что закон вступит в силу 1 декабря этого года."
    assert _dates(annotator, text)[-1] == ("1 декабря этого года", "2018-12-01", None)


def test_the_next_day_counts_from_the_day_told_last(annotator: Any) -> None:
    text = (
        "Министр подал в отставку 2 июля. В тот же день премьер назначила преемника. "
        "На следующий день преемник приступил к работе."
    )
    assert _dates(annotator, text)[-1] == ("На следующий день", "2018-07-03", None)


def test_a_day_earlier_counts_from_the_date_just_told(annotator: Any) -> None:
    text = "Премьер выступила в парламенте 5 июля. Днём ранее министр подал в отставку."
    assert _dates(annotator, text)[-1] == ("Днём ранее", "2018-07-04", None)


def test_a_weekday_is_not_counted_from_a_weekday_told_before(annotator: Any) -> None:
    text = "В пятницу министры согласовали план. В понедельник премьер представила его парламенту."
    assert _dates(annotator, text) == [
        ("В пятницу", "2018-07-06", None),
        ("В понедельник", "2018-07-09", None),
    ]


def test_a_day_of_the_month_by_its_number_alone(annotator: Any) -> None:
    """ "4-го числа" was no date at all: the day of the month the narrative is in."""
    text = "Выборы прошли 3 ноября. Итоги огласили утром 4-го числа."
    assert _dates(annotator, text)[-1] == ("4-го числа", "2018-11-04", None)


def test_a_past_day_number_after_the_publication_day_is_last_months(annotator: Any) -> None:
    assert _dates(annotator, "Зарплату выплатили 25 числа.") == [("25 числа", "2018-06-25", None)]
    assert _dates(annotator, "Зарплату выплатят 25 числа.") == [("25 числа", "2018-07-25", None)]
    assert _dates(annotator, "Заявки принимают до 15 числа.") == [("до 15 числа", None, "2018-07-15")]
