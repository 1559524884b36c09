"""Session 15 timeline2: the page speaking to its reader and questions are no happening
(`story/timeline_address.py`), and a crawl-stamped article's lead is not the crawl day's.
Invented text, real annotator. Before the rules, the first, second and fourth tests failed:
the lead "Сейчас вы просматриваете …" and the dated "Выберите район …" became events, so did
the question, and the lead of an article stamped 1 February was dated 1 February."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story
from storyline.story.features import sentence_infos
from storyline.story.timeline_address import addresses_reader, no_happening

from .seedkit import link_entities


def _article(annotator: Any, text: str, published: str) -> Article:
    article = Article(id="a", text=text, published=published, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    return article


def _events(annotator: Any, text: str, published: str = "2019-03-14") -> list[str]:
    article = _article(annotator, text, published)
    story = Story("s", "", ["a"], [], first_published=published)
    return [e.text for e in build_story(story, [article], link_entities([article])).story.timeline]


def test_words_to_the_reader_are_no_event(annotator: Any) -> None:
    text = (
        "Сейчас вы просматриваете новость о выборах в городской совет. "
        "14 марта городской совет Самары утвердил новый бюджет. "
        "Выберите район на карте, чтобы увидеть итоги голосования 14 марта."
    )
    events = _events(annotator, text)
    assert any("утвердил новый бюджет" in t for t in events)
    assert not any("просматриваете" in t or "Выберите" in t for t in events)


def test_a_question_is_no_event(annotator: Any) -> None:
    text = (
        "14 марта мэр Самары подписал указ о парковках. "
        "Не пора ли горожанам 14 марта пересмотреть свои привычки?"
    )
    events = _events(annotator, text)
    assert any("подписал указ" in t for t in events)
    assert not any("пересмотреть" in t for t in events)


def test_second_person_inside_a_quote_is_the_speakers(annotator: Any) -> None:
    text = "Мэр Самары заявил журналистам: «Вы увидите новые парки уже летом»."
    infos = [s for s in sentence_infos(_article(annotator, text, "2019-03-14")) if s.kind == "text"]
    assert [addresses_reader(s) for s in infos] == [False]
    assert [no_happening(s) for s in infos] == [False]


def test_a_crawl_stamped_articles_lead_is_not_the_crawl_days(annotator: Any) -> None:
    text = (
        "Минздрав Самарской области закупил пятьсот новых аппаратов ИВЛ. "
        "Губернатор области 14 января заявил, что больницы получат их до конца месяца."
    )
    article = _article(annotator, text, "2021-02-01")
    story = Story("s", "", ["a"], [], first_published="2021-02-01")
    timeline = build_story(story, [article], link_entities([article])).story.timeline
    assert any(e.date == "2021-01-14" for e in timeline)
    assert not any(e.date == "2021-02-01" for e in timeline)
