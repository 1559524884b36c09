"""Session 14: which date a reported sentence's event takes (`timeline_dates._pick_date`).
Invented text, real annotator. The first test failed before the rule: "сообщили, что …
до 6 ноября" dated the report's event by the deadline's bound instead of its own day."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities


def _events(
    annotator: Any, text: str, published: str = "2020-11-08"
) -> list[tuple[str | None, str | None, str]]:
    article = Article(id="a", text=text, published=published, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    story = Story("s", "", ["a"], [], first_published=published)
    timeline = build_story(story, [article], link_entities([article])).story.timeline
    return [(e.date, e.date_end, e.text) for e in timeline]


def test_a_deadline_in_what_is_told_does_not_date_the_telling(annotator: Any) -> None:
    text = (
        "В избирательной комиссии штата Невада 5 ноября сообщили, что бюллетени по почте "
        "принимаются до 10 ноября."
    )
    dated = [(date, end) for date, end, _ in _events(annotator, text)]
    assert dated == [("2020-11-05", None)]


def test_a_told_happening_still_takes_its_own_day(annotator: Any) -> None:
    text = "Агентство Reuters 6 ноября сообщило, что штаб Трампа 4 ноября подал иск в суд штата Мичиган."
    assert [date for date, _, _ in _events(annotator, text)] == ["2020-11-04"]


def test_a_done_act_over_a_span_keeps_its_bound(annotator: Any) -> None:
    text = "Накануне стало известно, что губернатор области продлил режим самоизоляции до 28 февраля."
    assert [(date, end) for date, end, _ in _events(annotator, text, "2021-01-20")] == [(None, "2021-02-28")]
