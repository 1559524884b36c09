"""Session 19: the day a crawl-stamped text's lead tells (`Annotation.told`).

Real text (bsnlp-ru us_election_2020 and covid-19, stored on the crawl's stamp 2021-02-01),
real annotator. Before the rule an article with no dateline and no "сегодня, <date>" gave
the story stage nothing but its stored day: on a stamp the story had proved, its undated
news was dropped, though its lead said which day it told ("Конгресс США в четверг, 7
января, официально утвердил …").
"""

from __future__ import annotations

from typing import Any

from storyline.model import Article

STAMP = "2021-02-01"
# us_election_2020 elections_ru_39: title, teaser, a lead dated by its weekday and day
CONGRESS = (
    "Мир\n\nКонгресс США утвердил избрание Джо Байдена президентом\n\n"
    "Байден набрал более 270 утвержденных Конгрессом голосов выборщиков.\n\n"
    "Конгресс США в четверг, 7 января, официально утвердил демократа Джо Байдена на должности "
    "следующего президента США, в которую политик вступит, как ожидается, 20 января. Байден "
    "набрал более 270 утвержденных Конгрессом голосов выборщиков."
)


def _annotate(annotator: Any, text: str, published: str = STAMP) -> Any:
    article = Article(
        id="a", text=text, published=published, published_precision="day", lang="ru", source="s"
    )
    return annotator.annotate_many([article])[0]


def test_a_lead_told_day_is_the_texts_own_day(annotator: Any) -> None:
    ann = _annotate(annotator, CONGRESS)
    assert ann.written is None  # no dateline: nothing proves the stamp
    assert ann.told == "2021-01-07"  # the announced 20 January is not told


def test_a_masthead_date_far_down_is_no_lead(annotator: Any) -> None:
    # covid-19 ru_26: a report of the day's vaccination whose only day is the registration
    # of the outlet at the foot of the page
    text = (
        "В России продолжается массовая вакцинация против коронавируса. Корреспондент «МИР 24» "
        "Анна Бажайкина рассказала подробности. " + "Прививку можно сделать в поликлинике. " * 20 + "\n\n"
        "Свидетельство о регистрации СМИ ЭЛ № ФС77-50091 от 06 июня 2012 года."
    )
    assert _annotate(annotator, text).told is None


def test_a_dateline_leaves_no_told_day(annotator: Any) -> None:
    text = "6 января 2021, 08:25 Прослушать новость Остановить\n\n" + CONGRESS
    ann = _annotate(annotator, text)
    assert ann.written == "2021-01-06" and ann.told is None


def test_a_lead_of_its_stored_day_has_no_told_day(annotator: Any) -> None:
    assert _annotate(annotator, CONGRESS, "2021-01-08").told is None
