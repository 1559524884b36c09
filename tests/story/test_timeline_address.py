"""Session 15 timeline2: the page speaking to its reader and questions are no happening
(`story/timeline_address.py`). Invented text, real annotator. Before the rule, the first two
tests failed: the lead "Сейчас вы просматриваете …" and the dated "Выберите район …" became
events, and so did the question."""

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


def test_a_told_act_ending_in_a_question_is_still_an_event(annotator: Any) -> None:
    text = (
        "14 марта депутаты городского совета Самары написали мэру письмо, "
        "задавшись вопросом, кто оплатит ремонт дорог?"
    )
    assert any("написали мэру письмо" in t for t in _events(annotator, text))
