"""The parts a process is done in are no figure of the ledger: covid-mass-vaccination-
russia (tuned on) told a vaccine's two doses ("вводится в два этапа") and a region's
campaign ("пройдет в три этапа") as one `conflicting` figure. Real annotator, real text
(bsnlp-ru covid-19), and a count of stages that is a tally stays one."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

DOSES = "Вакцинация проводится в два этапа, с промежутком в 21 день."
CAMPAIGN = "Массовая вакцинация в регионе пройдет в три этапа."
TALLY = "Строители завершили уже три этапа работ."


def _facts(annotator: Any, *texts: str) -> list[tuple[str, str, list[float | None]]]:
    articles = []
    for n, text in enumerate(texts):
        article = Article(
            id=f"a{n}", text=text, published="2021-02-01", published_precision="day", lang="ru", seq=n
        )
        article.annotation = annotator.annotate_many([article])[0]
        articles.append(article)
    story = Story("s", "", [a.id for a in articles], [], first_published="2021-02-01")
    built = build_story(story, articles, link_entities(articles)).story
    return [(f.measure, f.status, [v.value for v in f.values]) for f in built.facts]


def test_stages_a_process_is_done_in_are_no_figure(annotator: Any) -> None:
    assert not [f for f in _facts(annotator, DOSES, CAMPAIGN) if "этап" in f[0]]


def test_stages_counted_as_done_stay_a_figure(annotator: Any) -> None:
    assert [f[2] for f in _facts(annotator, TALLY) if "этап" in f[0]] == [[3.0]]
