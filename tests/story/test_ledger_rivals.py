"""Rival figures of one subject's count (`story/ledger_rivals.py`), read off
covid-ukraine-vaccine-supply (spent): one outlet's 1,8 million doses ("подписала
контракт на поставку") and another's 1,9 million ("получит") are one conflicting
fact, while different things of the same unit stay apart. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

SIGNED = (
    "По данным Офиса президента, в конце декабря Украина подписала контракт на поставку 1,8 млн доз "
    "вакцины против коронавируса производства китайской компании Sinovac Biotech."
)
RECEIVES = "Украина получит 1,9 миллиона доз китайской вакцины. В целом Украина ожидает 8 млн доз вакцины."


def _facts(
    annotator: Any, *texts: str, published: str = "2021-02-01"
) -> list[tuple[str, list[float | None]]]:
    articles = []
    for n, text in enumerate(texts):
        article = Article(id=f"a{n}", text=text, published=published, published_precision="day", lang="ru")
        article.annotation = annotator.annotate_many([article])[0]
        articles.append(article)
    story = Story("s", "", [a.id for a in articles], [], first_published=published)
    built = build_story(story, articles, link_entities(articles)).story
    return [(f.status, [v.value for v in f.values]) for f in built.facts]


def test_another_outlets_close_figure_is_the_rival_of_one_fact(annotator: Any) -> None:
    facts = _facts(annotator, SIGNED, RECEIVES)
    assert ("conflicting", [1_800_000.0, 1_900_000.0]) in facts
    assert ("consistent", [8_000_000.0]) in facts  # far from both: another thing


def test_one_article_giving_two_close_figures_gives_two_things(annotator: Any) -> None:
    text = "Украина получит 1,9 миллиона доз вакцины. Украина закупила 1,8 млн доз у Pfizer."
    facts = _facts(annotator, text)
    values = sorted(v for _, vs in facts for v in vs if v)
    assert [1_800_000.0] in [vs for _, vs in facts] and [1_900_000.0] in [vs for _, vs in facts]
    assert values.count(1_800_000.0) == 1


def test_close_figures_of_different_events_stay_apart(annotator: Any) -> None:
    used = "Украина использовала 1,8 млн доз вакцины."
    facts = _facts(annotator, used, RECEIVES)
    assert not any(len(vs) > 1 for _, vs in facts)
