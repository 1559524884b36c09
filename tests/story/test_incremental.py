"""Incremental story intelligence equals a rebuild, whatever the order articles arrive in.

Articles are added one at a time, as a feed delivers them: the kept state is
extended when the article comes last in reading order, and rebuilt when it
does not (or when it changes an earlier article's furniture). After every
arrival the whole story output (title, summary, entities, timeline, ledger,
quotes, every article's novelty as the store would hold it) must equal
`build_story` over the articles that have arrived. Run on the five seeds and
on 24 articles of one bsnlp-ru topic, in fixed shuffles and hypothesis
permutations.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.story import build_story
from storyline.story.state import StoryResult, StoryState

from .seedkit import link_entities, load_seeds

BSNLP_TOPIC = "asia_bibi"
BSNLP_ARTICLES = 24
SHUFFLES = 4


def _story(articles: Sequence[Article]) -> Story:
    return Story(
        id="s-1", title="", article_ids=[a.id for a in articles], thread_ids=[], first_published=None
    )


def _view(result: StoryResult, novelty: dict[str, list[SentenceNovelty]]) -> dict[str, Any]:
    s = result.story
    return {
        "title": s.title,
        "summary": s.summary,
        "summary_sentences": result.summary_sentences,
        "entity_ids": s.entity_ids,
        "timeline": s.timeline,
        "facts": s.facts,
        "quotes": s.quotes,
        "novelty": novelty,
    }


def _replay(order: Sequence[Article], entities: dict[str, Entity]) -> tuple[int, int]:
    """Add `order` one article at a time; compare with a rebuild after each; (extended, rebuilt)."""
    fresh = [copy.deepcopy(a) for a in order]  # sentence features are derived per state
    state: StoryState | None = None
    stored: dict[str, list[SentenceNovelty]] = {}  # novelty as the store holds it
    extended = rebuilt = 0
    for n in range(1, len(fresh) + 1):
        arrived = fresh[:n]
        if state is not None and state.extend([arrived[-1]]):
            extended += 1
        else:
            state = StoryState.rebuild("s-1", arrived)
            stored = {}
            rebuilt += 1
        result = state.result(_story(arrived), entities)
        stored.update(result.novelty)
        expected = build_story(_story(arrived), [copy.deepcopy(a) for a in arrived], entities)
        assert _view(result, stored) == _view(expected, expected.novelty), f"after {n} arrivals"
    return extended, rebuilt


def _shuffles(articles: Sequence[Article], seed: int) -> list[list[Article]]:
    by_seq = sorted(articles, key=lambda a: a.seq or 0)
    orders = [by_seq, list(reversed(by_seq))]
    rng = random.Random(seed)
    for _ in range(SHUFFLES - 2):
        order = list(by_seq)
        rng.shuffle(order)
        orders.append(order)
    return orders


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, annotator: Any) -> tuple[list[Article], dict[str, Entity]]:
    _, articles, entities = load_seeds(seeds_dir, annotator)
    return articles, entities


@pytest.fixture(scope="module")
def bsnlp(corpora: Path, annotator: Any) -> tuple[list[Article], dict[str, Entity]]:
    rows = [json.loads(line) for line in (corpora / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8")]
    rows = sorted((r for r in rows if r["id"].startswith(f"bsnlp-{BSNLP_TOPIC}-")), key=lambda r: r["id"])
    articles = [
        Article(
            id=r["id"],
            text=r["text"],
            title=r.get("title") or "",
            source=r.get("source"),
            published=r.get("published"),
            lang="ru",
            seq=i,
        )
        for i, r in enumerate(rows[:BSNLP_ARTICLES])
    ]
    for article, ann in zip(articles, annotator.annotate_many(articles), strict=True):
        article.annotation = ann
    return articles, link_entities(articles)


def test_seeds_in_several_orders(seeds: tuple[list[Article], dict[str, Entity]]) -> None:
    articles, entities = seeds
    for order in _shuffles(articles, seed=1):
        _replay(order, entities)


def test_in_reading_order_nothing_is_rebuilt(seeds: tuple[list[Article], dict[str, Entity]]) -> None:
    from storyline.story import reading_order

    articles, entities = seeds
    extended, rebuilt = _replay(reading_order(articles), entities)
    assert (extended, rebuilt) == (len(articles) - 1, 1)


def test_a_bsnlp_story_in_several_orders(bsnlp: tuple[list[Article], dict[str, Entity]]) -> None:
    articles, entities = bsnlp
    assert len(articles) == BSNLP_ARTICLES
    folded = 0
    for order in _shuffles(articles, seed=2):
        extended, _ = _replay(order, entities)
        folded += extended
    assert folded > 0  # the incremental path was taken, not only rebuilds


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_bsnlp_permutations(bsnlp: tuple[list[Article], dict[str, Entity]], data: st.DataObject) -> None:
    articles, entities = bsnlp
    order = data.draw(st.permutations(articles[:12]))
    _replay(order, entities)


def test_an_article_that_makes_earlier_text_furniture_is_refused_and_rebuilt() -> None:
    """A footer with one furniture cue (a service word) is story text in one article and
    furniture once a second article of the same source repeats it: the earlier article's
    sentence changes kind, so the state cannot simply be extended."""
    from .handmade import doc

    footer = "Мы публикуем новости в Telegram каждый день."
    verbs = ["обратился", "публикуем", "собрались"]
    a = doc(
        "a",
        ["Токаев 5 января обратился к членам ОДКБ.", footer],
        published="2022-01-06",
        seq=0,
        verbs=verbs,
        source="x.ru",
    )
    b = doc(
        "b",
        ["Депутаты 7 января собрались на заседание.", footer],
        published="2022-01-07",
        seq=1,
        verbs=verbs,
        source="x.ru",
    )
    state = StoryState.rebuild("s-1", [copy.deepcopy(a)])
    assert [s.kind for s in state.infos["a"]] == ["text", "text"]
    assert not state.extend([copy.deepcopy(b)])
    assert [s.kind for s in state.infos["a"]] == ["text", "text"]  # refused: nothing changed
    rebuilt = StoryState.rebuild("s-1", [copy.deepcopy(a), copy.deepcopy(b)])
    assert [s.kind for s in rebuilt.infos["a"]] == ["text", "furniture"]
    _replay([a, b], {})


def test_an_article_before_the_last_one_is_refused() -> None:
    from .handmade import doc

    a = doc(
        "a", ["Токаев 5 января обратился к членам ОДКБ."], published="2022-01-06", seq=0, verbs=["обратился"]
    )
    b = doc(
        "b", ["Депутаты 7 января собрались на заседание."], published="2022-01-07", seq=1, verbs=["собрались"]
    )
    state = StoryState.rebuild("s-1", [b])
    assert not state.extend([a])
    assert StoryState.rebuild("s-1", [a]).extend([b])
