"""A figure's verb across a short verbless insertion (`story/measure._verb_across_insertion`),
read off asia-bibi-asylum (spent): "были задержаны, в общей сложности, 221 член" counts
members detained, so its measure carries the verb. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

DETAINED = (
    "Кроме лидера партии в нескольких городах Пакистана, в том числе в Карачи, Лахоре и Равалпинди "
    "были задержаны, в общей сложности, 221 член радикальной исламистской партии."
)


def _measures(annotator: Any, text: str) -> list[tuple[str, list[float | None]]]:
    article = Article(id="a0", text=text, published="2018-11-26", published_precision="day", lang="ru")
    article.annotation = annotator.annotate_many([article])[0]
    story = Story("s", "", [article.id], [], first_published="2018-11-26")
    built = build_story(story, [article], link_entities([article])).story
    return [(f.measure, [v.value for v in f.values]) for f in built.facts]


def test_a_verb_before_a_short_insertion_is_the_figures_verb(annotator: Any) -> None:
    measures = dict((m, vs) for m, vs in _measures(annotator, DETAINED))
    assert measures.get("члены — задержаны") == [221.0], measures


def test_a_long_verbless_clause_between_is_no_insertion(annotator: Any) -> None:
    text = (
        "Полиция задержала лидера партии, его заместителя и трех секретарей движения, "
        "221 член партии пока на свободе."
    )
    assert all(m != "члены — задержала" for m, _ in _measures(annotator, text))
