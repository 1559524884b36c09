"""A period a report covers dates no event (`story/timeline_periods.py`), read off
nord-stream (spent): "составило рейтинг … за 2018 год" is no happening of 2018.
Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities


def _dates(annotator: Any, text: str, published: str = "2019-01-03") -> list[str | None]:
    article = Article(id="a", text=text, published=published, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    story = Story("s", "", ["a"], [], first_published=published)
    timeline = build_story(story, [article], link_entities([article])).story.timeline
    return [e.date for e in timeline]


def test_the_period_a_ranking_covers_is_not_its_date(annotator: Any) -> None:
    text = (
        "Польское сетевое издание Energetyka24 составило рейтинг самых крупных промахов Украины "
        "в энергетическом секторе за 2018 год."
    )
    assert not any(d and d.startswith("2018") for d in _dates(annotator, text))


def test_a_happening_dated_by_za_without_a_report_keeps_its_date(annotator: Any) -> None:
    text = "Компания за 2018 год построила три новых завода в Сибири."
    assert any(d and d.startswith("2018") for d in _dates(annotator, text))
