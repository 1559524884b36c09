"""Session 19: the day a crawl-stamped text's lead tells (`Annotation.told`).

Real text (bsnlp-ru us_election_2020 and covid-19, stored on the crawl's stamp 2021-02-01),
real annotator. Before the rule an article with no dateline and no "сегодня, <date>" gave
the story stage nothing but its stored day: on a stamp the story had proved, its undated
news was dropped, though its lead said which day it told ("Конгресс США в четверг, 7
января, официально утвердил …"). Before the noun rule (same session) the election's day
"на президентских выборах 3 ноября" was such a lead's day in a text of January.
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


def test_a_day_of_a_noun_is_no_lead_day(annotator: Any) -> None:
    # elections_ru_65 and ru_156: the election's day, told beside news of January and December
    congress = (
        "СМИ о событиях в США: Конгресс подтверждает победу Байдена, Трамп уйдет мирно, ЕС и Киев — "
        "за победителей\n\nКонгресс США завершил подсчет голосов выборщиков, подтверждающий победу "
        "Джозефа Байдена на президентских выборах 3 ноября 2020 года. Об этом сообщают информационные "
        "агентства и газета «Нью-Йорк таймс» (NYT), которая отмечает:\n\n«Таким образом Конгресс США "
        "ратифицировал победу Байдена после целого дня насилия, в течение которого преступная толпа "
        "сторонников Трампа штурмовала Капитолий. Президент Трамп выступил с заявлением о том, что 20 "
        "января [в день инаугурации нового президента] произойдет упорядоченная передача власти»."
    )
    hawaii = (
        "На момент публикации заметки за Байдена проголосовали 302 выборщика, за его противника, "
        "действующего президента США Дональда Трампа — 232. Для победы необходимо получить 270 голосов "
        "— Байден преодолел этот порог после заседания выборщиков в Калифорнии. Всего в голосовании "
        "участвуют 538 выборщиков из 50 штатов и округа Колумбия.\n\nОкончательные итоги станут "
        "известны к утру 15 декабря. Голосование завершено во всех штатах, кроме Гавайев (4 голоса "
        "выборщиков). Там заседание выборщиков начнется в 3:00 мск 15 декабря. Жители штата в день "
        "выборов 3 ноября проголосовали за Байдена."
    )
    for text in (congress, hawaii):
        ann = _annotate(annotator, text)
        assert ann.written is None and ann.told is None


def test_a_day_with_its_own_preposition_after_a_noun_is_the_leads(annotator: Any) -> None:
    # elections_ru_68
    text = (
        "На выборах президента США лидерство по голосам коллегии выборщиков удерживает Джозеф "
        "Байден. По состоянию на 5 ноября у него имеется 264 голосов из 270, необходимых для победы."
    )
    assert _annotate(annotator, text).told == "2020-11-05"
