"""Session 15: undated acts of the news day by their verb's aspect (`story/timeline_acts.py`),
"Тогда же" across an undated aside, and a bound followed by "когда". Invented text, real
annotator. Before the rules, the first, third and fifth tests failed: "Финляндия выдала …"
was no event (its verb is in no list), "Тогда же" two sentences after its date stayed
undated, and "до 5 ноября, когда …" gave the agreement no day."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story
from storyline.story.features import sentence_infos
from storyline.story.timeline_acts import news_act

from .seedkit import link_entities


def _article(annotator: Any, text: str, published: str) -> Article:
    article = Article(id="a", text=text, published=published, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    return article


def _events(
    annotator: Any, text: str, published: str = "2018-04-12"
) -> list[tuple[str | None, str | None, str]]:
    article = _article(annotator, text, published)
    story = Story("s", "", ["a"], [], first_published=published)
    timeline = build_story(story, [article], link_entities([article])).story.timeline
    return [(e.date, e.date_end, e.text) for e in timeline]


def _acts(annotator: Any, text: str) -> list[bool]:
    return [news_act(s) for s in sentence_infos(_article(annotator, text, "2018-04-12"))]


def test_a_perfective_act_with_a_named_actor_is_news_of_the_day(annotator: Any) -> None:
    text = (
        "Газопровод «Северный поток — 2» получил новое разрешение. "
        "Финляндия выдала второе разрешение на строительство газопровода."
    )
    events = _events(annotator, text)
    assert any(date == "2018-04-12" and "Финляндия выдала" in t for date, _, t in events)


def test_form_decides_not_the_verb_list(annotator: Any) -> None:
    text = (
        "МВД Пакистана установило охрану у христианских церквей. "  # perfective past: an act
        "Биби все обвинения в свой адрес отрицала. "  # imperfective: a state, no act
        "Дело Биби стало первым в серии подобных дел. "  # a linking verb
        "Верховный суд Пакистана, возможно, пересмотрит дело. "  # future
        "Нет сомнений, что правительство Пакистана уже приняло решение. "  # after "что": not the main clause
        "Зеле напомнил, что компания OMV вложила в проект миллиард евро."  # a reminder brings background
    )
    assert _acts(annotator, text) == [True, False, False, False, False, False]


def test_then_reaches_over_an_undated_aside(annotator: Any) -> None:
    text = (
        "В конце ноября Дональд Трамп заявил, что покинет Белый дом. "
        "Он продолжает настаивать на том, что выборы были сфальсифицированы. "
        "Тогда же Управление общих служб США сообщило, что готово начать передачу власти."
    )
    events = _events(annotator, text, "2020-12-15")
    assert any(date == "2020-11" and "Управление общих служб" in t for date, _, t in events)


def test_an_act_after_a_recap_is_not_the_days_news(annotator: Any) -> None:
    text = (
        "Асию Биби освободили из тюрьмы. "
        "Напомним, в 2010 году суд приговорил Биби к смертной казни. "
        "Соседки Биби пожаловались местному мулле."
    )
    events = _events(annotator, text, "2018-11-08")
    assert not any("пожаловались" in t for _, _, t in events)


def test_a_bound_followed_by_when_dates_what_happened_then(annotator: Any) -> None:
    text = (
        "Массовые протесты исламистов продолжались до 5 ноября, когда правительство Пакистана "
        "заключило соглашение с партией Техрик-э-Лабайк."
    )
    events = _events(annotator, text, "2018-11-08")
    assert [(date, end) for date, end, _ in events] == [("2018-11-05", None)]


def test_relayed_passive_negated_and_conditional_acts(annotator: Any) -> None:
    text = (
        "По информации AP, Франция и Испания предложили Биби убежище. "  # the act after a relay opener
        "В нескольких городах Пакистана были задержаны сторонники партии Техрик-э-Лабайк. "  # a done passive
        "Ни Байден, ни Трамп не смогли набрать достаточного количества голосов. "  # negated, still told
        "Эта информация была бы подтверждена в МИД Канады. "  # a condition
        "Также сообщается, что МВД Пакистана запретило Биби покидать страну."  # passed on after "что"
    )
    assert _acts(annotator, text) == [True, True, True, False, True]


def test_a_crawl_stamped_article_gives_its_undated_acts_no_day(annotator: Any) -> None:
    # stored on 1 February, every day it tells is of early January: the stored day is a crawl stamp
    text = (
        "Конгресс утверждает итоги выборов в США. "
        "Вице-президент Майк Пенс зачитал официальные результаты. "
        "Заседание Конгресса США началось 6 января."
    )
    events = _events(annotator, text, "2021-02-01")
    assert not any(date == "2021-02-01" and "Пенс" in t for date, _, t in events)
