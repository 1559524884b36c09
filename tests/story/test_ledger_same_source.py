"""One outlet's two figures on one day are a discrepancy, not an update
(`story/ledger_status.status_of`). Read off covid-ukraine-vaccine-supply (spent): the
aggregator fromtheweb.eu reposts one outlet's "получит 1,9 миллиона доз" and another's
"подписала контракт на поставку 1,8 млн доз" on one day. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

SIGNED = (
    "По данным Офиса президента, в конце декабря Украина подписала контракт на поставку 1,8 млн доз "
    "вакцины против коронавируса производства китайской компании Sinovac Biotech."
)
RECEIVES = "Украина получит 1,9 миллиона доз китайской вакцины."
SOURCE = "www.fromtheweb.eu"


def _statuses(annotator: Any, *dated: tuple[str, str]) -> list[tuple[str, list[float | None]]]:
    articles = []
    for n, (text, published) in enumerate(dated):
        article = Article(
            id=f"a{n}", text=text, source=SOURCE, published=published, published_precision="day", lang="ru"
        )
        article.annotation = annotator.annotate_many([article])[0]
        articles.append(article)
    story = Story("s", "", [a.id for a in articles], [], first_published=dated[0][1])
    built = build_story(story, articles, link_entities(articles)).story
    return [(f.status, [v.value for v in f.values]) for f in built.facts]


def test_one_sources_two_figures_on_one_day_conflict(annotator: Any) -> None:
    facts = _statuses(annotator, (RECEIVES, "2021-02-01"), (SIGNED, "2021-02-01"))
    assert ("conflicting", [1_900_000.0, 1_800_000.0]) in facts


def test_one_sources_figure_of_a_later_day_updates(annotator: Any) -> None:
    facts = _statuses(annotator, (RECEIVES, "2021-01-20"), (SIGNED, "2021-02-01"))
    assert ("updated", [1_900_000.0, 1_800_000.0]) in facts
