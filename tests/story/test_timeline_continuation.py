"""Undated narration after a dated happening joins that happening's event as evidence
(`story/timeline_continuation.py`), read off us-election-capitol-certification (spent):
the storming of 2021-01-06 is told in the sentences after "Начавшееся 6 января …
заседание … было прервано", none of which carries a date. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

CAPITOL = (
    "Начавшееся 6 января совместное заседание обеих палат Конгресса, в ходе которого должны были "
    "быть утверждены итоги голосования в Коллегии выборщиков, было прервано из-за массовых беспорядков "
    "на Капитолийском холме, устроенных тысячами сторонников действующего президента США Дональда Трампа.\n\n"
    "Штурм Капитолия сторонниками Трампа\n\n"
    "Агрессивно настроенные протестующие ворвались в здание Конгресса, так что полиции пришлось эвакуировать "
    "законодателей. Для наведения порядка к Капитолию была направлена Национальная гвардия США. "
    "Тем временем все больше законодателей-республиканцев задумываются о том, чтобы отстранить Дональда "
    "Трампа от должности."
)


def _events(annotator: Any, text: str, published: str = "2021-01-08") -> list[tuple[str | None, list[str]]]:
    article = Article(id="a", text=text, published=published, published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    entities = link_entities([article])
    story = Story("s", "", ["a"], [], first_published=published)
    timeline = build_story(story, [article], entities).story.timeline
    return [(e.date, [text[ev.start : ev.end] for ev in e.evidence]) for e in timeline]


def test_the_undated_narration_of_a_dated_happening_is_its_evidence(annotator: Any) -> None:
    events = _events(annotator, CAPITOL)
    (storming,) = [ev for date, ev in events if date == "2021-01-06"]
    assert storming[0].startswith("Начавшееся 6 января")
    assert any("ворвались в здание Конгресса" in s for s in storming)
    assert any("была направлена Национальная гвардия" in s for s in storming)
    # the present-tense aside after "Тем временем" is no part of the happening
    assert not any("задумываются" in s for s in storming)


def test_a_later_step_is_not_more_of_the_same_happening(annotator: Any) -> None:
    text = (
        "Протесты в Казахстане начались 2 января 2022 года в Мангистауской области. "
        "Затем на митинги стали выходить и жители других городов."
    )
    events = _events(annotator, text, published="2022-01-10")
    (start,) = [ev for date, ev in events if date == "2022-01-02"]
    assert not any("Затем" in s for s in start)


def test_narration_after_an_undated_sentence_joins_nothing(annotator: Any) -> None:
    text = (
        "Агрессивно настроенные протестующие ворвались в здание Конгресса. "
        "Для наведения порядка к Капитолию была направлена Национальная гвардия США."
    )
    for _, evidence in _events(annotator, text):
        assert len(evidence) == 1
